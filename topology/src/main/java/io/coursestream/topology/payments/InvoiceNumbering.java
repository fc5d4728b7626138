package io.coursestream.topology.payments;

import java.time.Instant;
import java.util.Locale;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.invoices.InvoiceNumberAssigned;
import io.coursestream.schemas.invoices.InvoiceNumberRequest;
import io.coursestream.schemas.jobs.JobCommand;

/**
 * Gap-free document numbers, one counter per series and year ({@code INV-2026}, {@code CN-2026}), each owned by the
 * one task its key belongs to: requests arrive keyed by {@code <series>-<year>} through a repartition, so a number is
 * only ever assigned in that task, and under exactly-once the counter ({@value PaymentTopology#SEQUENCES_STORE}), the
 * document's number ({@value PaymentTopology#DOCUMENTS_STORE}) and the outputs commit together: a crash neither skips
 * nor repeats a number.
 *
 * <p>An invoice request (key {@code INV-<year>}) gets the next number. A credit note comes first to its invoice's
 * key ({@code INV-<invoice year>}), where the invoice's number is looked up (the invoice's request went through the
 * same partition before it, from the same transaction's task), and is forwarded with it under its own key
 * ({@code CN-<year>}) to be numbered. A document that has a number already (a replayed success or refund) gets none.
 *
 * <p>Per number: an {@link InvoiceNumberAssigned} (keyed by transaction id) and the GenerateInvoice job request
 * (keyed by job id), its {@code issuedAt} the request's record time, so every attempt renders the same document.
 */
final class InvoiceNumbering implements Processor<String, InvoiceNumberRequest, String, SpecificRecord> {

    public static final String INVOICE_SERIES = "INV";
    public static final String CREDIT_NOTE_SERIES = "CN";

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceNumbering.class);

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Long> sequences;
    private KeyValueStore<String, String> documents;

    /** {@code <series>-<year>}: the key of a counter and of the requests it numbers. */
    static String seriesKey(String series, int year) {
        return series + "-" + year;
    }

    /** {@code <series>-<year>-<sequence>}, the sequence zero-padded to 6 digits (INV-2026-000123). */
    static String number(String series, int year, long sequence) {
        return String.format(Locale.ROOT, "%s-%04d-%06d", series, year, sequence);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.sequences = context.getStateStore(PaymentTopology.SEQUENCES_STORE);
        this.documents = context.getStateStore(PaymentTopology.DOCUMENTS_STORE);
    }

    @Override
    public void process(Record<String, InvoiceNumberRequest> record) {
        InvoiceNumberRequest request = record.value();
        if (request == null) {
            return;
        }
        if (request.getKind() == InvoiceKind.INVOICE) {
            assign(record, INVOICE_SERIES, PaymentIds.invoiceDocumentId(request.getTransactionId()));
        } else if (request.getKind() == InvoiceKind.CREDIT_NOTE && request.getReferencesInvoiceNumber() == null) {
            lookUpInvoice(record);
        } else if (request.getKind() == InvoiceKind.CREDIT_NOTE) {
            assign(record, CREDIT_NOTE_SERIES,
                    PaymentIds.creditNoteDocumentId(request.getTransactionId(), request.getRefundId()));
        } else {
            LOG.error("Invoice number request of kind {} for transaction {} dropped", request.getKind(),
                    request.getTransactionId());
        }
    }

    private void lookUpInvoice(Record<String, InvoiceNumberRequest> record) {
        InvoiceNumberRequest request = record.value();
        String invoiceNumber = documents.get(PaymentIds.invoiceDocumentId(request.getTransactionId()));
        if (invoiceNumber == null) {
            // Cannot happen while the invoice's request precedes the refund's on this partition; a lost store can.
            LOG.error("Credit note for refund {} of transaction {} not numbered: no invoice of the transaction in {}",
                    request.getRefundId(), request.getTransactionId(), record.key());
            return;
        }
        InvoiceNumberRequest resolved = InvoiceNumberRequest.newBuilder(request)
                .setReferencesInvoiceNumber(invoiceNumber)
                .build();
        context.forward(record.withKey(seriesKey(CREDIT_NOTE_SERIES, request.getYear())).withValue(resolved));
    }

    private void assign(Record<String, InvoiceNumberRequest> record, String series, String documentId) {
        InvoiceNumberRequest request = record.value();
        String existing = documents.get(documentId);
        if (existing != null) {
            LOG.debug("Document {} has number {} already; request ignored", documentId, existing);
            return;
        }
        String counter = seriesKey(series, request.getYear());
        if (!counter.equals(record.key())) {
            // Numbering outside the counter's task could give one number twice: refuse rather than guess.
            LOG.error("Document {} arrived under {} instead of its counter {}; not numbered", documentId, record.key(),
                    counter);
            return;
        }
        Long last = sequences.get(counter);
        long sequence = last == null ? 1L : last + 1L;
        String invoiceNumber = number(series, request.getYear(), sequence);
        sequences.put(counter, sequence);
        documents.put(documentId, invoiceNumber);

        Instant issuedAt = Instant.ofEpochMilli(record.timestamp());
        InvoiceNumberAssigned assigned = InvoiceNumberAssigned.newBuilder()
                .setMetadata(PaymentIds.metadata("invoice-number-assigned", documentId, issuedAt,
                        request.getCorrelationId(), request.getCausationId()))
                .setInvoiceNumber(invoiceNumber)
                .setKind(request.getKind())
                .setSeries(series)
                .setYear(request.getYear())
                .setSequence(sequence)
                .setTransactionId(request.getTransactionId())
                .setRefundId(request.getRefundId())
                .setReferencesInvoiceNumber(request.getReferencesInvoiceNumber())
                .setUserId(request.getUserId())
                .setGross(request.getGross())
                .build();
        JobCommand job = PaymentJobs.generateInvoice(request, assigned, issuedAt);
        LOG.info("Document {} numbered {}", documentId, invoiceNumber);
        context.forward(record.withKey(request.getTransactionId()).withValue(assigned));
        context.forward(record.withKey(job.getJobId()).withValue(job));
    }
}
