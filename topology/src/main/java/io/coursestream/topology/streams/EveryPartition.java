package io.coursestream.topology.streams;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * A multicast partitioner: every record goes to every partition of the topic. For commands that each task must run
 * over its own share of a keyed state (a level run over a task's users, a campaign over a task's part of the user
 * directory): written to a repartition topic with the partition count of the state's topics, each task receives one
 * copy.
 *
 * @param <K> key type, ignored
 * @param <V> value type, ignored
 */
public final class EveryPartition<K, V> implements StreamPartitioner<K, V> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
    }
}
