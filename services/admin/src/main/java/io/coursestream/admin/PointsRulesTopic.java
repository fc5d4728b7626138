package io.coursestream.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.schemas.topics.Topics;

/**
 * {@code points.rules} as the CLI reads and writes it: every version from the beginning, and one new version, keyed by
 * its number as a decimal string (the topic is compacted by that key, so every version is kept).
 */
final class PointsRulesTopic {

    /** Reading a compacted topic of a few dozen versions to its end takes well under a second; more means trouble. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String registryUrl;

    PointsRulesTopic(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    private static String topic() {
        return Topics.POINTS_RULES.name();
    }

    /** Every version on the topic by number, read from the beginning to the end as it was when asked. */
    SortedMap<Integer, PointsRuleSet> readAll() {
        Map<String, Object> config = AdminKafka.consumerConfig(bootstrapServers, registryUrl);
        try (Consumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            SortedMap<Integer, PointsRuleSet> versions = new TreeMap<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new AdminException("could not read " + topic() + " to its end within "
                            + READ_TIMEOUT.toSeconds() + " s on " + bootstrapServers);
                }
                for (ConsumerRecord<String, Object> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        continue; // a tombstone; versions are immutable and never deleted, but be lenient
                    }
                    if (!(record.value() instanceof PointsRuleSet ruleSet)) {
                        throw new AdminException(topic() + "-" + record.partition() + "@" + record.offset()
                                + " is a " + record.value().getClass().getSimpleName() + ", not a PointsRuleSet");
                    }
                    versions.put(ruleSet.getRuleVersion(), ruleSet);
                }
            }
            return versions;
        } catch (AdminException failed) {
            throw failed;
        } catch (RuntimeException failed) {
            throw new AdminException("could not read " + topic() + " on " + bootstrapServers, failed);
        }
    }

    private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey())
                >= partition.getValue());
    }

    private List<TopicPartition> partitions(Consumer<?, ?> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic());
        if (infos == null || infos.isEmpty()) {
            throw new AdminException(topic() + " does not exist on " + bootstrapServers);
        }
        return infos.stream().map(info -> new TopicPartition(topic(), info.partition())).toList();
    }

    /** Writes {@code ruleSet} keyed by its version and waits for the acknowledgement of every in-sync replica. */
    RecordMetadata publish(PointsRuleSet ruleSet) {
        Map<String, Object> config = AdminKafka.producerConfig(bootstrapServers, registryUrl);
        try (Producer<String, Object> producer = new KafkaProducer<>(config)) {
            // Without a broker the send would block for max.block.ms; asking for the topic first fails clearly.
            if (producer.partitionsFor(topic()).isEmpty()) {
                throw new AdminException(topic() + " does not exist on " + bootstrapServers);
            }
            ProducerRecord<String, Object> record =
                    new ProducerRecord<>(topic(), Integer.toString(ruleSet.getRuleVersion()), ruleSet);
            return producer.send(record).get(AdminKafka.DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while writing to " + topic(), interrupted);
        } catch (AdminException failed) {
            throw failed;
        } catch (ExecutionException | TimeoutException | RuntimeException failed) {
            throw new AdminException("could not write to " + topic() + " on " + bootstrapServers, failed);
        }
    }
}
