package io.coursestream.workers.payouts;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.schemas.payments.PaymentProvider;

/** Payout payloads and Stripe settings for the payout tests. */
final class PayoutFixtures {

    private PayoutFixtures() {
    }

    /** {@link io.coursestream.workers.stripe.StripeSettings} as a value. */
    record StripeSettings(Optional<String> apiKey, URI apiBase, Duration connectTimeout, Duration readTimeout,
            int maxNetworkRetries) implements io.coursestream.workers.stripe.StripeSettings {

        /** The shipped timeouts and no SDK retries, against {@code apiBase} with {@code apiKey}. */
        static StripeSettings of(String apiKey, String apiBase) {
            return new StripeSettings(Optional.ofNullable(apiKey), URI.create(apiBase), Duration.ofSeconds(10),
                    Duration.ofSeconds(30), 0);
        }
    }

    /** A 125.50 EUR STRIPE payout of three commissions to {@code destination}, with a new payout id and its key. */
    static ExecutePayout.Builder payout(String destination) {
        String payoutId = "payout-" + UUID.randomUUID();
        return ExecutePayout.newBuilder()
                .setPayoutId(payoutId)
                .setAffiliateId("affiliate-" + UUID.randomUUID())
                .setAmount(new Money(12_550L, "EUR"))
                .setCommissionIds(List.of("commission-1", "commission-2", "commission-3"))
                .setProvider(PaymentProvider.STRIPE)
                .setDestinationAccount(destination)
                .setIdempotencyKey("payout:" + payoutId)
                .setDescription("coursestream affiliate payout " + payoutId);
    }

    /** A connected account id that is new to every server. */
    static String newAccount() {
        return "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
