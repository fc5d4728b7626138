package io.coursestream.workers.payments;

import java.util.Objects;

import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.workers.ProviderUnavailableException;

/**
 * What a provider finally answered one attempt of a payment: the payment's state there, never a failure to reach it
 * (that is a {@link ProviderUnavailableException}).
 *
 * @param status         SUCCEEDED, PROCESSING, REQUIRES_ACTION or FAILED
 * @param reference      the provider's id of the payment (Stripe {@code pi_...}, Binance Pay prepayId), or null when
 *                       the provider refused before creating one
 * @param nextActionUrl  the page the buyer must open (3-D Secure, Binance Pay checkout), or null; only with
 *                       REQUIRES_ACTION
 * @param failureCode    the provider's code of a FAILED answer (Stripe decline code, Binance Pay code), else null
 * @param failureMessage the provider's message of a FAILED answer, else null
 */
public record ProviderAnswer(PaymentStatus status, String reference, String nextActionUrl, String failureCode,
        String failureMessage) {

    public ProviderAnswer {
        Objects.requireNonNull(status, "status");
        if (nextActionUrl != null && status != PaymentStatus.REQUIRES_ACTION) {
            throw new IllegalArgumentException("a next action URL only comes with REQUIRES_ACTION, not " + status);
        }
        if ((failureCode != null || failureMessage != null) && status != PaymentStatus.FAILED) {
            throw new IllegalArgumentException("a failure code and message only come with FAILED, not " + status);
        }
    }

    static ProviderAnswer succeeded(String reference) {
        return new ProviderAnswer(PaymentStatus.SUCCEEDED, reference, null, null, null);
    }

    static ProviderAnswer processing(String reference) {
        return new ProviderAnswer(PaymentStatus.PROCESSING, reference, null, null, null);
    }

    static ProviderAnswer requiresAction(String reference, String nextActionUrl) {
        return new ProviderAnswer(PaymentStatus.REQUIRES_ACTION, reference, nextActionUrl, null, null);
    }

    static ProviderAnswer failed(String reference, String failureCode, String failureMessage) {
        return new ProviderAnswer(PaymentStatus.FAILED, reference, null, failureCode, failureMessage);
    }
}
