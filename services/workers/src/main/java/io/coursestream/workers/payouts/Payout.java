package io.coursestream.workers.payouts;

/**
 * One payout as a provider executes it: validated, provider-neutral.
 *
 * @param payoutId           the payout's id (Stripe: the transfer group)
 * @param affiliateId        the affiliate paid
 * @param amountMinor        positive, in minor units of {@code currency}
 * @param currency           ISO 4217, upper case
 * @param destinationAccount the provider account paid (Stripe: {@code acct_...})
 * @param idempotencyKey     the same on every attempt of the payout
 * @param description        shown to the affiliate
 * @param commissionCount    how many commissions the payout pays
 */
public record Payout(String payoutId, String affiliateId, long amountMinor, String currency,
        String destinationAccount, String idempotencyKey, String description, int commissionCount) {
}
