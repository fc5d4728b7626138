package io.coursestream.workers;

import io.coursestream.schemas.jobs.JobType;

/**
 * Runs one attempt of the jobs of one {@link JobType}. Implementations are CDI beans, found at start (one per type);
 * they delegate to a service class and hold no business logic themselves.
 *
 * <p>A handler runs one attempt and returns or throws: the scheduler in the stream processor decides about retries.
 * It may run more than once for the same job (a worker killed mid-job, a rebalance), so it must be idempotent on
 * {@link JobContext#jobId()}; {@link JobContext#attempt()} tells which attempt this is.
 */
public interface JobHandler {

    /** The job type this handler runs. */
    JobType type();

    /**
     * Runs the attempt. Returning reports {@code JobSucceeded}; throwing reports {@code JobFailed}, retriable unless
     * the exception is (or is caused by) a {@link FatalJobException}.
     */
    void handle(JobContext context) throws Exception;
}
