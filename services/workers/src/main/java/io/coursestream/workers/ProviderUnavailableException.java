package io.coursestream.workers;

import io.coursestream.schemas.payments.PaymentProvider;

/**
 * A payment provider gave no final answer this time but may on a later attempt (unreachable, timed out, rate
 * limited, 5xx, a platform balance too low for a payout): retriable, so the job runtime tries again, with the same
 * idempotency key, and the job publishes nothing for this attempt.
 */
public class ProviderUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final PaymentProvider provider;
    private final String code;
    private final Integer httpStatus;

    public ProviderUnavailableException(PaymentProvider provider, String code, Integer httpStatus, String message,
            Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public PaymentProvider provider() {
        return provider;
    }

    /** The provider's error code ({@code rate_limit}, {@code balance_insufficient}, a Binance Pay code), or null. */
    public String code() {
        return code;
    }

    /** The HTTP status the provider answered, or null when it did not answer. */
    public Integer httpStatus() {
        return httpStatus;
    }
}
