package io.coursestream.topology.jobs;

import java.time.Instant;
import java.util.List;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;

/**
 * A job as a topology requests it from the job scheduler: attempt 1, the queue's retry budget (maxAttempts 0: the
 * queue's policy decides), no deadline, no previous errors, enqueued now. What differs per job is its id, type, queue,
 * unique key, payload, the flow it continues and the record that caused it, and whether it waits for a time.
 */
public final class JobRequests {

    private JobRequests() {
    }

    /**
     * @param uniqueKey     the key the scheduler holds from enqueue to the terminal outcome; null for none
     * @param correlationId the flow the job continues
     * @param causationId   event id of the record that caused the request
     * @param at            when it is requested: enqueued and first enqueued then
     * @param payload       the job type's payload record
     */
    public static JobCommand request(String jobId, JobType type, JobQueue queue, String uniqueKey,
            String correlationId, String causationId, Instant at, Object payload) {
        return request(jobId, type, queue, uniqueKey, correlationId, causationId, at, null, payload);
    }

    /**
     * As {@link #request(String, JobType, JobQueue, String, String, String, Instant, Object)}, held until
     * {@code notBefore} (null: at once).
     */
    public static JobCommand request(String jobId, JobType type, JobQueue queue, String uniqueKey,
            String correlationId, String causationId, Instant at, Instant notBefore, Object payload) {
        return JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(type)
                .setQueue(queue)
                .setAttempt(1)
                .setMaxAttempts(0) // the queue's policy decides
                .setNotBefore(notBefore)
                .setRetryUntil(null)
                .setUniqueKey(uniqueKey)
                .setCorrelationId(correlationId)
                .setCausationId(causationId)
                .setEnqueuedAt(at)
                .setFirstEnqueuedAt(at)
                .setRequeuedBy(null)
                .setPreviousErrors(List.of())
                .setPayload(payload)
                .build();
    }
}
