package io.coursestream.workers.payouts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeCollection;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.stripe.StripeClients;
import io.coursestream.workers.stripe.StripeSettings;

/**
 * Executes STRIPE payouts as Stripe transfers (Connect) from the platform's balance to the affiliate's connected
 * account, with Stripe's Java SDK: {@code POST /v1/transfers} with the amount in minor units, the currency in lower
 * case, the destination account, the description, {@code transfer_group} = payoutId (to find a payout's transfers in
 * Stripe's dashboard and reports, and here) and metadata payoutId, affiliateId and commissionCount.
 *
 * <p>Look before you pay. An attempt first lists the transfers of the payout's transfer group
 * ({@code GET /v1/transfers?transfer_group=<payoutId>}, {@value #LOOKUP_PAGE_SIZE} a page) and keeps those whose
 * metadata payoutId is the payout's. One with the payout's amount, currency and destination was made by an earlier
 * attempt: its id is returned and nothing is created. One with other terms means the payout was already paid
 * differently, which no retry can mend: a {@link FatalJobException} naming both. Only when there is none is the
 * transfer created. Why both the lookup and the idempotency key: Stripe forgets a key after 24 hours, and an
 * operator may retry a dead-lettered payout from the failed-job index days later (from attempt 1, same payload); if
 * an earlier attempt's transfer went through but its answer was lost, the key alone would then pay twice. The key,
 * the same on every attempt, still covers what the lookup cannot see: a request repeated before it was answered (the
 * JDK's re-sent POST below, an attempt the queue timeout abandoned while its request was in flight), which Stripe
 * answers within its 24 hours with the transfer it made the first time. The lookup's failures are classified as the
 * create's are, by {@link StripePayoutErrors}.
 *
 * <p>Who retries: the job runtime, not the SDK. {@code coursestream.payouts.stripe.max-network-retries} defaults to
 * 0, so each attempt sends each request once and any failure becomes a {@code JobFailed} that the scheduler retries
 * by the affiliates queue's policy (3 retries, exponential from 30 s) and dead-letters with an admin alert at the
 * end. The two together would multiply the requests of an outage (1 + SDK retries per attempt); the runtime's are
 * visible in {@code jobs.lifecycle} and the dead letter's error chain, and its backoff outlasts an outage that the
 * SDK's 0.5-5 s pauses do not, and the SDK's pause ignores the interrupt of the queue timeout. The key makes both
 * equally safe. (The JDK's HttpURLConnection under the SDK still re-sends a request once by itself when the
 * connection closes without an answer; the same key makes that safe for the POST too.)
 */
@ApplicationScoped
public class StripePayoutProvider implements PayoutProvider {

    private static final Logger LOG = Logger.getLogger(StripePayoutProvider.class);

    /** Transfers per lookup request: a payout's group normally holds its one transfer. */
    static final long LOOKUP_PAGE_SIZE = 10;

    private final Optional<StripeClient> client;

    @Inject
    StripePayoutProvider(PayoutsConfig config) {
        this(config.stripe());
    }

    StripePayoutProvider(StripeSettings settings) {
        this.client = StripeClients.of(settings, "coursestream.payouts.stripe");
    }

    @Override
    public PaymentProvider provider() {
        return PaymentProvider.STRIPE;
    }

    @Override
    public String pay(Payout payout) {
        StripeClient stripe = client.orElseThrow(() -> new FatalJobException("payout " + payout.payoutId()
                + " cannot be paid: coursestream.payouts.stripe.api-key is not set"));
        Optional<Transfer> earlier = earlierTransfer(stripe, payout);
        if (earlier.isPresent()) {
            LOG.infof("payout %s of affiliate %s: %d %s to %s already paid by Stripe transfer %s, found in its transfer"
                    + " group; no new transfer", payout.payoutId(), payout.affiliateId(), payout.amountMinor(),
                    payout.currency(), payout.destinationAccount(), earlier.get().getId());
            return earlier.get().getId();
        }
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

    /**
     * The transfer an earlier attempt made for {@code payout}: the oldest of its transfer group whose metadata
     * payoutId is the payout's, when all those have the payout's terms; empty when there is none.
     *
     * @throws FatalJobException when one of them has other terms
     */
    private static Optional<Transfer> earlierTransfer(StripeClient stripe, Payout payout) {
        List<Transfer> paid = new ArrayList<>();
        TransferListParams.Builder query = TransferListParams.builder()
                .setTransferGroup(payout.payoutId())
                .setLimit(LOOKUP_PAGE_SIZE);
        StripeCollection<Transfer> page;
        // Every page: a transfer someone else put in the group (by hand, in the dashboard) must not hide the payout's.
        do {
            try {
                page = stripe.v1().transfers().list(query.build());
            } catch (StripeException e) {
                throw StripePayoutErrors.classify(e, payout);
            }
            for (Transfer transfer : page.getData()) {
                Map<String, String> metadata = transfer.getMetadata();
                if (metadata != null && payout.payoutId().equals(metadata.get("payoutId"))) {
                    paid.add(transfer);
                }
            }
            if (!page.getData().isEmpty()) {
                query.setStartingAfter(page.getData().get(page.getData().size() - 1).getId());
            }
        } while (Boolean.TRUE.equals(page.getHasMore()) && !page.getData().isEmpty());
        for (Transfer transfer : paid) {
            if (!hasTermsOf(transfer, payout)) {
                throw new FatalJobException("payout " + payout.payoutId() + " of affiliate " + payout.affiliateId()
                        + " was already paid differently: Stripe transfer " + transfer.getId() + " moved "
                        + transfer.getAmount() + " " + transfer.getCurrency() + " to " + transfer.getDestination()
                        + ", the payout is " + payout.amountMinor() + " " + payout.currency() + " to "
                        + payout.destinationAccount() + "; no retry can mend that, settle it at Stripe and with the"
                        + " affiliate");
            }
        }
        if (paid.size() > 1) {
            LOG.warnf("payout %s was paid %d times before, by Stripe transfers %s (newest first); the oldest is its"
                    + " reference", payout.payoutId(), paid.size(), paid.stream().map(Transfer::getId).toList());
        }
        // Newest first: the last is the one the first attempt made.
        return paid.isEmpty() ? Optional.empty() : Optional.of(paid.get(paid.size() - 1));
    }

    private static boolean hasTermsOf(Transfer transfer, Payout payout) {
        return transfer.getAmount() != null && transfer.getAmount() == payout.amountMinor()
                && payout.currency().equalsIgnoreCase(transfer.getCurrency())
                && payout.destinationAccount().equals(transfer.getDestination());
    }


}
