package io.coursestream.workers.payments;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;

/**
 * The payment ITs' side of the broker: sends commands to {@code jobs.payments} as the scheduler does, reads the
 * workers' reports from {@code jobs.lifecycle} and their results from {@code payments.provider-results} (with the
 * record keys, which must be the transactionIds).
 */
final class PaymentJobClients implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A result as read, with its record key. */
    record KeyedResult(String key, ProviderPaymentResult result) {
    }

    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaConsumer<String, SpecificRecord> lifecycle;
    private final KafkaConsumer<String, SpecificRecord> results;
    private final Map<String, List<SpecificRecord>> reportsByJob = new HashMap<>();
    private final List<KeyedResult> resultsRead = new ArrayList<>();

    PaymentJobClients(String bootstrapServers, String registryUrl) {
        AvroSerdes serdes = AvroSerdes.forRegistry(registryUrl);
        Map<String, Object> producerConfig = new HashMap<>(serdes.producerConfig());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig);
        lifecycle = consumer(serdes, bootstrapServers, Topics.JOB_LIFECYCLE.name());
        results = consumer(serdes, bootstrapServers, Topics.PAYMENT_PROVIDER_RESULTS.name());
    }

    private static KafkaConsumer<String, SpecificRecord> consumer(AvroSerdes serdes, String bootstrapServers,
            String topic) {
        Map<String, Object> config = new HashMap<>(serdes.consumerConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Sends the command to jobs.payments, keyed by jobId as the scheduler keys it, and waits for the broker. */
    void send(JobCommand command) throws Exception {
        producer.send(new ProducerRecord<>(Topics.JOBS_PAYMENTS.name(), command.getJobId(), command)).get();
    }

    /** The workers' reports on one attempt, in order, once its outcome is there; they are taken. */
    List<SpecificRecord> awaitAttempt(String jobId, int attempt) {
        await().atMost(TIMEOUT).pollInterval(Duration.ZERO).until(() -> attemptReports(jobId, attempt).stream()
                .anyMatch(report -> report instanceof JobSucceeded || report instanceof JobFailed));
        List<SpecificRecord> reports = attemptReports(jobId, attempt);
        reportsByJob.get(jobId).removeAll(reports);
        return reports;
    }

    /** The results of the transaction read so far, after reading what the topic has now. */
    List<KeyedResult> resultsOf(String transactionId) {
        results.poll(Duration.ofMillis(200)).forEach(record -> resultsRead.add(
                new KeyedResult(record.key(), (ProviderPaymentResult) record.value())));
        return resultsRead.stream().filter(read -> transactionId.equals(read.result().getTransactionId())).toList();
    }

    /** Waits until the transaction has {@code count} results; returns them. */
    List<KeyedResult> awaitResults(String transactionId, int count) {
        await().atMost(TIMEOUT).pollInterval(Duration.ZERO).until(() -> resultsOf(transactionId).size() >= count);
        return resultsOf(transactionId);
    }

    private List<SpecificRecord> attemptReports(String jobId, int attempt) {
        lifecycle.poll(Duration.ofMillis(200)).forEach(record -> reportsByJob
                .computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value()));
        return reportsByJob.getOrDefault(jobId, List.of()).stream()
                .filter(report -> attemptOf(report) == attempt)
                .toList();
    }

    private static int attemptOf(SpecificRecord report) {
        if (report instanceof JobStarted started) {
            return started.getAttempt();
        }
        if (report instanceof JobSucceeded succeeded) {
            return succeeded.getAttempt();
        }
        if (report instanceof JobFailed failed) {
            return failed.getAttempt();
        }
        return ((JobProgressed) report).getAttempt();
    }

    @Override
    public void close() {
        producer.close();
        lifecycle.close();
        results.close();
    }
}
