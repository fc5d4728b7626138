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
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
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
 * ({@link InvoiceMails}); and the ProcessPayment jobs' dead letters from {@code jobs.dead-letter}, as read by the
 * caller (the job runtime reads that topic too). Outputs: {@code payments.payment-results} (PaymentProcessed,
 * PaymentSucceeded, PaymentFailed), {@code payments.transactions} (the {@link Transaction} after every accepted step),
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
 *   <li>Dead letters ({@value #DEAD_LETTERS}): a dead-lettered ProcessPayment job (retries exhausted or fatal)
 *       names its transaction in its command's payload; it goes by transaction ({@value #DEAD_LETTERS_BY_TRANSACTION})
 *       to {@value #DEAD_LETTER_OUTCOMES}, the state machine's second node on the same stores, and fails the
 *       transaction for good with the job's last error.</li>
 * </ol>
 * Every id is derived from the inputs ({@link PaymentIds}) and every time is event time (the pending webhooks' expiry
 * runs on stream time), so a replayed input yields the same records or none. Exactly-once processing is required: it
 * is what makes a number neither skipped nor repeated and an outcome written once.
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
    public static final String DEAD_LETTERS = "payments-dead-letters";
    public static final String DEAD_LETTERS_BY_TRANSACTION = "payments-dead-letters-by-transaction";
    public static final String DEAD_LETTER_OUTCOMES = "payments-dead-letter-outcomes";
    /** The job requests this topology returns: the merge of its stages' requests. */
    public static final String JOB_REQUESTS = "payments-job-requests";

    private final KStream<String, JobCommand> jobRequests;

    private PaymentTopology(KStream<String, JobCommand> jobRequests) {
        this.jobRequests = jobRequests;
    }

    /**
     * Adds the state machine, the invoice numbering, the failure notices and the dead letters' outcomes to
     * {@code builder}. Hand {@link #jobRequests()} to the job scheduler.
     *
     * @param deadLetters {@code jobs.dead-letter} as read (every job's; the builder reads a topic through one source)
     * @param events      serde of every Avro record read and written; the stores' values and the repartition topics
     *                    are encoded with it
     */
    public static PaymentTopology build(StreamsBuilder builder, ValidatedInputs inputs,
            KStream<String, SpecificRecord> deadLetters, Serde<SpecificRecord> events, PaymentSettings settings) {
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

        // 4. dead letters, by transaction
        KStream<String, SpecificRecord> failed = deadLetters
                .filter((jobId, deadLetter) -> transactionOf(deadLetter) != null, Named.as(DEAD_LETTERS))
                .selectKey((jobId, deadLetter) -> transactionOf(deadLetter),
                        Named.as(DEAD_LETTERS + "-key-by-transaction"))
                .repartition(repartitioned(DEAD_LETTERS_BY_TRANSACTION, keys, events))
                .process(() -> new TransactionProcessor(settings, false), Named.as(DEAD_LETTER_OUTCOMES),
                        TRANSACTIONS_STORE, PENDING_WEBHOOKS_STORE);
        sinks(failed, "payments-dead-letter", keys, events);
        return new PaymentTopology(jobRequests);
    }

    /**
     * ProcessPayment (attempt 1) per new transaction, GenerateInvoice per document number, SendNotification per final
     * failure; keyed by job id, for the job scheduler.
     */
    public KStream<String, JobCommand> jobRequests() {
        return jobRequests;
    }

    /** The transaction a dead letter's ProcessPayment job was charging; null for any other job's. */
    private static String transactionOf(SpecificRecord deadLetter) {
        return deadLetter instanceof DeadLetteredJob job && job.getCommand().getPayload() instanceof ProcessPayment
                payment ? payment.getTransactionId() : null;
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
