package io.coursestream.workers.payments;

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
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeSearchResult;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.stripe.StripeClients;
import io.coursestream.workers.stripe.StripeSettings;

/**
 * Charges STRIPE payments as PaymentIntents, with Stripe's Java SDK: {@code POST /v1/payment_intents} with the amount
 * in minor units, the currency in lower case, the customer-facing description, metadata transactionId, userId and
 * courseId, {@code payment_method} = the payload's payment method reference, {@code confirm=true} and
 * {@code return_url}, under the payload's idempotency key (the same on every attempt). Stripe's answer maps to the
 * payment's: {@code succeeded} SUCCEEDED; {@code processing} (and {@code requires_capture}, authorised) PROCESSING;
 * {@code requires_action} REQUIRES_ACTION with {@code next_action.redirect_to_url.url} (the 3-D Secure page; the
 * return URL makes Stripe answer with a redirect); a 402 card error FAILED with its {@code decline_code} and the
 * PaymentIntent it left behind ({@code requires_payment_method}); a refused create FAILED with Stripe's code.
 *
 * <p>Look before you charge. An attempt first searches the PaymentIntents with the transaction's metadata
 * ({@code GET /v1/payment_intents/search?query=metadata['transactionId']:'<id>'}, {@value #SEARCH_PAGE_SIZE} a page,
 * every page). One with the payment's amount and currency was made by an earlier attempt: its state is the answer and
 * nothing is created. One with other terms means the transaction was already charged differently, which no retry can
 * mend: a {@link FatalJobException} naming both. Only when there is none is the PaymentIntent created. Why both the
 * search and the idempotency key: Stripe forgets a key after 24 hours, and an operator may retry a dead-lettered
 * payment days later (attempt 1 again, same payload); if an earlier attempt's PaymentIntent went through but its
 * answer was lost, the key alone would then charge twice. Stripe's search can lag writes by up to a minute, which the
 * key covers: within its 24 hours a repeated create is answered with the PaymentIntent made the first time (a decline
 * too: Stripe stores the 402 of a request that began executing).
 *
 * <p>Who retries: the job runtime (the payments queue: 3 retries, exponential from 10 s), not the SDK
 * ({@code coursestream.payments.stripe.max-network-retries} defaults to 0), as for payouts
 * ({@link io.coursestream.workers.payouts.StripePayoutProvider}).
 */
@ApplicationScoped
public class StripeService implements PaymentProviderService {

    private static final Logger LOG = Logger.getLogger(StripeService.class);

    /** PaymentIntents per search page: a transaction normally has its one. */
    static final long SEARCH_PAGE_SIZE = 10;

    private final Optional<StripeClient> client;

    @Inject
    StripeService(PaymentsConfig config) {
        this(config.stripe());
    }

    StripeService(StripeSettings settings) {
        this.client = StripeClients.of(settings, "coursestream.payments.stripe");
    }

    @Override
    public PaymentProvider provider() {
        return PaymentProvider.STRIPE;
    }

    @Override
    public ProviderAnswer charge(Payment payment) {
        StripeClient stripe = client.orElseThrow(() -> new FatalJobException("payment " + payment.transactionId()
                + " cannot be charged: coursestream.payments.stripe.api-key is not set"));
        Optional<PaymentIntent> earlier = earlierPaymentIntent(stripe, payment);
        if (earlier.isPresent()) {
            LOG.infof("payment %s: PaymentIntent %s (%s) made by an earlier attempt, found by its transactionId;"
                    + " nothing created", payment.transactionId(), earlier.get().getId(), earlier.get().getStatus());
            return answerOf(earlier.get(), payment);
        }
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(payment.amountMinor())
                .setCurrency(payment.currency().toLowerCase(Locale.ROOT))
                .setDescription(payment.description())
                .setPaymentMethod(payment.paymentMethodReference())
                .setConfirm(true)
                .setReturnUrl(payment.returnUrl())
                .putMetadata("transactionId", payment.transactionId())
                .putMetadata("userId", payment.userId());
        if (payment.courseId() != null) {
            params.putMetadata("courseId", payment.courseId());
        }
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(payment.idempotencyKey()).build();
        try {
            return answerOf(stripe.v1().paymentIntents().create(params.build(), options), payment);
        } catch (StripeException e) {
            if (StripePaymentErrors.isAnswer(e)) {
                return StripePaymentErrors.answer(e);
            }
            throw StripePaymentErrors.classify(e, payment, "PaymentIntent");
        }
    }

    /** The payment's state as {@code intent} shows it. */
    static ProviderAnswer answerOf(PaymentIntent intent, Payment payment) {
        String id = intent.getId();
        switch (intent.getStatus()) {
            case "succeeded":
                return ProviderAnswer.succeeded(id);
            case "processing":
            case "requires_capture":
                return ProviderAnswer.processing(id);
            case "requires_action":
                PaymentIntent.NextAction next = intent.getNextAction();
                String url = next != null && next.getRedirectToUrl() != null ? next.getRedirectToUrl().getUrl() : null;
                if (url == null) {
                    LOG.warnf("payment %s: PaymentIntent %s requires a %s action, which has no URL to send the buyer"
                            + " to", payment.transactionId(), id, next == null ? null : next.getType());
                }
                return ProviderAnswer.requiresAction(id, url);
            case "requires_payment_method":
                if (intent.getLastPaymentError() != null) {
                    var error = intent.getLastPaymentError();
                    String code = error.getDeclineCode() != null ? error.getDeclineCode() : error.getCode();
                    return ProviderAnswer.failed(id, code == null ? "requires_payment_method" : code,
                            error.getMessage());
                }
                return ProviderAnswer.failed(id, "requires_payment_method",
                        "The PaymentIntent has no usable payment method");
            case "canceled":
                return ProviderAnswer.failed(id, "canceled", "The PaymentIntent was canceled"
                        + (intent.getCancellationReason() == null ? "" : ": " + intent.getCancellationReason()));
            default:
                throw new FatalJobException("payment " + payment.transactionId() + ": PaymentIntent " + id
                        + " is " + intent.getStatus() + ", which this worker never leaves a PaymentIntent in;"
                        + " settle it in Stripe's dashboard");
        }
    }

    /**
     * The PaymentIntent an earlier attempt made for {@code payment}: the oldest with its transactionId, when all those
     * have the payment's terms; empty when there is none.
     *
     * @throws FatalJobException when one of them has other terms
     */
    private static Optional<PaymentIntent> earlierPaymentIntent(StripeClient stripe, Payment payment) {
        List<PaymentIntent> made = new ArrayList<>();
        PaymentIntentSearchParams.Builder query = PaymentIntentSearchParams.builder()
                .setQuery("metadata['transactionId']:'" + quoted(payment.transactionId()) + "'")
                .setLimit(SEARCH_PAGE_SIZE);
        StripeSearchResult<PaymentIntent> page;
        do {
            try {
                page = stripe.v1().paymentIntents().search(query.build());
            } catch (StripeException e) {
                throw StripePaymentErrors.classify(e, payment, "PaymentIntent search");
            }
            for (PaymentIntent intent : page.getData()) {
                Map<String, String> metadata = intent.getMetadata();
                if (metadata != null && payment.transactionId().equals(metadata.get("transactionId"))) {
                    made.add(intent);
                }
            }
            query.setPage(page.getNextPage());
        } while (Boolean.TRUE.equals(page.getHasMore()) && page.getNextPage() != null);
        for (PaymentIntent intent : made) {
            if (intent.getAmount() == null || intent.getAmount() != payment.amountMinor()
                    || !payment.currency().equalsIgnoreCase(intent.getCurrency())) {
                throw new FatalJobException("payment " + payment.transactionId() + " was already charged"
                        + " differently: Stripe PaymentIntent " + intent.getId() + " is for " + intent.getAmount() + " "
                        + intent.getCurrency() + ", the payment is " + payment.amountMinor() + " "
                        + payment.currency() + "; no retry can mend that, settle it at Stripe and with the buyer");
            }
        }
        if (made.size() > 1) {
            LOG.warnf("payment %s has %d PaymentIntents %s; the oldest is its reference", payment.transactionId(),
                    made.size(), made.stream().map(PaymentIntent::getId).toList());
        }
        // Newest first: the last is the one the first attempt made.
        return made.isEmpty() ? Optional.empty() : Optional.of(made.get(made.size() - 1));
    }

    /** A value inside a search query's single quotes: Stripe escapes quotes with a backslash. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }


}
