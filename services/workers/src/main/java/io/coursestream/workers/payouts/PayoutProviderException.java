package io.coursestream.workers.payouts;

import io.coursestream.schemas.payments.PaymentProvider;

/**
 * A payout the provider did not execute this time but may on a later attempt (unreachable, 5xx, rate limited,
 * insufficient platform balance): retriable, so the job runtime tries again with the same idempotency key.
 */
public class PayoutProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final PaymentProvider provider;
    private final String code;
    private final Integer httpStatus;

    public PayoutProviderException(PaymentProvider provider, String code, Integer httpStatus, String message,
            Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public PaymentProvider provider() {
        return provider;
    }

    /** The provider's error code ({@code balance_insufficient}, {@code rate_limit}), or null. */
    public String code() {
        return code;
    }

    /** The HTTP status the provider answered, or null when it did not answer. */
    public Integer httpStatus() {
        return httpStatus;
    }
}
