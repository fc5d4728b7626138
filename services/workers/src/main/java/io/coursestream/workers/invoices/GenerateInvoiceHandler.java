package io.coursestream.workers.invoices;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.workers.JobContext;
import io.coursestream.workers.JobHandler;

/**
 * Runs GENERATE_INVOICE ({@code jobs.payments}): renders and archives the invoice or credit note through
 * {@link InvoiceService}, then publishes {@code InvoiceGenerated} on {@code invoices.invoice-events} and reports the
 * archive in {@code JobSucceeded.outputs} ({@code invoiceNumber}, {@code bucket}, {@code objectKey}, {@code sha256},
 * {@code sendEmail}). It sends no mail: the payment topology requests the SendNotification (template
 * {@code invoice}, the archived PDF attached) when it reads InvoiceGenerated.
 *
 * <p>A retry renders the same bytes under the same key and publishes InvoiceGenerated again with the same facts;
 * readers key on the invoice number.
 */
@ApplicationScoped
public class GenerateInvoiceHandler implements JobHandler {

    private final InvoiceService invoices;
    private final InvoiceEvents events;

    @Inject
    GenerateInvoiceHandler(InvoiceService invoices, InvoiceEvents events) {
        this.invoices = invoices;
        this.events = events;
    }

    @Override
    public JobType type() {
        return JobType.GENERATE_INVOICE;
    }

    @Override
    public void handle(JobContext context) {
        GenerateInvoice payload = context.payload(GenerateInvoice.class);
        GeneratedInvoice generated = invoices.generate(payload);
        context.progress(80, "archived " + generated.objectKey());
        events.generated(context.command(), generated,
                payload.getSendEmail() ? payload.getBuyer().getEmail() : null);
        outputs(payload, generated).forEach(context::output);
    }

    /** What {@code JobSucceeded} reports. */
    static Map<String, String> outputs(GenerateInvoice payload, GeneratedInvoice generated) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("invoiceNumber", generated.document().number());
        outputs.put("bucket", generated.bucket());
        outputs.put("objectKey", generated.objectKey());
        outputs.put("sha256", generated.sha256());
        outputs.put("sendEmail", String.valueOf(payload.getSendEmail()));
        return outputs;
    }
}
