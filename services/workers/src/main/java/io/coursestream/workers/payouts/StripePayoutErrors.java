package io.coursestream.workers.payouts;

import java.util.Set;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.ProviderUnavailableException;
import io.coursestream.workers.stripe.StripeFailures;

/**
 * Which Stripe failures another attempt of a payout can fix, for both of an attempt's requests: the lookup of the
 * payout's earlier transfer and the create (see {@link StripePayoutProvider}). Every retry looks for the transfer an
 * earlier attempt made and carries the same idempotency key, so a retriable verdict never risks a second transfer.
 * <ul>
 *   <li>Retriable ({@link ProviderUnavailableException}): no answer ({@link ApiConnectionException}: refused, timed
 *       out,
 *       or the answer lost after Stripe acted, which the retry's replay then reports); 429
 *       ({@link RateLimitException}); 5xx and other {@code api_error}s; 409 (a concurrent request with the same key
 *       still running); {@code balance_insufficient} (the platform's balance is topped up later; until Stripe's key
 *       expires, 24 h, it may replay the stored refusal, so the job may end dead-lettered with its admin alert).</li>
 *   <li>Fatal ({@link FatalJobException}): the request itself is refused: {@code resource_missing} (no such
 *       destination account) and other 400/404 invalid requests, {@link CardException}; a key or account without the
 *       right to transfer ({@link AuthenticationException}, including {@code PermissionException}: configuration, for
 *       an operator to fix before retrying from the dead letters); the idempotency key used before with other
 *       parameters ({@link IdempotencyException} 400: the payout changed under the same key, which a retry cannot
 *       mend).</li>
 * </ul>
 */
final class StripePayoutErrors {

    /** Invalid-request codes that name a temporary state rather than a bad request. */
    private static final Set<String> RETRIABLE_CODES = Set.of("balance_insufficient", "rate_limit", "lock_timeout");

    private StripePayoutErrors() {
    }

    /** The exception the job runtime reports for {@code error}: retriable or {@link FatalJobException}. */
    static RuntimeException classify(StripeException error, Payout payout) {
        String message = describe(error, payout);
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
            // ApiException and whatever else Stripe may add: a 4xx is still a refusal of this request.
            retriable = status == null || status >= 500 || status == 408 || status == 409 || status == 429;
        }
        return retriable ? new ProviderUnavailableException(PaymentProvider.STRIPE, code, status, message, error)
                : new FatalJobException(message, error);
    }

    private static String describe(StripeException error, Payout payout) {
        return "Stripe transfer of payout " + payout.payoutId() + " (" + payout.amountMinor() + " "
                + payout.currency() + " to " + payout.destinationAccount() + ") failed: "
                + StripeFailures.describe(error);
    }
}
