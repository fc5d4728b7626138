package io.coursestream.topology.payments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.payments.Transaction;

/**
 * The payment state machine's processor, keyed by transaction id: applies each step with
 * {@link TransactionStateMachine}, stores the transaction ({@value PaymentTopology#TRANSACTIONS_STORE}) and forwards,
 * keyed for where each goes: after every accepted step the {@link Transaction} (by transaction id); the ProcessPayment
 * job request of a new transaction (by job id); PaymentProcessed, PaymentSucceeded or PaymentFailed (by transaction
 * id); the InvoiceNumberRequest of a success or a refund (by {@code INV-<invoice year>}); the admin alert of money
 * captured after a failure (by alert id).
 *
 * <p>A webhook for a transaction not initiated yet waits in {@value PaymentTopology#PENDING_WEBHOOKS_STORE}
 * ({@code <transactionId>NUL<providerEventId>}) and is applied, in the provider's order, right after its
 * PaymentInitiated; a stream-time punctuator drops those that waited longer than
 * {@link PaymentSettings.PendingWebhooks#maxWait()}. Refused steps are logged and counted (the sensor
 * {@code payments/refused-steps}).
 */
final class TransactionProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionProcessor.class);
    private static final char SEPARATOR = '\u0000';
    private static final StringSerializer KEYS = new StringSerializer();

    private final TransactionStateMachine machine;
    private final PaymentSettings.PendingWebhooks pendingSettings;
    private final boolean expirePending;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Transaction> transactions;
    private KeyValueStore<String, PaymentWebhookReceived> pending;
    private Sensor refusedSteps;

    /**
     * @param expirePending whether this node runs the expiry scan (one node per task does; the dead-letter node
     *                      shares the stores)
     */
    TransactionProcessor(PaymentSettings settings, boolean expirePending) {
        this.machine = new TransactionStateMachine(settings.audit());
        this.pendingSettings = settings.pendingWebhooks();
        this.expirePending = expirePending;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.transactions = context.getStateStore(PaymentTopology.TRANSACTIONS_STORE);
        this.pending = context.getStateStore(PaymentTopology.PENDING_WEBHOOKS_STORE);
        this.refusedSteps = context.metrics().addRateTotalSensor("payments",
                "state-machine-" + context.taskId() + "-" + (expirePending ? "inputs" : "dead-letters"),
                "refused-steps", Sensor.RecordingLevel.INFO);
        if (expirePending) {
            context.schedule(pendingSettings.scanInterval(), PunctuationType.STREAM_TIME, this::dropExpiredWebhooks);
        }
    }

    @Override
    public void close() {
        if (refusedSteps != null) {
            context.metrics().removeSensor(refusedSteps);
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() == null || record.key() == null) {
            return;
        }
        PaymentStep step = PaymentStep.of(record.value());
        if (step == null) {
            return;
        }
        apply(record, record.key(), step);
    }

    private void apply(Record<String, SpecificRecord> record, String transactionId, PaymentStep step) {
        Transaction current = transactions.get(transactionId);
        TransactionStateMachine.Decision decision = machine.decide(current, step);
        switch (decision.outcome()) {
            case ACCEPTED -> accepted(record, transactionId, step, decision.transaction());
            case CONFIRMED -> {
                store(transactionId, decision);
                LOG.debug("Transaction {}: {} from {} confirms {}", transactionId, step.trigger(), step.sourceId(),
                        current.getStatus());
            }
            case REFUSED -> refused(record, transactionId, step, current, decision);
            case REPEAT -> LOG.debug("Transaction {}: {} {} seen before, ignored", transactionId, step.trigger(),
                    step.sourceId());
            case WAIT_FOR_INITIATION -> park(transactionId, (PaymentWebhookReceived) step.event());
            case UNKNOWN_TRANSACTION -> {
                refusedSteps.record();
                LOG.warn("Transaction {} unknown: {} {} dropped (no PaymentInitiated for it)", transactionId,
                        step.trigger(), step.sourceId());
            }
        }
    }

    private void accepted(Record<String, SpecificRecord> record, String transactionId, PaymentStep step,
            Transaction next) {
        transactions.put(transactionId, next);
        forward(record, transactionId, next);
        PaymentStatus status = next.getStatus();
        LOG.info("Transaction {}: {} by {} {}", transactionId, status, step.trigger(), step.sourceId());
        switch (status) {
            case INITIATED -> {
                var job = PaymentJobs.processPayment((PaymentInitiated) step.event(), step.at());
                forward(record, job.getJobId(), job);
                applyPendingWebhooks(record, transactionId);
            }
            case PROCESSING, REQUIRES_ACTION -> forward(record, transactionId, PaymentEvents.processed(next, step));
            case SUCCEEDED -> {
                forward(record, transactionId, PaymentEvents.succeeded(next, step));
                var invoice = PaymentEvents.invoice(next, step);
                forward(record, InvoiceNumbering.seriesKey(InvoiceNumbering.INVOICE_SERIES, invoice.getInvoiceYear()),
                        invoice);
            }
            case FAILED -> forward(record, transactionId, PaymentEvents.failed(next, step));
            case PARTIALLY_REFUNDED, REFUNDED -> {
                var creditNote = PaymentEvents.creditNote(next, (PaymentRefunded) step.event(), step);
                forward(record, InvoiceNumbering.seriesKey(InvoiceNumbering.INVOICE_SERIES,
                        creditNote.getInvoiceYear()), creditNote);
            }
            default -> throw new IllegalStateException("the state machine accepted a step to " + status);
        }
    }

    private void refused(Record<String, SpecificRecord> record, String transactionId, PaymentStep step,
            Transaction current, TransactionStateMachine.Decision decision) {
        store(transactionId, decision);
        refusedSteps.record();
        LOG.warn("Transaction {}: {} {} refused in {}: {}{}", transactionId, step.trigger(), step.sourceId(),
                current.getStatus(), decision.transition().getRefusalReason(),
                decision.transaction() == null ? " (audit full, not recorded)" : "");
        if (decision.capturedAfterFailure()) {
            var alert = PaymentEvents.capturedAfterFailure(current, step);
            forward(record, alert.getAlertId(), alert);
        }
    }

    private void store(String transactionId, TransactionStateMachine.Decision decision) {
        if (decision.transaction() != null) {
            transactions.put(transactionId, decision.transaction());
        }
    }

    private void park(String transactionId, PaymentWebhookReceived webhook) {
        String prefix = transactionId + SEPARATOR;
        int waiting = 0;
        try (KeyValueIterator<String, PaymentWebhookReceived> entries = pending.prefixScan(prefix,
                KEYS)) {
            while (entries.hasNext()) {
                entries.next();
                waiting++;
            }
        }
        String key = prefix + webhook.getProviderEventId();
        if (pending.get(key) == null && waiting >= pendingSettings.maxPerTransaction()) {
            refusedSteps.record();
            LOG.warn("Transaction {} unknown: webhook {} dropped, {} already wait for its PaymentInitiated",
                    transactionId, webhook.getProviderEventId(), waiting);
            return;
        }
        pending.put(key, webhook);
        LOG.info("Transaction {} unknown: webhook {} ({}) waits for its PaymentInitiated", transactionId,
                webhook.getProviderEventId(), webhook.getEventType());
    }

    /** The webhooks that came before the transaction, in the provider's order, applied as if they came now. */
    private void applyPendingWebhooks(Record<String, SpecificRecord> record, String transactionId) {
        List<KeyValue<String, PaymentWebhookReceived>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, PaymentWebhookReceived> entries = pending.prefixScan(
                transactionId + SEPARATOR, KEYS)) {
            entries.forEachRemaining(waiting::add);
        }
        waiting.sort(Comparator.comparing((KeyValue<String, PaymentWebhookReceived> entry) ->
                        PaymentStep.of(entry.value).at())
                .thenComparing(entry -> entry.key));
        for (KeyValue<String, PaymentWebhookReceived> entry : waiting) {
            pending.delete(entry.key);
            apply(record, transactionId, PaymentStep.of(entry.value));
        }
    }

    private void dropExpiredWebhooks(long streamTime) {
        Instant oldest = Instant.ofEpochMilli(streamTime).minus(pendingSettings.maxWait());
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PaymentWebhookReceived> entries = pending.all()) {
            entries.forEachRemaining(entry -> {
                if (entry.value.getReceivedAt().isBefore(oldest)) {
                    expired.add(entry.key);
                }
            });
        }
        for (String key : expired) {
            PaymentWebhookReceived webhook = pending.get(key);
            pending.delete(key);
            refusedSteps.record();
            LOG.warn("Transaction {} still unknown after {}: webhook {} ({}) dropped", webhook.getTransactionId(),
                    pendingSettings.maxWait(), webhook.getProviderEventId(), webhook.getEventType());
        }
    }

    private void forward(Record<String, SpecificRecord> record, String key, SpecificRecord value) {
        context.forward(record.withKey(key).withValue(value));
    }
}
