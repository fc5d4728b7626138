package io.coursestream.processor.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobState;
import io.coursestream.schemas.jobs.JobStatus;

/** Counts job statuses per queue and state, for {@link QueueSummary}. Not thread-safe: one per request. */
final class QueueTally {

    private final Map<JobQueue, Map<JobState, Long>> counts = new EnumMap<>(JobQueue.class);
    private final Map<JobQueue, Instant> oldestQueuedSince = new EnumMap<>(JobQueue.class);

    QueueTally() {
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
    }

    /** One summary per known queue, in catalogue order, even with no jobs; UNKNOWN only if a job is on it. */
    List<QueueSummary> summaries() {
        List<QueueSummary> summaries = new ArrayList<>();
        counts.forEach((queue, byState) -> summaries.add(new QueueSummary(queue.name(),
                count(byState, JobState.QUEUED) + count(byState, JobState.SCHEDULED)
                        + count(byState, JobState.RETRY_SCHEDULED),
                count(byState, JobState.RUNNING), count(byState, JobState.SUCCEEDED), count(byState, JobState.FAILED),
                count(byState, JobState.DEAD_LETTERED), count(byState, JobState.DUPLICATE_DROPPED),
                oldestQueuedSince.get(queue))));
        return summaries;
    }

    private static long count(Map<JobState, Long> byState, JobState state) {
        return byState.getOrDefault(state, 0L);
    }
}
