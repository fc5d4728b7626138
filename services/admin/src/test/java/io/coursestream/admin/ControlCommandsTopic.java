package io.coursestream.admin;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * Reads back what was written to {@code control.commands} between a mark and now, exactly: from the end offsets at
 * the mark to the end offsets when asked. The CLI returns only after every write is acknowledged, so everything it
 * wrote lies in that range, and nothing else does unless someone else wrote meanwhile. The range ends at the log's
 * end, not at the last stable offset: a transaction's commit returns before the broker has written its markers to
 * every partition, so the stable offset may not yet cover what the CLI wrote; the read (read_committed) then waits
 * for the markers. The other topics the CLI writes
 * ({@code certificates.certificate-status}) are read back the same way, through {@link #mark(TestEnvironment, Topic)}.
 */
final class ControlCommandsTopic {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final TestEnvironment env;
    private final Topic<?, ?> topic;
    private final Map<TopicPartition, Long> mark;

    private ControlCommandsTopic(TestEnvironment env, Topic<?, ?> topic, Map<TopicPartition, Long> mark) {
        this.env = env;
        this.topic = topic;
        this.mark = mark;
    }

    static ControlCommandsTopic mark(TestEnvironment env) {
        return mark(env, Topics.CONTROL_COMMANDS);
    }

    static ControlCommandsTopic mark(TestEnvironment env, Topic<?, ?> topic) {
        return new ControlCommandsTopic(env, topic, logEnds(env, topic));
    }

    List<ConsumerRecord<String, SpecificRecord>> writtenSinceMark() {
        Map<TopicPartition, Long> end = logEnds(env, topic);
        try (Consumer<String, SpecificRecord> consumer = consumer(env, "read_committed")) {
            consumer.assign(partitions(topic));
            mark.forEach(consumer::seek);
            List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
            await().atMost(READ_TIMEOUT).until(() -> {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
                return end.entrySet().stream()
                        .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
            });
            return records;
        }
    }

    private static List<TopicPartition> partitions(Topic<?, ?> topic) {
        return IntStream.range(0, topic.partitions())
                .mapToObj(partition -> new TopicPartition(topic.name(), partition))
                .toList();
    }

    /** The offsets after the last record of every partition of {@code topic}, committed or not. */
    private static Map<TopicPartition, Long> logEnds(TestEnvironment env, Topic<?, ?> topic) {
        try (Consumer<String, SpecificRecord> consumer = consumer(env, "read_uncommitted")) {
            return consumer.endOffsets(partitions(topic));
        }
    }

    /**
     * @param isolation read_committed to read what a transaction of the CLI wrote only once committed, as workers
     *                  and the processor read it
     */
    private static Consumer<String, SpecificRecord> consumer(TestEnvironment env, String isolation) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.forRegistry(env.registryUrl()).consumerConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(config);
    }
}
