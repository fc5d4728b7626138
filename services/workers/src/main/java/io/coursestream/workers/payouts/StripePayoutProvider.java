package io.coursestream.workers.payouts;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;

/**
 * Executes STRIPE payouts as Stripe transfers (Connect) from the platform's balance to the affiliate's connected
 * account, with Stripe's Java SDK: {@code POST /v1/transfers} with the amount in minor units, the currency in lower
 * case, the destination account, the description, {@code transfer_group} = payoutId (to find a payout's transfers in
 * Stripe's dashboard and reports) and metadata payoutId, affiliateId and commissionCount. The request carries the
 * payout's idempotency key, the same on every attempt, so Stripe answers a repeated request with the transfer it
 * made the first time: a retry after a lost answer never pays twice. Failures are classified by
 * {@link StripePayoutErrors}.
 *
 * <p>Who retries: the job runtime, not the SDK. {@code coursestream.payouts.stripe.max-network-retries} defaults to
 * 0, so each attempt sends one request and any failure becomes a {@code JobFailed} that the scheduler retries by the
 * affiliates queue's policy (3 retries, exponential from 30 s) and dead-letters with an admin alert at the end. The
 * two together would multiply the requests of an outage (1 + SDK retries per attempt); the runtime's are visible in
 * {@code jobs.lifecycle} and the dead letter's error chain, and its backoff outlasts an outage that the SDK's
 * 0.5-5 s pauses do not, and the SDK's pause ignores the interrupt of the queue timeout. The key makes both equally
 * safe. (The JDK's HttpURLConnection under the SDK still re-sends a POST once by itself when the connection closes
 * without an answer; the same key makes that safe too.)
 */
@ApplicationScoped
public class StripePayoutProvider implements PayoutProvider {

    private static final Logger LOG = Logger.getLogger(StripePayoutProvider.class);

    private final Optional<StripeClient> client;

    @Inject
    StripePayoutProvider(PayoutsConfig config) {
        this(config.stripe());
    }

    StripePayoutProvider(PayoutsConfig.StripeSettings settings) {
        this.client = settings.apiKey().filter(key -> !key.isBlank()).map(key -> newClient(key, settings));
    }

    @Override
    public PaymentProvider provider() {
        return PaymentProvider.STRIPE;
    }

    @Override
    public String pay(Payout payout) {
        StripeClient stripe = client.orElseThrow(() -> new FatalJobException("payout " + payout.payoutId()
                + " cannot be paid: coursestream.payouts.stripe.api-key is not set"));
        TransferCreateParams params = TransferCreateParams.builder()
                .setAmount(payout.amountMinor())
                .setCurrency(payout.currency().toLowerCase(Locale.ROOT))
                .setDestination(payout.destinationAccount())
                .setDescription(payout.description())
                .setTransferGroup(payout.payoutId())
                .putMetadata("payoutId", payout.payoutId())
                .putMetadata("affiliateId", payout.affiliateId())
                .putMetadata("commissionCount", String.valueOf(payout.commissionCount()))
                .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(payout.idempotencyKey()).build();
        Transfer transfer;
        try {
            transfer = stripe.v1().transfers().create(params, options);
        } catch (StripeException e) {
            throw StripePayoutErrors.classify(e, payout);
        }
        LOG.infof("payout %s of affiliate %s: %d %s to %s paid by Stripe transfer %s", payout.payoutId(),
                payout.affiliateId(), payout.amountMinor(), payout.currency(), payout.destinationAccount(),
                transfer.getId());
        return transfer.getId();
    }

    private static StripeClient newClient(String apiKey, PayoutsConfig.StripeSettings settings) {
        URI base = settings.apiBase();
        if (!base.isAbsolute() || !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))) {
            throw new IllegalArgumentException("coursestream.payouts.stripe.api-base must be an absolute http(s) URL: "
                    + base);
        }
        String apiBase = base.toString().replaceAll("/+$", "");
        return StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setConnectTimeout(millis(settings.connectTimeout()))
                .setReadTimeout(millis(settings.readTimeout()))
                .setMaxNetworkRetries(settings.maxNetworkRetries())
                .build();
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
