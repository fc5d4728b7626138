package io.coursestream.admin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.coursestream.schemas.certificates.CertificateRegenerationBatchEnqueued;

/**
 * The batches of one {@code GenerateCourseCertificates} run as they arrive: each partition of the certificates writes
 * one {@link CertificateRegenerationBatchEnqueued} per batch, the last one finished, and says how many partitions to
 * expect; a partition without a certificate of the course writes a single finished batch of 0. Adds them up into the
 * lines an operator reads.
 */
final class CertificateRegeneration {

    private final String commandId;
    private final String courseId;
    private final int templateVersion;
    /** Per partition, the batch numbers taken: a second copy of a batch would count its jobs twice. */
    private final Map<Integer, Set<Integer>> batchesByPartition = new HashMap<>();
    /** Per partition, the jobs enqueued so far, as its latest batch says. */
    private final Map<Integer, Integer> enqueuedByPartition = new HashMap<>();
    private final Set<Integer> finished = new HashSet<>();
    private int expected;
    private int batchesWithJobs;

    CertificateRegeneration(String commandId, String courseId, int templateVersion) {
        this.commandId = Objects.requireNonNull(commandId, "commandId");
        this.courseId = Objects.requireNonNull(courseId, "courseId");
        this.templateVersion = templateVersion;
    }

    String commandId() {
        return commandId;
    }

    /**
     * Takes {@code batch} if it belongs to this run and was not taken before; returns whether it was taken (and its
     * {@link #progress} line is news).
     */
    boolean add(CertificateRegenerationBatchEnqueued batch) {
        if (!commandId.equals(batch.getCommandId())
                || !batchesByPartition.computeIfAbsent(batch.getPartition(), partition -> new HashSet<>())
                        .add(batch.getBatch())) {
            return false;
        }
        expected = Math.max(expected, batch.getPartitions());
        enqueuedByPartition.merge(batch.getPartition(), batch.getEnqueued(), Math::max);
        if (batch.getJobs() > 0) {
            batchesWithJobs++;
        }
        if (batch.getFinished()) {
            finished.add(batch.getPartition());
        }
        return true;
    }

    /** The line printed when {@code batch} arrives: {@code partition 2 batch 3: 300/450 certificates enqueued}. */
    static String progress(CertificateRegenerationBatchEnqueued batch) {
        return "partition " + batch.getPartition() + " batch " + batch.getBatch() + ": " + batch.getEnqueued() + "/"
                + batch.getTotal() + " certificates enqueued";
    }

    /** How many partitions the run covers, as the batches say; 0 before the first arrived. */
    int expected() {
        return expected;
    }

    /** How many partitions have sent their finished batch. */
    int finished() {
        return finished.size();
    }

    boolean complete() {
        return expected > 0 && unfinished().isEmpty();
    }

    /** Partitions that have not finished, of those the batches announced. */
    List<Integer> unfinished() {
        return IntStream.range(0, expected).filter(partition -> !finished.contains(partition)).boxed().toList();
    }

    /** Jobs enqueued on every partition together. */
    long enqueued() {
        return enqueuedByPartition.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Batches that enqueued something; the finished batch of 0 a partition without certificates writes is none. */
    int batches() {
        return batchesWithJobs;
    }

    /**
     * The total: {@code regeneration <commandId> of course <id> with template v<n>: <N> certificates enqueued in <B>
     * batches}, with what is still missing when the run is not complete.
     */
    String summary() {
        if (expected == 0) {
            return "no partition has reported on regeneration " + commandId;
        }
        String line = "regeneration " + commandId + " of course " + courseId + " with template v" + templateVersion
                + ": " + count(enqueued(), "certificate") + " enqueued in " + count(batches(), "batch");
        if (complete()) {
            return line;
        }
        List<Integer> unfinished = unfinished();
        return line + " so far; " + (unfinished.size() == 1 ? "partition " : "partitions ")
                + unfinished.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + (unfinished.size() == 1 ? " has" : " have") + " not finished";
    }

    private static String count(long n, String noun) {
        if (n == 1) {
            return n + " " + noun;
        }
        return n + " " + (noun.endsWith("ch") ? noun + "es" : noun + "s");
    }
}
