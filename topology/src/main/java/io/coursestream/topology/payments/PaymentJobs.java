package io.coursestream.topology.payments;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.invoices.InvoiceNumberAssigned;
import io.coursestream.schemas.invoices.InvoiceNumberRequest;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.topology.jobs.JobRequests;
import io.coursestream.topology.notifications.NotificationJobs;

/**
 * The payment topology's job requests (attempt 1, the queue's retry budget, no delay), their ids, unique keys and
 * provider idempotency keys all derived from the transaction or the document number ({@link PaymentIds}), so the same
 * request made twice is one job and a retried charge never charges twice.
 */
final class PaymentJobs {

    /** {@code maxAttempts} 0: the queue's policy decides how often a job is tried. */
    /** The buyer's zone is not known to checkout; the platform's is used for the mail's dates. */
    static final String NOTICE_TIMEZONE = "UTC";

    private PaymentJobs() {
    }

    /** PROCESS_PAYMENT on {@code jobs.payments}, unique per transaction (its unique key is the transaction id). */
    static JobCommand processPayment(PaymentInitiated initiated, Instant at) {
        String transactionId = initiated.getTransactionId();
        ProcessPayment payload = ProcessPayment.newBuilder()
                .setTransactionId(transactionId)
                .setUserId(initiated.getUserId())
                .setCourseId(initiated.getCourseId())
                .setAmount(initiated.getAmount())
                .setProvider(initiated.getProvider())
                .setBuyer(initiated.getBuyer())
                .setDescription(initiated.getDescription())
                .setIdempotencyKey(PaymentIds.idempotencyKey(transactionId))
                .setPaymentMethodReference(initiated.getPaymentMethodReference())
                .setReturnUrl(initiated.getReturnUrl())
                .build();
        return JobRequests.request(PaymentIds.processPaymentJobId(transactionId), JobType.PROCESS_PAYMENT,
                JobQueue.PAYMENTS, transactionId, initiated.getMetadata().getCorrelationId(),
                initiated.getMetadata().getEventId().toString(), at, payload);
    }

    /** GENERATE_INVOICE on {@code jobs.payments}, unique per document number; mails the document to the buyer. */
    static JobCommand generateInvoice(InvoiceNumberRequest request, InvoiceNumberAssigned assigned, Instant issuedAt) {
        GenerateInvoice payload = GenerateInvoice.newBuilder()
                .setInvoiceNumber(assigned.getInvoiceNumber())
                .setKind(assigned.getKind())
                .setTransactionId(request.getTransactionId())
                .setRefundId(request.getRefundId())
                .setReferencesInvoiceNumber(request.getReferencesInvoiceNumber())
                .setUserId(request.getUserId())
                .setBuyer(request.getBuyer())
                .setLineDescription(request.getLineDescription())
                .setGross(request.getGross())
                .setProvider(request.getProvider())
                .setPaymentReference(request.getPaymentReference())
                .setPaidAt(request.getPaidAt())
                .setIssuedAt(issuedAt)
                .setSendEmail(true)
                .build();
        return JobRequests.request(PaymentIds.generateInvoiceJobId(assigned.getInvoiceNumber()),
                JobType.GENERATE_INVOICE, JobQueue.PAYMENTS, assigned.getInvoiceNumber(), request.getCorrelationId(),
                assigned.getMetadata().getEventId().toString(), issuedAt, payload);
    }

    /**
     * The buyer's notice of a final failure: EMAIL, BILLING, critical (a payment notice bypasses marketing
     * preferences), to the buyer's address in the buyer's language, notification id
     * {@code payment-failed:<transactionId>}; as a request through {@link NotificationJobs}.
     */
    static JobCommand failureNotice(Transaction failed, String template, String correlationId, String causationId,
            Instant at) {
        SendNotification notice = SendNotification.newBuilder()
                .setNotificationId(PaymentIds.failureNotificationId(failed.getTransactionId()))
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.BILLING)
                .setCritical(true)
                .setUserId(failed.getUserId())
                .setEmail(failed.getBuyer().getEmail())
                .setLocaleSettings(new LocaleSettings(failed.getBuyer().getLocale(), NOTICE_TIMEZONE))
                .setTemplateId(template)
                .setTemplateParams(noticeParameters(failed))
                .setSubject(null)
                .setBody(null)
                .setAttachments(List.of())
                .setCampaignId(null)
                .build();
        return NotificationJobs.request(notice, correlationId, causationId, at);
    }

    /** What the failure mail's template gets, as text. */
    static Map<String, String> noticeParameters(Transaction failed) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("transactionId", failed.getTransactionId());
        parameters.put("buyerName", failed.getBuyer().getName());
        parameters.put("description", failed.getDescription());
        parameters.put("amountMinor", String.valueOf(failed.getAmount().getAmountMinor()));
        parameters.put("currency", failed.getAmount().getCurrency());
        parameters.put("provider", failed.getProvider().name());
        parameters.put("reason", failed.getFailureReason() == null ? "" : failed.getFailureReason());
        if (failed.getFailureCode() != null) {
            parameters.put("code", failed.getFailureCode());
        }
        return parameters;
    }
}
