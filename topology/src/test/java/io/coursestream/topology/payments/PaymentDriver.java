package io.coursestream.topology.payments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.invoices.InvoiceGenerated;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.jobs.FailedJobIndex;
import io.coursestream.topology.jobs.JobScheduler;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.JobFixtures;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * The payment topology under a TopologyTestDriver as the stream processor wires it: validated inputs, its job
 * requests handed to the real job scheduler, whose dead letters it reads back from {@code jobs.dead-letter}. One method
 * per input a test gives (each remembered, so {@link #replayAll()} can give them again) and readers for every output.
 */
final class PaymentDriver implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private static final String APPLICATION_ID = "payments-test";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, SpecificRecord> paymentEvents;
    private final TestInputTopic<String, SpecificRecord> providerResults;
    private final TestInputTopic<String, SpecificRecord> webhooks;
    private final TestInputTopic<String, SpecificRecord> lifecycle;
    private final TestInputTopic<String, SpecificRecord> invoiceEvents;
    private final TestInputTopic<String, SpecificRecord> deadLetterInput;
    private final TestOutputTopic<String, SpecificRecord> deadLetters;
    private final TestOutputTopic<String, SpecificRecord> results;
    private final TestOutputTopic<String, SpecificRecord> transactions;
    private final TestOutputTopic<String, SpecificRecord> numbers;
    private final TestOutputTopic<String, SpecificRecord> alerts;
    private final TestOutputTopic<String, SpecificRecord> paymentJobs;
    private final TestOutputTopic<String, SpecificRecord> emailJobs;
    private final List<Piped> piped = new ArrayList<>();

    private record Piped(TestInputTopic<String, SpecificRecord> topic, String key, SpecificRecord value, Instant at) {
    }

    PaymentDriver(Path stateDir, PaymentSettings settings) {
        driver = new TopologyTestDriver(topology(settings), DriverConfig.of(APPLICATION_ID, stateDir), T0);
        paymentEvents = input(Topics.PAYMENT_EVENTS.name());
        providerResults = input(Topics.PAYMENT_PROVIDER_RESULTS.name());
        webhooks = input(Topics.PAYMENT_WEBHOOKS.name());
        lifecycle = input(Topics.JOB_LIFECYCLE.name());
        invoiceEvents = input(Topics.INVOICE_EVENTS.name());
        deadLetterInput = input(Topics.JOB_DEAD_LETTER.name());
        deadLetters = output(Topics.JOB_DEAD_LETTER.name());
        results = output(Topics.PAYMENT_RESULTS.name());
        transactions = output(Topics.PAYMENT_TRANSACTIONS.name());
        numbers = output(Topics.INVOICE_NUMBERS.name());
        alerts = output(Topics.ADMIN_ALERTS.name());
        paymentJobs = output(Topics.JOBS_PAYMENTS.name());
        emailJobs = output(Topics.JOBS_EMAILS.name());
    }

    Topology topology(PaymentSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        PaymentTopology payments = PaymentTopology.build(builder, inputs, FailedJobIndex.deadLetters(builder, avro),
                avro, settings);
        JobScheduler.build(builder, payments.jobRequests(), QueuePolicies.defaults(), AvroSerdes.typed(avro), avro);
        return builder.build();
    }

    @Override
    public void close() {
        driver.close();
    }

    // ---- inputs ---------------------------------------------------------------------------------------------------

    PaymentInitiated initiate(PaymentInitiated initiated) {
        pipe(paymentEvents, initiated.getTransactionId(), initiated, initiated.getMetadata().getOccurredAt());
        return initiated;
    }

    PaymentRefunded refund(PaymentRefunded refunded) {
        pipe(paymentEvents, refunded.getTransactionId(), refunded, refunded.getMetadata().getOccurredAt());
        return refunded;
    }

    ProviderPaymentResult answer(ProviderPaymentResult result) {
        pipe(providerResults, result.getTransactionId(), result, result.getMetadata().getOccurredAt());
        return result;
    }

    PaymentWebhookReceived webhook(PaymentWebhookReceived webhook) {
        pipe(webhooks, webhook.getTransactionId(), webhook, webhook.getReceivedAt());
        return webhook;
    }

    /** The invoice worker's report that it rendered and archived a document. */
    InvoiceGenerated invoiceGenerated(InvoiceGenerated generated) {
        pipe(invoiceEvents, generated.getInvoiceNumber(), generated, generated.getMetadata().getOccurredAt());
        return generated;
    }

    /** The worker's report that the transaction's ProcessPayment job failed fatally in {@code attempt}. */
    void processPaymentJobFailedFatally(String transactionId, int attempt, Instant at) {
        String jobId = PaymentIds.processPaymentJobId(transactionId);
        JobFailed template = JobFixtures.failed(jobId, JobQueue.PAYMENTS, attempt, false, at);
        JobFailed failed = JobFailed.newBuilder(template)
                .setType(JobType.PROCESS_PAYMENT)
                .setError(JobAttemptError.newBuilder(template.getError())
                        .setErrorClass("io.coursestream.workers.FatalJobException")
                        .setMessage("provider rejected the request: invalid currency")
                        .build())
                .build();
        pipe(lifecycle, jobId, failed, at);
    }

    /** {@code deadLetter} on {@code jobs.dead-letter} again, as a consumer restarting from an older offset reads it. */
    void redeliver(DeadLetteredJob deadLetter) {
        pipe(deadLetterInput, deadLetter.getCommand().getJobId(), deadLetter, deadLetter.getDeadLetteredAt());
    }

    /**
     * {@code deadLettered} as versions before stop 22 wrote it to the dead letters' repartition topic, keyed by its
     * transaction: what an upgraded processor may still find there.
     */
    void deadLetteredBeforeStop22(String transactionId, JobDeadLettered deadLettered) {
        pipe(input(APPLICATION_ID + "-" + PaymentTopology.DEAD_LETTERS_BY_TRANSACTION + "-repartition"), transactionId,
                deadLettered, deadLettered.getMetadata().getOccurredAt());
    }

    /** Gives every input again, in the order first given, with its original timestamp. */
    void replayAll() {
        List<Piped> all = List.copyOf(piped);
        all.forEach(input -> input.topic().pipeInput(input.key(), input.value(), input.at()));
    }

    private void pipe(TestInputTopic<String, SpecificRecord> topic, String key, SpecificRecord value, Instant at) {
        piped.add(new Piped(topic, key, value, at));
        topic.pipeInput(key, value, at);
    }

    // ---- outputs --------------------------------------------------------------------------------------------------

    List<KeyValue<String, SpecificRecord>> results() {
        return results.readKeyValuesToList();
    }

    List<KeyValue<String, SpecificRecord>> transactions() {
        return transactions.readKeyValuesToList();
    }

    List<KeyValue<String, SpecificRecord>> numbers() {
        return numbers.readKeyValuesToList();
    }

    List<KeyValue<String, SpecificRecord>> alerts() {
        return alerts.readKeyValuesToList();
    }

    /** What the scheduler put on {@code jobs.dead-letter}. */
    List<DeadLetteredJob> deadLetters() {
        return deadLetters.readValuesToList().stream().map(DeadLetteredJob.class::cast).toList();
    }

    /** The commands the scheduler put on {@code jobs.payments}. */
    List<JobCommand> paymentJobs() {
        return commands(paymentJobs);
    }

    /** The commands the scheduler put on {@code jobs.emails}. */
    List<JobCommand> emailJobs() {
        return commands(emailJobs);
    }

    /** True if nothing is left unread on any output. */
    boolean nothingElse() {
        return results.isEmpty() && transactions.isEmpty() && numbers.isEmpty() && alerts.isEmpty()
                && paymentJobs.isEmpty() && emailJobs.isEmpty();
    }

    /** Reads and drops every output. */
    void drain() {
        results();
        transactions();
        numbers();
        alerts();
        paymentJobs();
        emailJobs();
        deadLetters();
    }

    Transaction stored(String transactionId) {
        KeyValueStore<String, Transaction> store = driver.getKeyValueStore(PaymentTopology.TRANSACTIONS_STORE);
        return store.get(transactionId);
    }

    Topology describeSource(PaymentSettings settings) {
        return topology(settings);
    }

    static <T> List<T> ofType(List<KeyValue<String, SpecificRecord>> records, Class<T> type) {
        List<T> found = new ArrayList<>();
        records.forEach(record -> {
            if (type.isInstance(record.value)) {
                found.add(type.cast(record.value));
            }
        });
        return found;
    }

    private List<JobCommand> commands(TestOutputTopic<String, SpecificRecord> topic) {
        List<JobCommand> commands = new ArrayList<>();
        topic.readValuesToList().forEach(value -> commands.add((JobCommand) value));
        return commands;
    }

    private TestInputTopic<String, SpecificRecord> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), avro.serializer());
    }

    private TestOutputTopic<String, SpecificRecord> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), avro.deserializer());
    }
}
