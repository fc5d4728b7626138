package io.coursestream.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * Everything the job runtime writes from the journal's creation on: the queue topics, {@code jobs.lifecycle},
 * {@code jobs.scheduling}, {@code jobs.dead-letter} and {@code admin.alerts} (or the topics a test names). Tests
 * wait for an event and then look at all events seen so far. Single-threaded: the test thread polls.
 */
final class Journal implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<ConsumerRecord<String, SpecificRecord>> seen = new ArrayList<>();

    Journal(TestEnvironment env) {
        this(env, jobTopics());
    }

    /** A journal of {@code topics}, read from the beginning. */
    Journal(TestEnvironment env, List<String> topics) {
        Map<String, Object> config = AvroSerdes.forRegistry(env.registryUrl()).consumerConfig();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config);
        // From the end as of now: earlier tests of this JVM may have left hundreds of thousands of records.
        List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))).toList();
        consumer.assign(partitions);
        consumer.endOffsets(partitions).forEach(consumer::seek);
    }

    private static List<String> jobTopics() {
        List<String> topics = new ArrayList<>(List.of(Topics.JOB_LIFECYCLE.name(), Topics.JOB_SCHEDULING.name(),
                Topics.JOB_DEAD_LETTER.name(), Topics.ADMIN_ALERTS.name()));
        Topics.jobQueues().forEach(queue -> topics.add(queue.name()));
        return topics;
    }

    /** Polls until an event of {@code type} matching {@code condition} is seen; returns it. */
    <T extends SpecificRecord> T await(Class<T> type, Predicate<T> condition, Duration timeout) {
        Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    poll();
                    return find(type, condition).isPresent();
                });
        return find(type, condition).orElseThrow();
    }

    /**
     * Every event of {@code type} written since the journal was created and committed by now that matches
     * {@code condition}, in the order read per partition.
     */
    <T extends SpecificRecord> List<T> all(Class<T> type, Predicate<T> condition) {
        catchUp();
        return seen.stream().map(ConsumerRecord::value).filter(type::isInstance).map(type::cast).filter(condition)
                .toList();
    }

    /** The first record seen whose value is of {@code type} and matches {@code condition}, with its coordinates. */
    <T extends SpecificRecord> ConsumerRecord<String, SpecificRecord> record(Class<T> type, Predicate<T> condition) {
        catchUp();
        return seen.stream().filter(record -> type.isInstance(record.value()))
                .filter(record -> condition.test(type.cast(record.value()))).findFirst().orElseThrow();
    }

    private <T extends SpecificRecord> Optional<T> find(Class<T> type, Predicate<T> condition) {
        return seen.stream().map(ConsumerRecord::value).filter(type::isInstance).map(type::cast).filter(condition)
                .findFirst();
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }

    /** Reads everything committed so far (read_committed: up to each partition's last stable offset). */
    private void catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        while (end.entrySet().stream()
                .anyMatch(partition -> consumer.position(partition.getKey()) < partition.getValue())) {
            poll();
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
