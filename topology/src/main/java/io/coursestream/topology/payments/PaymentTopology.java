package io.coursestream.topology.payments;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.invoices.InvoiceNumberRequest;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.jobs.JobScheduler;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * Payments and invoices (ProcessPayment and GenerateInvoice of the original system, the topology's half): the payment
 * state machine per transaction, reconciling the payment worker's answers with the provider's webhooks and the job's
 * dead letter; gap-free invoice and credit-note numbers; the job requests that charge, render and notify.
 *
 * <p>Inputs: PaymentInitiated and PaymentRefunded ({@code payments.payment-events}, validated);
 * {@code payments.provider-results} (ProviderPaymentResult, the worker's answer of each attempt) and
 * {@code payments.webhook-events} (PaymentWebhookReceived, verified by the gateway), read here
 * ({@value #PROVIDER_RESULTS_SOURCE}, {@value #WEBHOOKS_SOURCE}); {@code payments.transactions}, read back here
 * ({@value #TRANSACTIONS_SOURCE}); InvoiceGenerated from {@code invoices.invoice-events}, whose mail it requests
 * ({@link InvoiceMails}); and, through {@link #connectJobOutcomes}, the job scheduler's streams for the
 * ProcessPayment jobs' dead letters. Outputs: {@code payments.payment-results} (PaymentProcessed, PaymentSucceeded,
 * PaymentFailed), {@code payments.transactions} (the {@link Transaction} after every accepted step),
 * {@code invoices.invoice-numbers} (InvoiceNumberAssigned), {@code admin.alerts} (a final failure; money captured after
 * one), and the returned job requests: ProcessPayment and GenerateInvoice ({@code jobs.payments}), SendNotification
 * ({@code jobs.emails}: a final failure's notice, an invoice's mail).
 *
 * <p>Stages:
 * <ol>
 *   <li>State machine, by transaction ({@value #STATE_MACHINE}, {@link TransactionProcessor} with the rules of
 *       {@link TransactionStateMachine}; {@value #TRANSACTIONS_STORE}, {@value #PENDING_WEBHOOKS_STORE}). A
 *       ProcessPayment job per new transaction; the outcome events; an {@link InvoiceNumberRequest} per success and
 *       per accepted refund.</li>
 *   <li>Invoice numbering, by series and year ({@link InvoiceNumbering}; {@value #SEQUENCES_STORE},
 *       {@value #DOCUMENTS_STORE}): through {@value #NUMBER_REQUESTS} to {@value #NUMBERING} (invoices numbered, credit
 *       notes given their invoice's number), credit notes through {@value #CREDIT_NOTE_REQUESTS} to
 *       {@value #CREDIT_NOTE_NUMBERING}. One task owns each counter; a GenerateInvoice job per number.</li>
 *   <li>Failure notices ({@value #FAILURE_NOTICES}, {@link FailureNotices}): from the transactions read back, the
 *       buyer's SendNotification and the admins' alert of each final failure.</li>
 *   <li>Job outcomes ({@link #connectJobOutcomes}): the ProcessPayment jobs in flight by job id
 *       ({@value #JOB_INDEX}, {@value #JOB_INDEX_STORE}); a dead letter goes by transaction
 *       ({@value #DEAD_LETTERS_BY_TRANSACTION}) to {@value #DEAD_LETTER_OUTCOMES}, the state machine's second node on
 *       the same stores, and fails the transaction.</li>
 * </ol>
 * Every id is derived from the inputs ({@link PaymentIds}) and every time is event time (the pending webhooks' expiry
 * runs on stream time), so a replayed input yields the same records or none. Exactly-once processing is required: it
 * is what makes a number neither skipped nor repeated and an outcome written once.
 *
 * <p>Why two calls: the dead letters come from the job scheduler's {@code jobs.scheduling} source, which exists only
 * after the scheduler is built, and the scheduler is built from the job requests this topology returns. So
 * {@link #build} adds everything that feeds the scheduler and {@link #connectJobOutcomes} what reads its streams; the
 * notice of a dead-lettered payment reaches the scheduler through {@code payments.transactions}.
 *
 * <p>The builder must not read {@code payments.provider-results}, {@code payments.webhook-events} or
 * {@code payments.transactions} elsewhere. Nodes: {@code payments-*} and {@code invoices-*}.
 */
public final class PaymentTopology {

    // ---- stores -------------------------------------------------------------------------------------------------

    /** Transaction id to {@link Transaction}: the state machine, with the history of every step. */
    public static final String TRANSACTIONS_STORE = "payments-transactions-store";
    /** {@code <transactionId>NUL<providerEventId>} to a PaymentWebhookReceived waiting for its PaymentInitiated. */
    public static final String PENDING_WEBHOOKS_STORE = "payments-pending-webhooks-store";
    /** ProcessPayment job id to its transaction id, for the jobs in flight. */
    public static final String JOB_INDEX_STORE = "payments-job-index-store";
    /** {@code <series>-<year>} (INV-2026) to the last sequence assigned in it. */
    public static final String SEQUENCES_STORE = "invoices-sequence-store";
    /** Document id ({@code INV:<transactionId>}, {@code CN:<transactionId>:<refundId>}) to the number it got. */
    public static final String DOCUMENTS_STORE = "invoices-document-store";

    // ---- sources, repartition topics, processors and sinks ------------------------------------------------------

    public static final String PROVIDER_RESULTS_SOURCE = "payments-provider-results-source";
    public static final String WEBHOOKS_SOURCE = "payments-webhook-events-source";
    public static final String TRANSACTIONS_SOURCE = "payments-transactions-source";
    public static final String PAYMENT_EVENTS = "payments-payment-events";
    public static final String STATE_MACHINE = "payments-state-machine";
    public static final String NUMBER_REQUESTS = "invoices-number-requests";
    public static final String NUMBERING = "invoices-numbering";
    public static final String CREDIT_NOTE_REQUESTS = "invoices-credit-note-requests";
    public static final String CREDIT_NOTE_NUMBERING = "invoices-credit-note-numbering";
    public static final String FAILURE_NOTICES = "payments-failure-notices";
    public static final String JOB_INDEX = "payments-job-index";
    public static final String DEAD_LETTERS_BY_TRANSACTION = "payments-dead-letters-by-transaction";
    public static final String DEAD_LETTER_OUTCOMES = "payments-dead-letter-outcomes";
    /** The job requests this topology returns: the merge of its stages' requests. */
    public static final String JOB_REQUESTS = "payments-job-requests";

    private final PaymentSettings settings;
    private final Serde<SpecificRecord> events;
    private final StreamsBuilder builder;
    private final KStream<String, JobCommand> jobRequests;
    private boolean jobOutcomesConnected;

    private PaymentTopology(StreamsBuilder builder, Serde<SpecificRecord> events, PaymentSettings settings,
            KStream<String, JobCommand> jobRequests) {
        this.builder = builder;
        this.events = events;
        this.settings = settings;
        this.jobRequests = jobRequests;
    }

    /**
     * Adds the state machine, the invoice numbering and the failure notices to {@code builder}. Hand
     * {@link #jobRequests()} to the job scheduler, then call {@link #connectJobOutcomes} with its streams.
     *
     * @param events serde of every Avro record read and written; the stores' values and the repartition topics are
     *               encoded with it
     */
    public static PaymentTopology build(StreamsBuilder builder, ValidatedInputs inputs, Serde<SpecificRecord> events,
            PaymentSettings settings) {
        Serde<String> keys = Serdes.String();
        Serde<Transaction> transactions = AvroSerdes.typed(events);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRANSACTIONS_STORE), keys,
                transactions));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_WEBHOOKS_STORE), keys,
                AvroSerdes.typed(events)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEQUENCES_STORE), keys,
                Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DOCUMENTS_STORE), keys,
                keys));

        // 1. the state machine, by transaction
        Map<String, KStream<String, SpecificRecord>> decided = inputs.stream(Topics.PAYMENT_EVENTS)
                .filter((transactionId, event) -> event instanceof PaymentInitiated || event instanceof PaymentRefunded,
                        Named.as(PAYMENT_EVENTS))
                .merge(builder.stream(Topics.PAYMENT_PROVIDER_RESULTS.name(),
                        Consumed.with(keys, events).withName(PROVIDER_RESULTS_SOURCE)),
                        Named.as("payments-merge-provider-results"))
                .merge(builder.stream(Topics.PAYMENT_WEBHOOKS.name(),
                        Consumed.with(keys, events).withName(WEBHOOKS_SOURCE)), Named.as("payments-merge-webhooks"))
                .process(() -> new TransactionProcessor(settings, true), Named.as(STATE_MACHINE), TRANSACTIONS_STORE,
                        PENDING_WEBHOOKS_STORE)
                .split(Named.as(STATE_MACHINE + "-"))
                .branch((key, value) -> value instanceof JobCommand, Branched.as("jobs"))
                .branch((key, value) -> value instanceof InvoiceNumberRequest, Branched.as("documents"))
                .defaultBranch(Branched.as("outputs"));
        sinks(decided.get(STATE_MACHINE + "-outputs"), "payments", keys, events);

        // 2. invoice numbering, by series and year
        Serde<InvoiceNumberRequest> requests = AvroSerdes.typed(events);
        Map<String, KStream<String, SpecificRecord>> numbered = decided.get(STATE_MACHINE + "-documents")
                .mapValues(value -> (InvoiceNumberRequest) value, Named.as("invoices-number-request-values"))
                .repartition(repartitioned(NUMBER_REQUESTS, keys, requests))
                .process(InvoiceNumbering::new, Named.as(NUMBERING), SEQUENCES_STORE, DOCUMENTS_STORE)
                .split(Named.as(NUMBERING + "-"))
                .branch((key, value) -> value instanceof JobCommand, Branched.as("jobs"))
                .branch((key, value) -> value instanceof InvoiceNumberRequest, Branched.as("credit-notes"))
                .defaultBranch(Branched.as("numbers"));
        numbered.get(NUMBERING + "-numbers").to(Topics.INVOICE_NUMBERS.name(),
                Produced.with(keys, events).withName("invoices-numbers-sink"));
        Map<String, KStream<String, SpecificRecord>> creditNotes = numbered.get(NUMBERING + "-credit-notes")
                .mapValues(value -> (InvoiceNumberRequest) value, Named.as("invoices-credit-note-request-values"))
                .repartition(repartitioned(CREDIT_NOTE_REQUESTS, keys, requests))
                .process(InvoiceNumbering::new, Named.as(CREDIT_NOTE_NUMBERING), SEQUENCES_STORE, DOCUMENTS_STORE)
                .split(Named.as(CREDIT_NOTE_NUMBERING + "-"))
                .branch((key, value) -> value instanceof JobCommand, Branched.as("jobs"))
                .defaultBranch(Branched.as("numbers"));
        creditNotes.get(CREDIT_NOTE_NUMBERING + "-numbers").to(Topics.INVOICE_NUMBERS.name(),
                Produced.with(keys, events).withName("invoices-credit-note-numbers-sink"));

        // 3. failure notices, from the transactions read back
        Map<String, KStream<String, SpecificRecord>> notices = builder
                .stream(Topics.PAYMENT_TRANSACTIONS.name(),
                        Consumed.with(keys, transactions).withName(TRANSACTIONS_SOURCE))
                .flatMap((transactionId, transaction) -> FailureNotices.of(transaction, settings.failureNotices()),
                        Named.as(FAILURE_NOTICES))
                .split(Named.as(FAILURE_NOTICES + "-"))
                .branch((key, value) -> value instanceof JobCommand, Branched.as("jobs"))
                .defaultBranch(Branched.as("alerts"));
        notices.get(FAILURE_NOTICES + "-alerts").to(Topics.ADMIN_ALERTS.name(),
                Produced.with(keys, events).withName("payments-failure-alerts-sink"));

        KStream<String, JobCommand> jobRequests = decided.get(STATE_MACHINE + "-jobs")
                .merge(numbered.get(NUMBERING + "-jobs"), Named.as("payments-merge-invoice-jobs"))
                .merge(creditNotes.get(CREDIT_NOTE_NUMBERING + "-jobs"), Named.as("payments-merge-credit-note-jobs"))
                .merge(notices.get(FAILURE_NOTICES + "-jobs"), Named.as("payments-merge-failure-notices"))
                .mapValues(value -> (JobCommand) value, Named.as(JOB_REQUESTS))
                .merge(InvoiceMails.build(builder, events), Named.as("payments-merge-invoice-mails"));
        return new PaymentTopology(builder, events, settings, jobRequests);
    }

    /**
     * ProcessPayment (attempt 1) per new transaction, GenerateInvoice per document number, SendNotification per final
     * failure; keyed by job id, for the job scheduler.
     */
    public KStream<String, JobCommand> jobRequests() {
        return jobRequests;
    }

    /**
     * Adds what reads the job scheduler's streams: a dead-lettered ProcessPayment job (retries exhausted or fatal)
     * fails its transaction for good, with the job's last error. Call once, after {@link JobScheduler#build}.
     *
     * @param jobs the scheduler's streams: its requests (where the ProcessPayment jobs are learned by id), the worker
     *             reports (their successes end a job) and {@code jobs.scheduling} (its dead letters)
     */
    public void connectJobOutcomes(JobScheduler.JobStreams jobs) {
        if (jobOutcomesConnected) {
            throw new IllegalStateException("the payment topology's job outcomes are connected already");
        }
        jobOutcomesConnected = true;
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOB_INDEX_STORE), keys,
                keys));
        KStream<String, SpecificRecord> decided = jobs.requests()
                .filter((jobId, request) -> request instanceof JobCommand command
                        && command.getType() == JobType.PROCESS_PAYMENT, Named.as("payments-job-index-requests"))
                .merge(jobs.lifecycle().filter((jobId, report) -> report instanceof JobSucceeded succeeded
                        && succeeded.getType() == JobType.PROCESS_PAYMENT, Named.as("payments-job-index-successes")),
                        Named.as("payments-job-index-merge-succeeded"))
                .merge(jobs.scheduling().filter((jobId, event) -> event instanceof JobDeadLettered deadLettered
                        && deadLettered.getType() == JobType.PROCESS_PAYMENT,
                        Named.as("payments-job-index-dead-letters")),
                        Named.as("payments-job-index-merge-dead-lettered"))
                .process(PaymentJobIndex::new, Named.as(JOB_INDEX), JOB_INDEX_STORE)
                .repartition(repartitioned(DEAD_LETTERS_BY_TRANSACTION, keys, events))
                .process(() -> new TransactionProcessor(settings, false), Named.as(DEAD_LETTER_OUTCOMES),
                        TRANSACTIONS_STORE, PENDING_WEBHOOKS_STORE);
        sinks(decided, "payments-dead-letter", keys, events);
    }

    /** The state machine's outputs to their topics: transactions, admin alerts and the rest (the payment results). */
    private static void sinks(KStream<String, SpecificRecord> outputs, String prefix, Serde<String> keys,
            Serde<SpecificRecord> events) {
        Map<String, KStream<String, SpecificRecord>> byTopic = outputs
                .split(Named.as(prefix + "-outputs-"))
                .branch((key, value) -> value instanceof Transaction, Branched.as("transactions"))
                .branch((key, value) -> value instanceof AdminAlertRaised, Branched.as("alerts"))
                .defaultBranch(Branched.as("results"));
        byTopic.get(prefix + "-outputs-transactions").to(Topics.PAYMENT_TRANSACTIONS.name(),
                Produced.with(keys, events).withName(prefix + "-transactions-sink"));
        byTopic.get(prefix + "-outputs-alerts").to(Topics.ADMIN_ALERTS.name(),
                Produced.with(keys, events).withName(prefix + "-alerts-sink"));
        byTopic.get(prefix + "-outputs-results").to(Topics.PAYMENT_RESULTS.name(),
                Produced.with(keys, events).withName(prefix + "-results-sink"));
    }

    /** Every repartition of the topology has the catalogue's partition count, co-partitioned with its inputs. */
    private static <V> Repartitioned<String, V> repartitioned(String name, Serde<String> keys, Serde<V> values) {
        return Repartitioned.<String, V>as(name).withKeySerde(keys).withValueSerde(values)
                .withNumberOfPartitions(Topics.PAYMENT_EVENTS.partitions());
    }
}
