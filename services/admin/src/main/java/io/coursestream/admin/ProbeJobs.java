package io.coursestream.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProbeJob;

/**
 * The job runtime's self-test as a first attempt: a {@link JobType#PROBE} job with a new id on the queue to check. It
 * runs through the scheduler, a worker and the lifecycle reports like any job, and touches nothing outside them.
 */
public final class ProbeJobs {

    /** {@code maxAttempts} 0: the queue's policy decides how often the probe is tried. */
    static final int QUEUE_DEFAULT_ATTEMPTS = 0;

    private ProbeJobs() {
    }

    /**
     * Attempt 1 of a new probe job on {@code queue}; its correlation id is its own job id, so every event it causes
     * can be found by it.
     *
     * @param uniqueKey lock key, or null for none
     * @param notBefore earliest start, or null for as soon as possible
     */
    public static JobCommand probe(JobQueue queue, ProbeJob payload, String uniqueKey, Instant notBefore,
            Instant now) {
        String jobId = UUID.randomUUID().toString();
        return JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(JobType.PROBE)
                .setQueue(queue)
                .setAttempt(1)
                .setMaxAttempts(QUEUE_DEFAULT_ATTEMPTS)
                .setNotBefore(notBefore)
                .setRetryUntil(null)
                .setUniqueKey(uniqueKey)
                .setCorrelationId(jobId)
                .setCausationId(null)
                .setEnqueuedAt(now)
                .setFirstEnqueuedAt(now)
                .setRequeuedBy(null)
                .setPreviousErrors(List.of())
                .setPayload(payload)
                .build();
    }
}
