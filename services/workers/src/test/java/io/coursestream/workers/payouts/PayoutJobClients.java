package io.coursestream.workers.payouts;

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
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;

/**
 * The payout ITs' side of the broker: sends commands to {@code jobs.affiliates} as the scheduler does, and reads the
 * workers' reports from {@code jobs.lifecycle}.
 */
final class PayoutJobClients implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaConsumer<String, SpecificRecord> lifecycle;
    private final Map<String, List<SpecificRecord>> reportsByJob = new HashMap<>();

    PayoutJobClients(String bootstrapServers, String registryUrl) {
        AvroSerdes serdes = AvroSerdes.forRegistry(registryUrl);
        Map<String, Object> producerConfig = new HashMap<>(serdes.producerConfig());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig);
        Map<String, Object> consumerConfig = new HashMap<>(serdes.consumerConfig());
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        lifecycle = new KafkaConsumer<>(consumerConfig);
        lifecycle.subscribe(List.of(Topics.JOB_LIFECYCLE.name()));
    }

    /** Sends the command to jobs.affiliates, keyed by jobId as the scheduler keys it, and waits for the broker. */
    void send(JobCommand command) throws Exception {
        producer.send(new ProducerRecord<>(Topics.JOBS_AFFILIATES.name(), command.getJobId(), command)).get();
    }

    /**
     * The workers' reports on one attempt, in order, once its outcome ({@code JobSucceeded} or {@code JobFailed})
     * is there. They are taken: an attempt with the same number run later (a job an operator retried from the dead
     * letters starts again at attempt 1) is awaited afresh.
     */
    List<SpecificRecord> awaitAttempt(String jobId, int attempt) {
        await().atMost(TIMEOUT).pollInterval(Duration.ZERO).until(() -> attemptReports(jobId, attempt).stream()
                .anyMatch(report -> report instanceof JobSucceeded || report instanceof JobFailed));
        List<SpecificRecord> reports = attemptReports(jobId, attempt);
        reportsByJob.get(jobId).removeAll(reports);
        return reports;
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
    }
}
