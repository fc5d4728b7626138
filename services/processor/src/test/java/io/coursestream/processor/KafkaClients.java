package io.coursestream.processor;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;

/** Plain Kafka clients for the ITs, configured as an upstream service or a downstream reader would be. */
final class KafkaClients {

    /** The stream processor's consumer group: its application.id. */
    static final String PROCESSOR_GROUP = "coursestream-stream-processor";

    private final String bootstrapServers;
    private final AvroSerdes serdes;

    KafkaClients(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.serdes = AvroSerdes.forRegistry(registryUrl);
    }

    AvroSerdes serdes() {
        return serdes;
    }

    /** An upstream producer of Avro events through the registry. */
    KafkaProducer<String, SpecificRecord> eventProducer() {
        return new KafkaProducer<>(producerConfig(serdes.producerConfig()));
    }

    /** A producer of raw bytes, for records the registry serde would never write. */
    KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(producerConfig(AvroSerdes.rawProducerConfig()));
    }

    /** A reader of Avro events through the registry, from the beginning, in a group of its own. */
    KafkaConsumer<String, SpecificRecord> eventConsumer() {
        return new KafkaConsumer<>(consumerConfig(serdes.consumerConfig()));
    }

    /** A reader of raw bytes (dead letters), from the beginning, committed transactions only. */
    KafkaConsumer<byte[], byte[]> rawConsumer() {
        return new KafkaConsumer<>(consumerConfig(AvroSerdes.rawConsumerConfig()));
    }

    /**
     * Polls {@code consumer} until {@code done} holds for what it read, at most {@code timeout}.
     *
     * @return everything read
     */
    static <K, V> List<ConsumerRecord<K, V>> pollUntil(KafkaConsumer<K, V> consumer, Duration timeout,
            Predicate<List<ConsumerRecord<K, V>>> done) {
        List<ConsumerRecord<K, V>> read = new ArrayList<>();
        await().atMost(timeout).pollInterval(Duration.ZERO).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            return done.test(read);
        });
        return read;
    }

    /**
     * Waits until the stream processor has committed everything written to its input topics: then its input event
     * counts reflect every record sent before this call.
     */
    void awaitProcessorCaughtUp(Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> lagOf(admin).isEmpty());
        }
    }

    /** Partitions the processor still has to read, with how many offsets it is behind. */
    private static Map<TopicPartition, Long> lagOf(Admin admin) throws ExecutionException, InterruptedException {
        Set<String> topics = Topics.inputs().stream().map(topic -> topic.name()).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(partition -> ends.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(PROCESSOR_GROUP).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> lag = new HashMap<>();
        admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((partition, end) -> {
                    OffsetAndMetadata position = committed.get(partition);
                    long behind = end.offset() - (position == null ? 0 : position.offset());
                    if (behind > 0) {
                        lag.put(partition, behind);
                    }
                });
        return lag;
    }

    private Map<String, Object> producerConfig(Map<String, Object> serdeConfig) {
        Map<String, Object> config = new HashMap<>(serdeConfig);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    private Map<String, Object> consumerConfig(Map<String, Object> serdeConfig) {
        Map<String, Object> config = new HashMap<>(serdeConfig);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }
}
