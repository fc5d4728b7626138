package io.coursestream.workers.payments;

/**
 * One payment as a provider charges it: validated, provider-neutral.
 *
 * @param transactionId          the payment transaction's id
 * @param userId                 the paying user
 * @param courseId               the course bought, or null
 * @param amountMinor            positive, in minor units of {@code currency}
 * @param currency               ISO 4217, upper case
 * @param description            shown to the buyer (statement, receipt, checkout page)
 * @param idempotencyKey         the same on every attempt of the payment
 * @param paymentMethodReference the provider's token of the payment method (Stripe {@code pm_...}), or null when
 *                               the provider collects it (Binance Pay)
 * @param returnUrl              where the provider returns the buyer after an action
 * @param buyerEmail             the buyer's e-mail address
 */
public record Payment(String transactionId, String userId, String courseId, long amountMinor, String currency,
        String description, String idempotencyKey, String paymentMethodReference, String returnUrl,
        String buyerEmail) {
}
