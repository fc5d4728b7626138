// Test fixtures: payment inputs (checkout, worker answers, provider webhooks) for the payment topology's tests.
package io.coursestream.topology.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.payments.ProviderPaymentResult;

/** Payment inputs for topology tests; every event gets a fresh event id unless a test copies one. */
public final class PaymentFixtures {

    public static final String CURRENCY = "EUR";

    private PaymentFixtures() {
    }

    /** Checkout's request to charge {@code amountMinor} EUR through Stripe, at {@code at}. */
    public static PaymentInitiated initiated(String transactionId, long amountMinor, Instant at) {
        return PaymentInitiated.newBuilder(InputEvents.paymentInitiated(transactionId, at))
                .setUserId("user-" + transactionId.substring(0, 8))
                .setAmount(new Money(amountMinor, CURRENCY))
                .build();
    }

    public static PaymentRefunded refunded(String transactionId, String refundId, long amountMinor, Instant at) {
        return PaymentRefunded.newBuilder(InputEvents.paymentRefunded(transactionId, at))
                .setRefundId(refundId)
                .setUserId("user-" + transactionId.substring(0, 8))
                .setAmount(new Money(amountMinor, CURRENCY))
                .setProviderRefundReference("re_" + refundId.substring(0, 8))
                .build();
    }

    /** The worker's answer of {@code attempt}: {@code status}, the provider reference {@code pi_<transaction>}. */
    public static ProviderPaymentResult.Builder result(String transactionId, PaymentStatus status, int attempt,
            Instant at) {
        return ProviderPaymentResult.newBuilder()
                .setMetadata(metadata(at, "workers"))
                .setTransactionId(transactionId)
                .setUserId("user-" + transactionId.substring(0, 8))
                .setProvider(PaymentProvider.STRIPE)
                .setProviderReference(reference(transactionId))
                .setStatus(status)
                .setAmount(new Money(4_900L, CURRENCY))
                .setAttempt(attempt)
                .setNextActionUrl(status == PaymentStatus.REQUIRES_ACTION
                        ? "https://hooks.stripe.test/3ds/" + transactionId : null)
                .setFailureCode(status == PaymentStatus.FAILED ? "card_declined" : null)
                .setFailureMessage(status == PaymentStatus.FAILED ? "Your card was declined." : null);
    }

    /** A verified webhook the provider created at {@code createdAt} and the gateway received a second later. */
    public static PaymentWebhookReceived.Builder webhook(String transactionId, String providerEventId,
            PaymentStatus status, Instant createdAt) {
        return PaymentWebhookReceived.newBuilder()
                .setMetadata(metadata(createdAt.plusSeconds(1), "gateway"))
                .setProvider(PaymentProvider.STRIPE)
                .setProviderEventId(providerEventId)
                .setEventType(eventType(status))
                .setTransactionId(transactionId)
                .setProviderReference(reference(transactionId))
                .setStatus(status)
                .setAmount(new Money(4_900L, CURRENCY))
                .setRefundedAmount(null)
                .setFailureCode(status == PaymentStatus.FAILED ? "expired_card" : null)
                .setFailureMessage(status == PaymentStatus.FAILED ? "Your card has expired." : null)
                .setProviderCreatedAt(createdAt)
                .setReceivedAt(createdAt.plusSeconds(1))
                .setPayloadSha256("ab".repeat(32));
    }

    public static String reference(String transactionId) {
        return "pi_" + transactionId.replace("-", "").substring(0, 16);
    }

    /** A fresh event id, with the same event's replays keeping theirs. */
    private static EventMetadata metadata(Instant at, String producer) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(at)
                .setCorrelationId(UUID.nameUUIDFromBytes(producer.getBytes(StandardCharsets.UTF_8)).toString())
                .setCausationId(null)
                .setProducer(producer)
                .build();
    }

    private static String eventType(PaymentStatus status) {
        return switch (status) {
            case PROCESSING -> "payment_intent.processing";
            case REQUIRES_ACTION -> "payment_intent.requires_action";
            case SUCCEEDED -> "payment_intent.succeeded";
            case FAILED -> "payment_intent.payment_failed";
            case PARTIALLY_REFUNDED, REFUNDED -> "charge.refunded";
            default -> "payment_intent.created";
        };
    }
}
