package io.coursestream.workers.payments;

import java.util.Set;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.ProviderUnavailableException;
import io.coursestream.workers.stripe.StripeFailures;

/**
 * What a Stripe failure means for a payment, for both of an attempt's requests (the search for the transaction's
 * earlier PaymentIntent and the create, see {@link StripeService}):
 * <ul>
 *   <li>An answer (FAILED, published, the job succeeds): a {@link CardException} (402: declined, with Stripe's
 *       {@code decline_code}, and the PaymentIntent it left behind as reference), and an invalid request of the create
 *       (400/404 {@code invalid_request_error}: no such payment method, an amount below Stripe's minimum).</li>
 *   <li>Retriable ({@link ProviderUnavailableException}): no answer ({@link ApiConnectionException}: refused, timed
 *       out,
 *       or the answer lost after Stripe acted, which the retry's search or key replay then finds); 429
 *       ({@link RateLimitException}); 5xx and other {@code api_error}s; 409 (a concurrent request with the same
 *       key still running); {@code lock_timeout}.</li>
 *   <li>Fatal ({@link FatalJobException}): a key without the right to charge ({@link AuthenticationException},
 *       including {@code PermissionException}: configuration, for an operator to fix before retrying from the dead
 *       letters); the idempotency key used before with other parameters ({@link IdempotencyException} 400: the
 *       payment changed under the same key); a refused search (this code's query, not the buyer's payment).</li>
 * </ul>
 */
final class StripePaymentErrors {

    /** Invalid-request codes that name a temporary state rather than a bad request. */
    private static final Set<String> RETRIABLE_CODES = Set.of("rate_limit", "lock_timeout");

    private StripePaymentErrors() {
    }

    /** Whether Stripe answered: a decline or a refused create is the payment's final answer. */
    static boolean isAnswer(StripeException error) {
        if (error instanceof CardException) {
            return true;
        }
        Integer status = StripeFailures.status(error);
        return error instanceof InvalidRequestException && !RETRIABLE_CODES.contains(error.getCode())
                && status != null && (status == 400 || status == 404);
    }

    /** The FAILED answer of a decline or refused create ({@link #isAnswer}). */
    static ProviderAnswer answer(StripeException error) {
        PaymentIntent left = error.getStripeError() == null ? null : error.getStripeError().getPaymentIntent();
        String code = error instanceof CardException card && card.getDeclineCode() != null ? card.getDeclineCode()
                : error.getCode();
        String message = error.getStripeError() != null && error.getStripeError().getMessage() != null
                ? error.getStripeError().getMessage() : error.getMessage();
        return ProviderAnswer.failed(left == null ? null : left.getId(), code == null ? "invalid_request" : code,
                message);
    }

    /** The exception the job runtime reports for {@code error}, which is no answer: retriable or fatal. */
    static RuntimeException classify(StripeException error, Payment payment, String request) {
        String message = describe(error, payment, request);
        Integer status = StripeFailures.status(error);
        String code = error.getCode();
        boolean retriable;
        if (error instanceof ApiConnectionException || error instanceof RateLimitException) {
            retriable = true;
        } else if (error instanceof IdempotencyException) {
            retriable = status != null && status == 409;
        } else if (error instanceof AuthenticationException || error instanceof CardException) {
            retriable = false;
        } else if (error instanceof InvalidRequestException) {
            retriable = RETRIABLE_CODES.contains(code) || (status != null && (status == 409 || status == 429));
        } else {
            retriable = status == null || status >= 500 || status == 408 || status == 409 || status == 429;
        }
        return retriable ? new ProviderUnavailableException(PaymentProvider.STRIPE, code, status, message, error)
                : new FatalJobException(message, error);
    }

    /** The job's error message: which request of which payment failed, and Stripe's account of it. */
    private static String describe(StripeException error, Payment payment, String request) {
        return "Stripe " + request + " of payment " + payment.transactionId() + " (" + payment.amountMinor() + " "
                + payment.currency() + ") failed: " + StripeFailures.describe(error);
    }
}
