package io.coursestream.processor.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobState;
import io.coursestream.schemas.jobs.JobStatus;

/** Counts job statuses per queue and state, for {@link QueueSummary}. Not thread-safe: one per request. */
final class QueueTally {

    private final Map<JobQueue, Map<JobState, Long>> counts = new EnumMap<>(JobQueue.class);
    private final Map<JobQueue, Instant> oldestQueuedSince = new EnumMap<>(JobQueue.class);
    private final Map<JobQueue, Long> doneLastMinute = new EnumMap<>(JobQueue.class);
    private final Instant now;

    /** @param now the time of the answer, for the last minute's throughput and the oldest job's wait */
    QueueTally(Instant now) {
        this.now = now;
        for (JobQueue queue : JobQueue.values()) {
            if (queue != JobQueue.UNKNOWN) {
                counts.put(queue, new EnumMap<>(JobState.class));
            }
        }
    }

    void add(JobStatus status) {
        JobQueue queue = status.getQueue();
        counts.computeIfAbsent(queue, unknown -> new EnumMap<>(JobState.class)).merge(status.getState(), 1L, Long::sum);
        if (status.getState() == JobState.QUEUED) {
            oldestQueuedSince.merge(queue, status.getUpdatedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        if (status.getState() == JobState.SUCCEEDED && status.getFinishedAt() != null
                && status.getFinishedAt().isAfter(now.minus(Duration.ofMinutes(1)))) {
            doneLastMinute.merge(queue, 1L, Long::sum);
        }
    }

    /**
     * One summary per known queue, in catalogue order, even with no jobs; UNKNOWN only if a job is on it.
     *
     * @param lag the workers' consumer lag per queue, empty if unknown
     */
    List<QueueSummary> summaries(Optional<Map<JobQueue, Long>> lag) {
        List<QueueSummary> summaries = new ArrayList<>();
        counts.forEach((queue, byState) -> {
            Instant oldest = oldestQueuedSince.get(queue);
            summaries.add(new QueueSummary(queue.name(),
                    count(byState, JobState.QUEUED) + count(byState, JobState.SCHEDULED)
                            + count(byState, JobState.RETRY_SCHEDULED),
                    count(byState, JobState.RUNNING), count(byState, JobState.SUCCEEDED),
                    doneLastMinute.getOrDefault(queue, 0L), count(byState, JobState.FAILED),
                    count(byState, JobState.DEAD_LETTERED), count(byState, JobState.DUPLICATE_DROPPED),
                    oldest, oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds()),
                    lag.map(byQueue -> byQueue.get(queue)).orElse(null)));
        });
        return summaries;
    }

    private static long count(Map<JobState, Long> byState, JobState state) {
        return byState.getOrDefault(state, 0L);
    }
}
