package io.coursestream.workers.payouts;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.ProviderUnavailableException;

/**
 * Executes payouts through one payment provider. Implementations are CDI beans, one per {@link PaymentProvider};
 * {@link PayoutService} picks the one the job names.
 */
public interface PayoutProvider {

    /** The provider this executes payouts for. */
    PaymentProvider provider();

    /**
     * Pays {@code payout} once: called again for the same payout (a retry after a lost answer, also one an operator
     * starts from the dead letters after the provider has forgotten the idempotency key), it pays nothing more and
     * returns the same reference.
     *
     * @return the provider's reference of the money movement (Stripe: the transfer id {@code tr_...})
     * @throws io.coursestream.workers.FatalJobException when no retry can succeed (refused by the provider)
     * @throws ProviderUnavailableException                    when a later attempt may succeed
     */
    String pay(Payout payout);
}
