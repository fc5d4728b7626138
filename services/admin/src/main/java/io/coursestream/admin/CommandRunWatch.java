package io.coursestream.admin;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topic;

/**
 * Watches a topic for what the stream processor writes about one operator command, keyed by its command id: the
 * parts of a level run on {@code points.events}, the batches of a certificate regeneration on
 * {@code certificates.regeneration-runs}. Opened before the command is written, it stands at the end of every
 * partition (committed records only), so everything the command causes lies ahead of it and nothing of an earlier
 * command with the same id could. Values are decoded only for records keyed by the command id: such a topic may carry
 * much else, and a record the CLI does not need must not cost it a registry lookup.
 */
final class CommandRunWatch implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<SpecificRecord> values;
    private final String topic;
    private final String bootstrapServers;

    private CommandRunWatch(Consumer<String, byte[]> consumer,
            Deserializer<SpecificRecord> values, String topic, String bootstrapServers) {
        this.consumer = consumer;
        this.values = values;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    /** A watch at the current end of every partition of {@code topic}. */
    static CommandRunWatch atEnd(String bootstrapServers, String registryUrl, Topic<String, ?> topic) {
        Consumer<String, byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(AdminKafka.rawValueConsumerConfig(bootstrapServers, registryUrl));
        } catch (RuntimeException invalid) {
            throw new AdminException("cannot create a Kafka consumer for " + bootstrapServers, invalid);
        }
        Deserializer<SpecificRecord> values =
                AvroSerdes.forRegistry(registryUrl).<SpecificRecord>specificRecordSerde(false).deserializer();
        CommandRunWatch watch = new CommandRunWatch(consumer, values, topic.name(), bootstrapServers);
        try {
            watch.seekToEnd();
            return watch;
        } catch (RuntimeException failed) {
            watch.close();
            throw failed;
        }
    }

    private void seekToEnd() {
        List<TopicPartition> partitions;
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            partitions = infos == null ? List.of()
                    : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        } catch (RuntimeException unreachable) {
            throw new AdminException("cannot read " + topic + " on " + bootstrapServers, unreachable);
        }
        if (partitions.isEmpty()) {
            throw new AdminException(topic + " does not exist on " + bootstrapServers);
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: look the offsets up now, before the command is written, not at the first poll.
        partitions.forEach(consumer::position);
    }

    /**
     * Hands each value keyed by {@code commandId} to {@code each}, in the order read, until {@code done} or
     * {@code timeout} has passed.
     */
    void await(String commandId, Duration timeout, BooleanSupplier done,
            java.util.function.Consumer<SpecificRecord> each) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                long left = Math.max(1, Math.min(POLL.toNanos(), deadline - System.nanoTime()));
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofNanos(left))) {
                    if (commandId.equals(record.key())) {
                        each.accept(decode(record));
                    }
                }
            }
        } catch (AdminException failed) {
            throw failed;
        } catch (RuntimeException failed) {
            throw new AdminException("could not read " + topic + " on " + bootstrapServers, failed);
        }
    }

    private SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        try {
            return values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException undecodable) {
            throw new AdminException("cannot decode " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " (key " + record.key() + ")", undecodable);
        }
    }

    @Override
    public void close() {
        consumer.close();
        values.close();
    }
}
