package io.coursestream.topology.payments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.invoices.InvoiceGenerated;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.NotificationAttachment;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.notifications.NotificationJobs;

/**
 * The mail of every generated invoice and credit note: an {@code InvoiceGenerated} the workers wrote with the buyer's
 * address ({@code invoices.invoice-events}) becomes one SendNotification job on {@code jobs.emails}, the stored PDF
 * attached, so invoice mails take the one path every notification takes (templates, rate limits, the emails queue's
 * retries, the e-mail receipts). Billing mail is critical: the buyer gets the document whatever their marketing
 * choices. Notification id {@code invoice-mail:<number>}, so a replayed event requests nothing new.
 */
final class InvoiceMails {

    static final String SOURCE = "invoices-invoice-events-source";
    static final String TO_MAIL = "invoices-generated-to-mail";
    static final String JOBS = "invoices-mail-jobs";
    /** The workers' templates of the two kinds of document. */
    static final String INVOICE_TEMPLATE = "invoice";
    static final String CREDIT_NOTE_TEMPLATE = "credit-note";
    private static final String TIMEZONE = "UTC";

    private InvoiceMails() {
    }

    static KStream<String, JobCommand> build(StreamsBuilder builder, Serde<SpecificRecord> events) {
        return builder.stream(Topics.INVOICE_EVENTS.name(), Consumed.with(Serdes.String(), events).withName(SOURCE))
                .filter((number, event) -> event instanceof InvoiceGenerated generated && generated.getEmail() != null,
                        Named.as(TO_MAIL))
                .map((number, event) -> {
                    JobCommand job = mail((InvoiceGenerated) event);
                    return KeyValue.pair(job.getJobId(), job);
                }, Named.as(JOBS));
    }

    static JobCommand mail(InvoiceGenerated generated) {
        String number = generated.getInvoiceNumber();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("invoiceNumber", number);
        parameters.put("kind", generated.getKind().name());
        parameters.put("transactionId", generated.getTransactionId());
        parameters.put("grossMinor", Long.toString(generated.getGross().getAmountMinor()));
        parameters.put("currency", generated.getGross().getCurrency());
        parameters.put("locale", generated.getLocale());
        if (generated.getReferencesInvoiceNumber() != null) {
            parameters.put("referencesInvoiceNumber", generated.getReferencesInvoiceNumber());
        }
        SendNotification notification = SendNotification.newBuilder()
                .setNotificationId("invoice-mail:" + number)
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.BILLING)
                .setCritical(true)
                .setUserId(generated.getUserId())
                .setEmail(generated.getEmail())
                .setLocaleSettings(new LocaleSettings(generated.getLocale(), TIMEZONE))
                .setTemplateId(generated.getKind() == InvoiceKind.CREDIT_NOTE ? CREDIT_NOTE_TEMPLATE
                        : INVOICE_TEMPLATE)
                .setTemplateParams(parameters)
                .setSubject(null)
                .setBody(null)
                .setAttachments(List.of(NotificationAttachment.newBuilder()
                        .setBucket(generated.getBucket())
                        .setObjectKey(generated.getObjectKey())
                        .setFileName((generated.getKind() == InvoiceKind.CREDIT_NOTE ? "credit-note-" : "invoice-")
                                + number + ".pdf")
                        .setContentType("application/pdf")
                        .build()))
                .setCampaignId(null)
                .build();
        return NotificationJobs.request(notification, generated.getTransactionId(),
                generated.getMetadata().getEventId().toString(), generated.getMetadata().getOccurredAt());
    }
}
