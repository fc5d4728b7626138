package io.coursestream.workers.invoices;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceEmailed;
import io.coursestream.schemas.invoices.InvoiceGenerated;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobEventMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes the invoice events to {@code invoices.invoice-events} through the outgoing channel {@value #CHANNEL},
 * keyed by invoice number so one document's events stay in order: {@code InvoiceGenerated} when a document is
 * archived ({@link GenerateInvoiceHandler}), {@code InvoiceEmailed} when its mail was handed to the SMTP server
 * (the SEND_NOTIFICATION handler, for the templates {@value #INVOICE_TEMPLATE} and {@value #CREDIT_NOTE_TEMPLATE}).
 * Each publish returns once the broker acknowledged the event (acks=all), so a job reports success only after it.
 */
@ApplicationScoped
public class InvoiceEvents {

    /** The outgoing channel of {@code invoices.invoice-events}. */
    public static final String CHANNEL = "invoice-events";
    /** The mail templates of invoices and credit notes. */
    public static final String INVOICE_TEMPLATE = "invoice";
    public static final String CREDIT_NOTE_TEMPLATE = "credit-note";
    /** The templateParams of an invoice mail that InvoiceEmailed reports. */
    public static final String INVOICE_NUMBER_PARAM = "invoiceNumber";
    public static final String TRANSACTION_ID_PARAM = "transactionId";
    public static final String KIND_PARAM = "kind";

    private static final Set<String> TEMPLATES = Set.of(INVOICE_TEMPLATE, CREDIT_NOTE_TEMPLATE);

    private final MutinyEmitter<SpecificRecord> emitter;
    private final Clock clock;

    @Inject
    InvoiceEvents(@Channel(CHANNEL) MutinyEmitter<SpecificRecord> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    /** Publishes InvoiceGenerated for an archived document, in the job's flow. */
    public void generated(JobCommand command, GeneratedInvoice generated, String mailTo) {
        publish(generated.document().number(), generatedEvent(metadata(command), generated, mailTo));
    }

    /**
     * After an EMAIL notification was delivered: if it is an invoice or credit-note mail (its template, and an
     * {@value #INVOICE_NUMBER_PARAM} among its params), publishes InvoiceEmailed; any other notification is ignored.
     *
     * @throws FatalJobException if an invoice mail lacks the transactionId or userId the event needs
     */
    public void emailed(JobCommand command, SendNotification notification, String messageId) {
        invoiceMail(notification, messageId, () -> metadata(command))
                .ifPresent(event -> publish(event.getInvoiceNumber(), event));
    }

    /** InvoiceEmailed for a delivered mail, or empty if the mail is no invoice mail. */
    static Optional<InvoiceEmailed> invoiceMail(SendNotification notification, String messageId,
            Supplier<EventMetadata> metadata) {
        Map<String, String> params = notification.getTemplateParams();
        String number = params.get(INVOICE_NUMBER_PARAM);
        if (notification.getChannel() != NotificationChannel.EMAIL || !TEMPLATES.contains(notification.getTemplateId())
                || number == null || number.isBlank()) {
            return Optional.empty();
        }
        String transactionId = params.get(TRANSACTION_ID_PARAM);
        if (transactionId == null || transactionId.isBlank() || notification.getUserId() == null
                || messageId == null) {
            throw new FatalJobException("invoice mail " + notification.getNotificationId() + " for " + number
                    + " was sent, but InvoiceEmailed needs templateParams[\"" + TRANSACTION_ID_PARAM + "\"], a userId"
                    + " and a Message-ID");
        }
        return Optional.of(InvoiceEmailed.newBuilder()
                .setMetadata(metadata.get())
                .setInvoiceNumber(number)
                .setKind(kind(notification))
                .setTransactionId(transactionId)
                .setUserId(notification.getUserId())
                .setEmail(notification.getEmail())
                .setMessageId(messageId)
                .build());
    }

    /** The kind param (INVOICE, CREDIT_NOTE), else the template's. */
    static InvoiceKind kind(SendNotification notification) {
        String kind = notification.getTemplateParams().get(KIND_PARAM);
        if (kind != null) {
            try {
                return InvoiceKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new FatalJobException("invoice mail " + notification.getNotificationId() + " names kind " + kind
                        + "; expected INVOICE or CREDIT_NOTE", e);
            }
        }
        return CREDIT_NOTE_TEMPLATE.equals(notification.getTemplateId()) ? InvoiceKind.CREDIT_NOTE
                : InvoiceKind.INVOICE;
    }

    /**
     * InvoiceGenerated with all its fields.
     *
     * @param mailTo the buyer's address when the document is to be mailed (the payment topology then requests the
     *               mail), else null
     */
    static InvoiceGenerated generatedEvent(EventMetadata metadata, GeneratedInvoice generated, String mailTo) {
        InvoiceDocument document = generated.document();
        TaxSplit amounts = document.amounts();
        return InvoiceGenerated.newBuilder()
                .setMetadata(metadata)
                .setInvoiceNumber(document.number())
                .setKind(document.kind())
                .setTransactionId(document.transactionId())
                .setUserId(document.userId())
                .setReferencesInvoiceNumber(document.referencesInvoiceNumber())
                .setBucket(generated.bucket())
                .setObjectKey(generated.objectKey())
                .setSha256(generated.sha256())
                .setSizeBytes(generated.sizeBytes())
                .setNet(new Money(amounts.netMinor(), amounts.currency()))
                .setTax(new Money(amounts.taxMinor(), amounts.currency()))
                .setGross(new Money(amounts.grossMinor(), amounts.currency()))
                .setTaxRateBasisPoints(document.tax().rateBasisPoints())
                .setReverseCharge(document.tax().reverseCharge())
                .setCountry(document.tax().country())
                .setBuyerVatId(document.tax().buyerVatId())
                .setLocale(document.languageTag())
                .setIssuedAt(document.issuedAt())
                .setEmail(mailTo)
                .build();
    }

    private void publish(String key, SpecificRecord event) {
        emitter.sendMessageAndAwait(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }

    /** The job's flow continues (its correlationId); the job caused the event. */
    private EventMetadata metadata(JobCommand command) {
        return JobEventMetadata.causedBy(command, clock.instant());
    }
}
