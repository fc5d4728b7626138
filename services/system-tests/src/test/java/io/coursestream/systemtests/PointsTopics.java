package io.coursestream.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * What the points topology wrote, read from the beginning to the current end as a downstream reader sees it
 * ({@code read_committed}: nothing of an aborted transaction).
 */
final class PointsTopics {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private PointsTopics() {
    }

    /** {@code points.totals} as a table: the last total of every user. */
    static Map<String, PointsTotal> totals(TestEnvironment env) {
        Map<String, PointsTotal> totals = new HashMap<>();
        readToEnd(env, Topics.POINTS_TOTALS.name(), record -> totals.put(record.key(), (PointsTotal) record.value()));
        return totals;
    }

    /** Every entry on {@code points.ledger}. */
    static List<LedgerEntry> ledger(TestEnvironment env) {
        List<LedgerEntry> entries = new ArrayList<>();
        readToEnd(env, Topics.POINTS_LEDGER.name(), record -> entries.add((LedgerEntry) record.value()));
        return entries;
    }

    private static void readToEnd(TestEnvironment env, String topic,
            Consumer<ConsumerRecord<String, SpecificRecord>> action) {
        Map<String, Object> config = AvroSerdes.forRegistry(env.registryUrl()).consumerConfig();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, past every committed transaction
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to " + end + " within "
                            + READ_TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(action);
            }
        }
    }
}
