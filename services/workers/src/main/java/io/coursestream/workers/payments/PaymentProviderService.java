package io.coursestream.workers.payments;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.ProviderUnavailableException;

/**
 * Charges payments through one payment provider. Implementations ({@link StripeService}, {@link BinanceService}) are
 * CDI beans, one per {@link PaymentProvider}; {@link PaymentService} picks the one the job names.
 */
public interface PaymentProviderService {

    /** The provider this charges through. */
    PaymentProvider provider();

    /**
     * Submits {@code payment} once and returns the provider's answer: called again for the same payment (a retry after
     * a lost answer, also one an operator starts from the dead letters after the provider forgot the idempotency
     * key), it charges nothing more and answers with the payment made the first time.
     *
     * @return the provider's final answer, a decline or refused request included (FAILED)
     * @throws io.coursestream.workers.FatalJobException when no retry can get an answer (configuration, a key reused
     *                                                    for another payment)
     * @throws ProviderUnavailableException                   when a later attempt may get one (unreachable, timed out,
     *                                                    429, 5xx)
     */
    ProviderAnswer charge(Payment payment);
}
