package io.coursestream.workers.payouts;

import io.coursestream.schemas.payments.PaymentProvider;

/**
 * A payout executed.
 *
 * @param provider  who moved the money
 * @param reference the provider's reference (Stripe: {@code tr_...})
 */
public record PayoutResult(PaymentProvider provider, String reference) {
}
