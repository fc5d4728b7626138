package io.coursestream.processor.points;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import io.coursestream.processor.queries.QueryUnavailableException;

/**
 * Answers gathered from several instances, one per store partition. Each instance answers for the partitions it
 * serves at that moment; during a rebalance a partition may be answered twice (the first answer is kept) or by
 * nobody, and then the whole answer would be wrong, so {@link #complete()} refuses it.
 */
final class PartitionAnswers<T> {

    private final int partitions;
    private final SortedMap<Integer, T> answers = new TreeMap<>();

    PartitionAnswers(int partitions) {
        this.partitions = partitions;
    }

    void addAll(Map<Integer, T> byPartition) {
        byPartition.forEach(answers::putIfAbsent);
    }

    /** The partitions nobody answered for. */
    Set<Integer> missing() {
        Set<Integer> missing = new TreeSet<>();
        for (int partition = 0; partition < partitions; partition++) {
            if (!answers.containsKey(partition)) {
                missing.add(partition);
            }
        }
        return missing;
    }

    /**
     * One answer per partition, by partition.
     *
     * @param failures why some instances did not answer, for the message
     * @throws QueryUnavailableException (503) when a partition has no answer
     */
    SortedMap<Integer, T> complete(List<String> failures) {
        Set<Integer> missing = missing();
        if (!missing.isEmpty()) {
            throw QueryUnavailableException.retry("No instance answered for partitions " + missing + " of the points"
                    + " stores (an instance is starting, stopping or restoring, or the group is rebalancing"
                    + (failures.isEmpty() ? "" : "; " + String.join(", ", failures)) + ")");
        }
        return answers;
    }
}
