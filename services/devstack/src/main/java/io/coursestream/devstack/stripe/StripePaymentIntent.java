package io.coursestream.devstack.stripe;

import java.time.Instant;
import java.util.Map;

/**
 * A PaymentIntent the server created (Stripe's {@code payment_intent} object), as it stands now.
 *
 * @param id             {@code pi_...}
 * @param amount         minor units
 * @param currency       ISO 4217, lower case as Stripe keeps it
 * @param status         {@code succeeded}, {@code processing}, {@code requires_action},
 *                       {@code requires_payment_method} (declined), {@code requires_confirmation}
 * @param paymentMethod  the payment method ({@code pm_...}), or null
 * @param description    or null
 * @param metadata       the metadata as sent
 * @param returnUrl      the {@code return_url} of its confirmation, or null
 * @param declineCode    the decline code of its last failed confirmation, or null
 * @param created        when it was created (seconds, as Stripe reports)
 * @param idempotencyKey the key of the request that created it, or null
 */
public record StripePaymentIntent(String id, long amount, String currency, String status, String paymentMethod,
        String description, Map<String, String> metadata, String returnUrl, String declineCode, Instant created,
        String idempotencyKey) {

    public StripePaymentIntent {
        metadata = Map.copyOf(metadata);
    }
}
