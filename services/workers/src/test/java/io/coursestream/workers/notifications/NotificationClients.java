package io.coursestream.workers.notifications;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.notifications.MailReceipt;
import io.coursestream.schemas.topics.Topics;

/**
 * The notification ITs' side of Kafka: sends job commands to {@code jobs.emails} as the scheduler would, and reads
 * {@code notifications.notification-events} from the start with keys, as the user directory and campaign tracking do.
 */
final class NotificationClients implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaConsumer<String, SpecificRecord> events;
    private final Map<String, Object> consumerConfig;
    private final List<ConsumerRecord<String, SpecificRecord>> seen = new ArrayList<>();

    NotificationClients(String bootstrapServers, String registryUrl) {
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
        events = new KafkaConsumer<>(consumerConfig);
        events.subscribe(List.of(Topics.NOTIFICATION_EVENTS.name()));
        this.consumerConfig = consumerConfig;
    }

    /** Every e-mail receipt of {@code notificationId} on {@code partition} of notifications.mail-receipts. */
    List<MailReceipt> receipts(int partition, String notificationId) {
        TopicPartition receipts = new TopicPartition(Topics.MAIL_RECEIPTS.name(), partition);
        try (KafkaConsumer<String, SpecificRecord> reader = new KafkaConsumer<>(consumerConfig)) {
            reader.assign(List.of(receipts));
            reader.seekToBeginning(List.of(receipts));
            long end = reader.endOffsets(List.of(receipts)).get(receipts);
            List<MailReceipt> found = new ArrayList<>();
            while (reader.position(receipts) < end) {
                reader.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (notificationId.equals(record.key())) {
                        found.add((MailReceipt) record.value());
                    }
                });
            }
            return found;
        }
    }

    /** A command on jobs.emails, attempt 1 of 5, enqueued now (millisecond precision, as Avro keeps it). */
    static JobCommand emailCommand(JobType type, Instant notBefore, Object payload) {
        String jobId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(type)
                .setQueue(JobQueue.EMAILS)
                .setAttempt(1)
                .setMaxAttempts(5)
                .setNotBefore(notBefore)
                .setCorrelationId("flow-" + jobId)
                .setCausationId("event-" + jobId)
                .setEnqueuedAt(now)
                .setFirstEnqueuedAt(now)
                .setPayload(payload)
                .build();
    }

    /** Sends the command to jobs.emails, keyed by jobId, and waits for the broker; returns where it landed. */
    RecordMetadata send(JobCommand command) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.JOBS_EMAILS.name(), command.getJobId(), command)).get();
    }

    /** Reads the topic until an event of this type matches; returns its record (key and value). */
    <T extends SpecificRecord> ConsumerRecord<String, SpecificRecord> awaitRecord(Class<T> type, Predicate<T> matches) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ZERO)
                .until(() -> find(type, matches), Optional::isPresent).orElseThrow();
    }

    /** The value of {@link #awaitRecord}. */
    <T extends SpecificRecord> T awaitValue(Class<T> type, Predicate<T> matches) {
        return type.cast(awaitRecord(type, matches).value());
    }

    /** Every record read so far, in the order read (per partition, the topic's order). */
    List<ConsumerRecord<String, SpecificRecord>> seen() {
        return List.copyOf(seen);
    }

    private <T extends SpecificRecord> Optional<ConsumerRecord<String, SpecificRecord>> find(Class<T> type,
            Predicate<T> matches) {
        events.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream()
                .filter(record -> type.isInstance(record.value()) && matches.test(type.cast(record.value())))
                .findFirst();
    }

    @Override
    public void close() {
        producer.close();
        events.close();
    }
}
