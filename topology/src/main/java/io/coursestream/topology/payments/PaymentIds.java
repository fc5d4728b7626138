package io.coursestream.topology.payments;

import java.time.Instant;
import java.util.UUID;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.topology.streams.DerivedIds;

/**
 * Every id the payment topology gives out, derived from its inputs and never drawn at random or from the clock, so a
 * replayed input yields the same ids (and the same events), and consumers, the job scheduler and the providers
 * recognise it as a repeat.
 */
public final class PaymentIds {

    /** Producer of every event the payment topology writes. */
    public static final String PRODUCER = "stream-processor";

    private PaymentIds() {
    }

    /** The ProcessPayment job of a transaction: a name-based UUID of {@code process-payment:<transactionId>}. */
    public static String processPaymentJobId(String transactionId) {
        return nameUuid("process-payment:" + transactionId);
    }

    /**
     * The provider idempotency key of a transaction's charge, {@code payment-<transactionId>}: the same on every
     * attempt of its one job, so a retry never charges twice.
     */
    public static String idempotencyKey(String transactionId) {
        return "payment-" + transactionId;
    }

    /** The buyer's notice of a final failure, {@code payment-failed:<transactionId>}: its notification id. */
    public static String failureNotificationId(String transactionId) {
        return "payment-failed:" + transactionId;
    }

    /** The dedupe key of the admin alert of a transaction's final failure, {@code payment-failed:<transactionId>}. */
    public static String failureAlertDedupeKey(String transactionId) {
        return "payment-failed:" + transactionId;
    }

    /**
     * The dedupe key of the admin alert of money captured for a transaction that had already failed,
     * {@code payment-captured-after-failure:<transactionId>}: its own key, so the failure's alert cannot suppress it.
     */
    public static String capturedAfterFailureDedupeKey(String transactionId) {
        return "payment-captured-after-failure:" + transactionId;
    }

    /** The document of the invoice of a transaction, {@code INV:<transactionId>}: what remembers its number. */
    public static String invoiceDocumentId(String transactionId) {
        return "INV:" + transactionId;
    }

    /** The document of the credit note of a refund, {@code CN:<transactionId>:<refundId>}. */
    public static String creditNoteDocumentId(String transactionId, String refundId) {
        return "CN:" + transactionId + ":" + refundId;
    }

    /** The GenerateInvoice job of a document number: a name-based UUID of {@code generate-invoice:<number>}. */
    public static String generateInvoiceJobId(String invoiceNumber) {
        return nameUuid("generate-invoice:" + invoiceNumber);
    }

    /** The id of the event of {@code kind} about {@code subject}, for example ("payment-succeeded", transactionId). */
    public static UUID eventId(String kind, String subject) {
        return DerivedIds.eventId(kind, subject);
    }

    /** Metadata of an event the topology writes, its id from {@link #eventId}. */
    static EventMetadata metadata(String kind, String subject, Instant occurredAt, String correlationId,
            String causationId) {
        return DerivedIds.metadata(kind, subject, occurredAt, correlationId, causationId, PRODUCER);
    }

    private static String nameUuid(String name) {
        return DerivedIds.nameUuid(name);
    }
}
