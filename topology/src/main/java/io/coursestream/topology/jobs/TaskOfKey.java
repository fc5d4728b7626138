package io.coursestream.topology.jobs;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * A repartition that only moves the records that must move. A record whose key the default partitioner puts on the
 * partition of the task it is already in (its producer keyed it that way, or its new key hashes to the same
 * partition) goes on in this task; only the others cross the repartition topic {@code <name>-repartition}. Every
 * record of one key still ends in one task, so state per key stays in one place; a job that needs no move saves a
 * transaction commit and a fetch on its way to a worker.
 *
 * <p>Nodes, for {@code name}: {@code <name>-placement}, the split {@code <name>-} with {@code -local} and
 * {@code -remote}, {@code <name>-local-values}, {@code <name>-remote-values}, the repartition's nodes and
 * {@code <name>-merge}.
 */
final class TaskOfKey {

    private TaskOfKey() {
    }

    /** {@code stream} (keyed as wanted) with every record in the task of its key. */
    static <V> KStream<String, V> route(KStream<String, V> stream, String name, Serde<V> values, int partitions) {
        Map<String, KStream<String, Placed<V>>> placed = stream
                .processValues(() -> new Placement<V>(partitions), Named.as(name + "-placement"))
                .split(Named.as(name + "-"))
                .branch((key, record) -> record.local(), Branched.as("local"))
                .defaultBranch(Branched.as("remote"));
        KStream<String, V> moved = placed.get(name + "-remote")
                .mapValues(Placed::value, Named.as(name + "-remote-values"))
                .repartition(Repartitioned.<String, V>as(name).withKeySerde(Serdes.String()).withValueSerde(values)
                        .withNumberOfPartitions(partitions));
        return placed.get(name + "-local")
                .mapValues(Placed::value, Named.as(name + "-local-values"))
                .merge(moved, Named.as(name + "-merge"));
    }

    /** The partition Kafka's default partitioner gives a record with this key, as every coursestream producer uses. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** A value and whether its key belongs to the task it is in; never serialized. */
    record Placed<V>(V value, boolean local) {
    }

    private static final class Placement<V> implements FixedKeyProcessor<String, V, Placed<V>> {

        private final int partitions;
        private FixedKeyProcessorContext<String, Placed<V>> context;

        Placement(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Placed<V>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            boolean local = partitionOf(record.key(), partitions) == context.taskId().partition();
            context.forward(record.withValue(new Placed<>(record.value(), local)));
        }
    }
}
