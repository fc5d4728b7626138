package io.coursestream.topology.payments;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.admin.AlertKind;
import io.coursestream.schemas.admin.AlertSeverity;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.invoices.InvoiceNumberRequest;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.payments.PaymentFailed;
import io.coursestream.schemas.payments.PaymentProcessed;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.payments.Transaction;

/**
 * The events and messages the payment state machine writes, their ids from {@link PaymentIds}: the outcome of a
 * transaction ({@code payment-succeeded}, {@code payment-failed}) once per transaction, a non-final step once per
 * step, so a decision made again after a crash writes the same ids.
 */
final class PaymentEvents {

    /** {@code source} of the admin alerts the payment topology raises. */
    static final String ALERT_SOURCE = "payments-state-machine";

    private PaymentEvents() {
    }

    static PaymentProcessed processed(Transaction transaction, PaymentStep step) {
        return PaymentProcessed.newBuilder()
                .setMetadata(PaymentIds.metadata("payment-processed",
                        transaction.getTransactionId() + ":" + step.sourceId(), step.at(), step.correlationId(),
                        step.sourceId()))
                .setTransactionId(transaction.getTransactionId())
                .setUserId(transaction.getUserId())
                .setProvider(transaction.getProvider())
                .setProviderReference(reference(transaction))
                .setStatus(transaction.getStatus())
                .setAttempt(Math.max(1, transaction.getAttempts()))
                .setNextActionUrl(step.nextActionUrl())
                .build();
    }

    static PaymentSucceeded succeeded(Transaction transaction, PaymentStep step) {
        return PaymentSucceeded.newBuilder()
                .setMetadata(PaymentIds.metadata("payment-succeeded", transaction.getTransactionId(), step.at(),
                        step.correlationId(), step.sourceId()))
                .setTransactionId(transaction.getTransactionId())
                .setUserId(transaction.getUserId())
                .setCourseId(transaction.getCourseId())
                .setAmount(transaction.getAmount())
                .setProvider(transaction.getProvider())
                .setProviderReference(reference(transaction))
                .setBuyer(transaction.getBuyer())
                .setDescription(transaction.getDescription())
                .setSucceededAt(step.at())
                .build();
    }

    static PaymentFailed failed(Transaction transaction, PaymentStep step) {
        return PaymentFailed.newBuilder()
                .setMetadata(PaymentIds.metadata("payment-failed", transaction.getTransactionId(), step.at(),
                        step.correlationId(), step.sourceId()))
                .setTransactionId(transaction.getTransactionId())
                .setUserId(transaction.getUserId())
                .setAmount(transaction.getAmount())
                .setProvider(transaction.getProvider())
                .setProviderReference(transaction.getProviderReference())
                .setReason(transaction.getFailureReason())
                .setCode(transaction.getFailureCode())
                .setAttempt(Math.max(1, transaction.getAttempts()))
                .setRetriable(step.retriable())
                .setFinalFailure(true)
                .build();
    }

    /** The invoice of a succeeded transaction, numbered in the UTC year of its success. */
    static InvoiceNumberRequest invoice(Transaction transaction, PaymentStep step) {
        int year = yearOf(step.at());
        return InvoiceNumberRequest.newBuilder()
                .setKind(InvoiceKind.INVOICE)
                .setTransactionId(transaction.getTransactionId())
                .setRefundId(null)
                .setInvoiceYear(year)
                .setYear(year)
                .setReferencesInvoiceNumber(null)
                .setUserId(transaction.getUserId())
                .setBuyer(transaction.getBuyer())
                .setLineDescription(transaction.getDescription())
                .setGross(transaction.getAmount())
                .setProvider(transaction.getProvider())
                .setPaymentReference(reference(transaction))
                .setPaidAt(step.at())
                .setCorrelationId(step.correlationId())
                .setCausationId(step.sourceId())
                .build();
    }

    /** The credit note of an accepted refund, numbered in the UTC year of the refund; its amounts are negative. */
    static InvoiceNumberRequest creditNote(Transaction transaction, PaymentRefunded refunded, PaymentStep step) {
        Instant succeededAt = TransactionStateMachine.succeededAt(transaction);
        Money amount = refunded.getAmount();
        return InvoiceNumberRequest.newBuilder()
                .setKind(InvoiceKind.CREDIT_NOTE)
                .setTransactionId(transaction.getTransactionId())
                .setRefundId(refunded.getRefundId())
                .setInvoiceYear(yearOf(succeededAt))
                .setYear(yearOf(step.at()))
                .setReferencesInvoiceNumber(null)
                .setUserId(transaction.getUserId())
                .setBuyer(transaction.getBuyer())
                .setLineDescription(transaction.getDescription())
                .setGross(new Money(-amount.getAmountMinor(), amount.getCurrency()))
                .setProvider(transaction.getProvider())
                .setPaymentReference(refunded.getProviderRefundReference() != null
                        ? refunded.getProviderRefundReference() : reference(transaction))
                .setPaidAt(step.at())
                .setCorrelationId(step.correlationId())
                .setCausationId(step.sourceId())
                .build();
    }

    /**
     * The alert of a provider reporting money captured for a transaction that had already FAILED: the buyer was told
     * the payment failed, the provider holds their money. CRITICAL; an administrator refunds or reconciles it.
     */
    static AdminAlertRaised capturedAfterFailure(Transaction transaction, PaymentStep step) {
        String transactionId = transaction.getTransactionId();
        EventMetadata metadata = PaymentIds.metadata("payment-captured-after-failure-alert",
                transactionId + ":" + step.sourceId(), step.at(), step.correlationId(), step.sourceId());
        return AdminAlertRaised.newBuilder()
                .setMetadata(metadata)
                .setAlertId(metadata.getEventId().toString())
                .setKind(AlertKind.OTHER)
                .setSeverity(AlertSeverity.CRITICAL)
                .setSource(ALERT_SOURCE)
                .setTitle("Payment " + transactionId + " captured after it had failed")
                .setDetail("The provider (" + transaction.getProvider() + ", " + step.trigger()
                        + ") reports the payment "
                        + reference(step.providerReference(), transaction) + " of " + amountText(transaction)
                        + " as succeeded, but the transaction had already failed (" + transaction.getFailureReason()
                        + ") and the buyer was told so. Refund the payment at the provider or reconcile it by hand.")
                .setDedupeKey(PaymentIds.capturedAfterFailureDedupeKey(transactionId))
                .setQueue(null).setJobId(null).setJobType(null)
                .setAttributes(attributes(transaction))
                .build();
    }

    /**
     * The alert of a final failure, from the transaction as it failed: CRITICAL and JOB_DEAD_LETTERED for a
     * dead-lettered ProcessPayment job, {@code declineSeverity} and OTHER for the provider's decline.
     */
    static AdminAlertRaised failureAlert(Transaction failed, boolean deadLettered, AlertSeverity declineSeverity,
            EventMetadata metadata) {
        String transactionId = failed.getTransactionId();
        return AdminAlertRaised.newBuilder()
                .setMetadata(metadata)
                .setAlertId(metadata.getEventId().toString())
                .setKind(deadLettered ? AlertKind.JOB_DEAD_LETTERED : AlertKind.OTHER)
                .setSeverity(deadLettered ? AlertSeverity.CRITICAL : declineSeverity)
                .setSource(ALERT_SOURCE)
                .setTitle("Payment " + transactionId + " failed" + (deadLettered ? " after its job was dead-lettered"
                        : ": declined"))
                .setDetail("The payment of " + amountText(failed) + " by user " + failed.getUserId() + " through "
                        + failed.getProvider() + " failed for good: " + failed.getFailureReason()
                        + (failed.getFailureCode() == null ? "" : " (" + failed.getFailureCode() + ")")
                        + ". The buyer was notified." + (deadLettered
                        ? " The provider could not be reached or refused the request: check the provider, then the"
                                + " dead-lettered job (a retry cannot revive the transaction)." : ""))
                .setDedupeKey(PaymentIds.failureAlertDedupeKey(transactionId))
                .setQueue(JobQueue.PAYMENTS)
                .setJobId(PaymentIds.processPaymentJobId(transactionId))
                .setJobType(JobType.PROCESS_PAYMENT)
                .setAttributes(attributes(failed))
                .build();
    }

    private static Map<String, String> attributes(Transaction transaction) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("transactionId", transaction.getTransactionId());
        attributes.put("userId", transaction.getUserId());
        attributes.put("provider", transaction.getProvider().name());
        attributes.put("amountMinor", String.valueOf(transaction.getAmount().getAmountMinor()));
        attributes.put("currency", transaction.getAmount().getCurrency());
        if (transaction.getProviderReference() != null) {
            attributes.put("providerReference", transaction.getProviderReference());
        }
        if (transaction.getFailureCode() != null) {
            attributes.put("failureCode", transaction.getFailureCode());
        }
        return attributes;
    }

    /** The UTC calendar year of {@code at}: the year a document is numbered in. */
    static int yearOf(Instant at) {
        return at.atZone(ZoneOffset.UTC).getYear();
    }

    /** The provider's payment id, or "" before the provider created one (schemas that require one). */
    private static String reference(Transaction transaction) {
        return transaction.getProviderReference() == null ? "" : transaction.getProviderReference();
    }

    private static String reference(String stepReference, Transaction transaction) {
        return stepReference != null ? stepReference : reference(transaction);
    }

    private static String amountText(Transaction transaction) {
        return transaction.getAmount().getAmountMinor() + " (minor units) " + transaction.getAmount().getCurrency();
    }
}
