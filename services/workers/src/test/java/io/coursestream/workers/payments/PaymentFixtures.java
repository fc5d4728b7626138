package io.coursestream.workers.payments;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.schemas.payments.PaymentProvider;

/** Payment payloads, commands and provider settings for the payment tests. */
final class PaymentFixtures {

    static final URI DEFAULT_RETURN_URL = URI.create("https://coursestream.example/checkout/complete");

    private PaymentFixtures() {
    }

    /** {@link io.coursestream.workers.stripe.StripeSettings} as a value. */
    record StripeSettings(Optional<String> apiKey, URI apiBase, Duration connectTimeout, Duration readTimeout,
            int maxNetworkRetries) implements io.coursestream.workers.stripe.StripeSettings {

        /** The shipped timeouts but a read timeout of {@code readTimeout}, no SDK retries. */
        static StripeSettings of(String apiKey, String apiBase, Duration readTimeout) {
            return new StripeSettings(Optional.ofNullable(apiKey), URI.create(apiBase), Duration.ofSeconds(10),
                    readTimeout, 0);
        }
    }

    /** {@link PaymentsConfig.BinanceSettings} as a value. */
    record BinanceSettings(Optional<String> apiKey, Optional<String> secretKey, URI apiBase,
            Duration connectTimeout, Duration readTimeout, String terminalType, Optional<URI> webhookUrl)
            implements PaymentsConfig.BinanceSettings {

        static BinanceSettings of(String apiKey, String secretKey, String apiBase, Duration readTimeout) {
            return new BinanceSettings(Optional.ofNullable(apiKey), Optional.ofNullable(secretKey),
                    URI.create(apiBase), Duration.ofSeconds(10), readTimeout, "WEB",
                    Optional.of(URI.create("https://coursestream.example/webhooks/binance-pay")));
        }
    }

    /**
     * A 125.50 EUR payment for a course through {@code provider}, with a new transaction id and its key; for STRIPE
     * charged to {@code paymentMethod}.
     */
    static ProcessPayment.Builder payment(PaymentProvider provider, String paymentMethod) {
        String transactionId = UUID.randomUUID().toString();
        return ProcessPayment.newBuilder()
                .setTransactionId(transactionId)
                .setUserId("user-" + UUID.randomUUID())
                .setCourseId("course-" + UUID.randomUUID())
                .setAmount(new Money(12_550L, "EUR"))
                .setProvider(provider)
                .setBuyer(BuyerDetails.newBuilder()
                        .setName("Ada Lovelace")
                        .setEmail("ada@example.com")
                        .setCountry("DE")
                        .setLocale("de-DE")
                        .build())
                .setDescription("Kafka Streams in Practice")
                .setIdempotencyKey("payment-" + transactionId)
                .setPaymentMethodReference(paymentMethod)
                .setReturnUrl("https://coursestream.example/checkout/" + transactionId);
    }

    /** The validated payment of {@code payload}. */
    static Payment validated(ProcessPayment payload) {
        return PaymentService.validated(payload, DEFAULT_RETURN_URL);
    }

    /** Attempt {@code attempt} of the PROCESS_PAYMENT job of {@code payload}. */
    static JobCommand command(ProcessPayment payload, int attempt) {
        Instant now = Instant.now();
        return JobCommand.newBuilder()
                .setJobId(UUID.nameUUIDFromBytes(("payment:" + payload.getTransactionId()).getBytes()).toString())
                .setType(JobType.PROCESS_PAYMENT)
                .setQueue(JobQueue.PAYMENTS)
                .setAttempt(attempt)
                .setMaxAttempts(4)
                .setUniqueKey(payload.getTransactionId())
                .setCorrelationId("checkout-" + payload.getTransactionId())
                .setCausationId("payment-initiated-" + payload.getTransactionId())
                .setEnqueuedAt(now)
                .setFirstEnqueuedAt(now)
                .setPayload(payload)
                .build();
    }
}
