package io.coursestream.workers.payments;

import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobEventMetadata;
import io.coursestream.workers.MoneyChecks;
import io.coursestream.workers.ProviderUnavailableException;

/**
 * Processes a payment: checks the {@link ProcessPayment} payload (a positive amount in an ISO 4217 currency, a known
 * provider, an idempotency key, a payment method where the provider needs one), submits it through the
 * {@link PaymentProviderService} of its provider ({@link StripeService}, {@link BinanceService}), and publishes the
 * provider's final answer as one {@link ProviderPaymentResult} on {@code payments.provider-results}: SUCCEEDED,
 * PROCESSING, REQUIRES_ACTION (with the page the buyer must open) or FAILED (a decline or refused request, with the
 * provider's code and message). A decline is an answer, not an error: the job succeeds. A payload that fails the checks
 * is fatal; a provider that gave no answer this time ({@link ProviderUnavailableException}) fails the attempt
 * retriably,
 * and nothing is published. The payment topology turns the answers, the providers' webhooks and the job's dead letter
 * into the transaction's state.
 */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);

    /** The producer named in every result's metadata, as on the workers' other events. */

    private final Map<PaymentProvider, PaymentProviderService> providers = new EnumMap<>(PaymentProvider.class);
    private final Consumer<ProviderPaymentResult> results;
    private final Clock clock;
    private final URI defaultReturnUrl;

    @Inject
    PaymentService(Instance<PaymentProviderService> providers, ProviderPaymentResults results, Clock clock,
            PaymentsConfig config) {
        this((Iterable<PaymentProviderService>) providers, results, clock, config.returnUrl());
    }

    PaymentService(Iterable<PaymentProviderService> providers, Consumer<ProviderPaymentResult> results, Clock clock,
            URI defaultReturnUrl) {
        for (PaymentProviderService provider : providers) {
            PaymentProviderService previous = this.providers.putIfAbsent(provider.provider(), provider);
            if (previous != null) {
                throw new IllegalStateException("two payment services for " + provider.provider() + ": "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        this.results = results;
        this.clock = clock;
        this.defaultReturnUrl = defaultReturnUrl;
    }

    /**
     * Submits the payment of {@code command} (whose payload is {@code payload}) and publishes the provider's answer.
     *
     * @return the result published
     * @throws FatalJobException         for an invalid payload or an unsupported provider, or when the provider
     *                                   service finds no retry can get an answer
     * @throws ProviderUnavailableException  when a later attempt may get an answer
     */
    public ProviderPaymentResult process(ProcessPayment payload, JobCommand command) {
        Payment payment = validated(payload, defaultReturnUrl);
        PaymentProviderService provider = providers.get(payload.getProvider());
        if (provider == null) {
            throw new FatalJobException("payment " + payment.transactionId() + " names an unsupported provider "
                    + payload.getProvider() + "; payments are charged through " + providers.keySet());
        }
        ProviderAnswer answer = provider.charge(payment);
        ProviderPaymentResult result = result(payload, command, answer);
        results.accept(result);
        LOG.infof("payment %s of user %s: %d %s through %s, attempt %d: %s %s%s", payment.transactionId(),
                payment.userId(), payment.amountMinor(), payment.currency(), payload.getProvider(),
                command.getAttempt(), answer.status(), answer.reference(),
                answer.failureCode() == null ? "" : " (" + answer.failureCode() + ")");
        return result;
    }

    private ProviderPaymentResult result(ProcessPayment payload, JobCommand command, ProviderAnswer answer) {
        return ProviderPaymentResult.newBuilder()
                .setMetadata(JobEventMetadata.causedBy(command, clock.instant()))
                .setTransactionId(payload.getTransactionId())
                .setUserId(payload.getUserId())
                .setProvider(payload.getProvider())
                .setProviderReference(answer.reference())
                .setStatus(answer.status())
                .setAmount(payload.getAmount())
                .setAttempt(command.getAttempt())
                .setNextActionUrl(answer.nextActionUrl())
                .setFailureCode(answer.failureCode())
                .setFailureMessage(answer.failureMessage())
                .build();
    }

    /** The payload as a {@link Payment}, or a {@link FatalJobException} naming what is wrong with it. */
    static Payment validated(ProcessPayment payload, URI defaultReturnUrl) {
        String transactionId = payload.getTransactionId();
        if (transactionId == null || transactionId.isBlank()) {
            throw new FatalJobException("a PROCESS_PAYMENT job needs a transactionId");
        }
        MoneyChecks.requirePositive(payload.getAmount(), "payment " + transactionId, "charged");
        long amount = payload.getAmount().getAmountMinor();
        String currency = payload.getAmount().getCurrency();
        PaymentProvider provider = payload.getProvider();
        if (provider == null || provider == PaymentProvider.UNKNOWN) {
            throw new FatalJobException("payment " + transactionId + " names no known provider (" + provider + ")");
        }
        String idempotencyKey = payload.getIdempotencyKey();
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new FatalJobException("payment " + transactionId
                    + " has no idempotency key: without one a retry could charge twice");
        }
        String paymentMethod = blankToNull(payload.getPaymentMethodReference());
        if (provider == PaymentProvider.STRIPE && paymentMethod == null) {
            throw new FatalJobException("payment " + transactionId
                    + " has no payment method reference: Stripe charges the pm_... that checkout collected");
        }
        String returnUrl = blankToNull(payload.getReturnUrl());
        if (returnUrl == null) {
            returnUrl = defaultReturnUrl.toString();
        } else if (!isHttpUrl(returnUrl)) {
            throw new FatalJobException("payment " + transactionId + " has a return URL that is not an absolute"
                    + " http(s) URL: " + returnUrl);
        }
        return new Payment(transactionId, payload.getUserId(), payload.getCourseId(), amount, currency,
                payload.getDescription(), idempotencyKey, paymentMethod, returnUrl, payload.getBuyer().getEmail());
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
