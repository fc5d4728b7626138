package io.coursestream.processor.jobs;

import java.time.Instant;

/**
 * One queue's jobs by state, as {@code /api/queues} answers it; tallied by {@link QueueTally}.
 *
 * @param waiting              queued, held until {@code notBefore} or waiting for a retry's backoff
 * @param running              started and not yet ended
 * @param succeeded            ended successfully
 * @param donePerMinute        succeeded within the minute before the answer
 * @param failed               an attempt failed and the scheduler has not yet decided (retry or dead letter)
 * @param deadLettered         on {@code jobs.dead-letter}
 * @param duplicatesDropped    dropped because another job held their unique key
 * @param oldestQueuedSince    when the longest-waiting job that is due (state QUEUED) was released; null if none
 * @param oldestWaitingSeconds how long that job has waited, at the time of the answer; null if none
 * @param consumerLag          offsets on the queue topic the workers have not committed (jobs not yet reported on);
 *                             null when the broker did not answer in time. The scheduler writes the queue topics in
 *                             transactions, so a caught-up queue may show up to one per partition: the commit marker
 *                             after its last job
 */
public record QueueSummary(String queue, long waiting, long running, long succeeded, long donePerMinute, long failed,
        long deadLettered, long duplicatesDropped, Instant oldestQueuedSince, Long oldestWaitingSeconds,
        Long consumerLag) {
}
