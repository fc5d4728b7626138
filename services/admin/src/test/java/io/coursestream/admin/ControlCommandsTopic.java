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
 * wrote lies in that range, and nothing else does unless someone else wrote meanwhile. The other topics the CLI writes
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
        try (Consumer<String, SpecificRecord> consumer = consumer(env)) {
            return new ControlCommandsTopic(env, topic, consumer.endOffsets(partitions(topic)));
        }
    }

    List<ConsumerRecord<String, SpecificRecord>> writtenSinceMark() {
        try (Consumer<String, SpecificRecord> consumer = consumer(env)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions(topic));
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

    private static Consumer<String, SpecificRecord> consumer(TestEnvironment env) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.forRegistry(env.registryUrl()).consumerConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // What a transaction of the CLI wrote is read only once committed, as workers and the processor read it.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config);
    }
}
