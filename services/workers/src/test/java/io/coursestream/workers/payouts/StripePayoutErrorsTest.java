// Tier: unit (which Stripe SDK exceptions a payout retries and which it dead-letters, no server)
package io.coursestream.workers.payouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobErrors;
import io.coursestream.workers.ProviderUnavailableException;

class StripePayoutErrorsTest {

    private static final Payout PAYOUT = new Payout("payout-1", "affiliate-1", 12_550L, "EUR", "acct_1",
            "payout:payout-1", "payout", 3);

    @Test
    void shouldRetryWhenStripeWasNotReachedOrLostTheAnswer() {
        assertRetriable(new ApiConnectionException("IOException during API request to Stripe",
                new SocketTimeoutException("Read timed out")), null);
    }

    @Test
    void shouldRetryServerErrorsAndRateLimits() {
        assertRetriable(new ApiException("An unknown error occurred", "req_1", null, 500, null), 500);
        assertRetriable(new ApiException("Service unavailable", "req_1", null, 503, null), 503);
        assertRetriable(new RateLimitException("Request rate limit exceeded", null, "req_1", "rate_limit", 429, null),
                429);
    }

    @Test
    void shouldRetryAnInsufficientPlatformBalanceLater() {
        ProviderUnavailableException error = assertRetriable(new InvalidRequestException("You have insufficient funds",
                null, "req_1", "balance_insufficient", 400, null), 400);
        assertThat(error.code()).isEqualTo("balance_insufficient");
    }

    @Test
    void shouldRetryAConcurrentRequestWithTheSameKey() {
        assertRetriable(new IdempotencyException("There is currently another in-progress request using this key",
                "req_1", null, 409), 409);
    }

    @Test
    void shouldDeadLetterAnUnknownDestinationAndOtherInvalidRequests() {
        assertFatal(new InvalidRequestException("No such destination: 'acct_1'", "destination", "req_1",
                "resource_missing", 400, null));
        assertFatal(new InvalidRequestException("Invalid integer: x", "amount", "req_1", "parameter_invalid_integer",
                400, null));
        assertFatal(new InvalidRequestException("No such transfer", "id", "req_1", "resource_missing", 404, null));
    }

    @Test
    void shouldDeadLetterAKeyWithoutTheRightToTransfer() {
        assertFatal(new AuthenticationException("Invalid API Key provided: sk_test_****abcd", "req_1", null, 401));
        assertFatal(new PermissionException("The provided key does not have access to transfers", "req_1", null,
                403));
    }

    @Test
    void shouldDeadLetterAKeyReusedWithOtherParameters() {
        assertFatal(new IdempotencyException("Keys for idempotent requests can only be used with the same parameters",
                "req_1", null, 400));
    }

    @Test
    void shouldDeadLetterACardErrorAndOtherClientErrors() {
        assertFatal(new CardException("declined", "req_1", "card_declined", null, null, null, 402, null));
        assertFatal(new ApiException("Unprocessable", "req_1", null, 422, null));
    }

    @Test
    void shouldNameThePayoutAndTheCauseInTheMessage() {
        RuntimeException error = StripePayoutErrors.classify(new InvalidRequestException(
                "No such destination: 'acct_1'", "destination", "req_42", "resource_missing", 400, null), PAYOUT);

        assertThat(error).hasMessageStartingWith(
                "Stripe transfer of payout payout-1 (12550 EUR to acct_1) failed: HTTP 400 ")
                .hasMessageContaining("No such destination: 'acct_1'").hasMessageContaining("req_42");
    }

    private static ProviderUnavailableException assertRetriable(StripeException stripe, Integer status) {
        RuntimeException error = StripePayoutErrors.classify(stripe, PAYOUT);
        assertThat(error).isInstanceOf(ProviderUnavailableException.class).hasCause(stripe);
        assertThat(JobErrors.isRetriable(error)).isTrue();
        ProviderUnavailableException retriable = (ProviderUnavailableException) error;
        assertThat(retriable.httpStatus()).isEqualTo(status);
        return retriable;
    }

    private static void assertFatal(StripeException stripe) {
        RuntimeException error = StripePayoutErrors.classify(stripe, PAYOUT);
        assertThat(error).isInstanceOf(FatalJobException.class).hasCause(stripe);
        assertThat(JobErrors.isRetriable(error)).isFalse();
    }
}
