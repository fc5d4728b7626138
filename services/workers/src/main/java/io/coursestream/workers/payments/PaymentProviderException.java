package io.coursestream.workers.payments;

import io.coursestream.schemas.payments.PaymentProvider;

/**
 * A payment the provider gave no final answer to this time but may on a later attempt (unreachable, timed out, 429,
 * 5xx): retriable, so the job runtime tries again with the same idempotency key, and nothing is published.
 */
public class PaymentProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final PaymentProvider provider;
    private final String code;
    private final Integer httpStatus;

    public PaymentProviderException(PaymentProvider provider, String code, Integer httpStatus, String message,
            Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public PaymentProvider provider() {
        return provider;
    }

    /** The provider's error code ({@code rate_limit}, a Binance Pay code), or null. */
    public String code() {
        return code;
    }

    /** The HTTP status the provider answered, or null when it did not answer. */
    public Integer httpStatus() {
        return httpStatus;
    }
}
