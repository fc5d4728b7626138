package io.coursestream.workers.certificates;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;

/**
 * The certificate ITs' side of Kafka: sends job commands to their queue topic as the scheduler would, and reads
 * {@code certificates.certificate-events} and {@code jobs.lifecycle} from the start, with keys.
 */
final class CertificateEventClients implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<ConsumerRecord<String, SpecificRecord>> seen = new ArrayList<>();

    CertificateEventClients(String bootstrapServers, String registryUrl) {
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
        consumer = new KafkaConsumer<>(consumerConfig);
        consumer.subscribe(List.of(Topics.CERTIFICATE_EVENTS.name(), Topics.JOB_LIFECYCLE.name()));
    }

    /**
     * A command as the scheduler enqueues it: attempt {@code attempt} of 4, enqueued now (millisecond precision, as
     * Avro keeps it), the job id derived from the unique key so every attempt of a job has the same one.
     */
    static JobCommand command(JobType type, JobQueue queue, String uniqueKey, int attempt, Object payload) {
        String jobId = UUID.nameUUIDFromBytes((type + ":" + uniqueKey).getBytes()).toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(type)
                .setQueue(queue)
                .setAttempt(attempt)
                .setMaxAttempts(4)
                .setUniqueKey(uniqueKey)
                .setCorrelationId("flow-" + uniqueKey)
                .setCausationId("event-" + uniqueKey)
                .setEnqueuedAt(now)
                .setFirstEnqueuedAt(now)
                .setPayload(payload)
                .build();
    }

    /** Sends the command to its queue's topic, keyed by jobId, and waits for the broker. */
    void send(JobCommand command) throws Exception {
        String topic = "jobs." + command.getQueue().name().toLowerCase(Locale.ROOT);
        producer.send(new ProducerRecord<>(topic, command.getJobId(), command)).get();
    }

    /** Reads until a record of this type matches; returns it (key and value). */
    <T extends SpecificRecord> ConsumerRecord<String, SpecificRecord> awaitRecord(Class<T> type,
            Predicate<T> matches) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ZERO)
                .until(() -> find(type, matches), Optional::isPresent).orElseThrow();
    }

    /** The value of {@link #awaitRecord}. */
    <T extends SpecificRecord> T awaitValue(Class<T> type, Predicate<T> matches) {
        return type.cast(awaitRecord(type, matches).value());
    }

    /** Reads until {@code count} records of this type match; returns them in the order read. */
    <T extends SpecificRecord> List<ConsumerRecord<String, SpecificRecord>> awaitRecords(Class<T> type,
            Predicate<T> matches, int count) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ZERO)
                .until(() -> records(type, matches), found -> found.size() >= count);
    }

    /** Every record of this type read so far that matches. */
    <T extends SpecificRecord> List<ConsumerRecord<String, SpecificRecord>> records(Class<T> type,
            Predicate<T> matches) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream()
                .filter(record -> type.isInstance(record.value()) && matches.test(type.cast(record.value())))
                .toList();
    }

    private <T extends SpecificRecord> Optional<ConsumerRecord<String, SpecificRecord>> find(Class<T> type,
            Predicate<T> matches) {
        return records(type, matches).stream().findFirst();
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
