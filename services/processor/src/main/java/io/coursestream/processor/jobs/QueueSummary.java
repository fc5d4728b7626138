package io.coursestream.processor.jobs;

import java.time.Instant;

/**
 * One queue's jobs by state, as {@code /api/queues} answers it; tallied by {@link QueueTally}.
 *
 * @param waiting           queued, held until {@code notBefore} or waiting for a retry's backoff
 * @param running           started and not yet ended
 * @param succeeded         ended successfully
 * @param failed            an attempt failed and the scheduler has not yet decided (retry or dead letter)
 * @param deadLettered      on {@code jobs.dead-letter}
 * @param duplicatesDropped dropped because another job held their unique key
 * @param oldestQueuedSince when the longest-waiting job that is due (state QUEUED) was released; null if none
 */
public record QueueSummary(String queue, long waiting, long running, long succeeded, long failed, long deadLettered,
        long duplicatesDropped, Instant oldestQueuedSince) {
}
