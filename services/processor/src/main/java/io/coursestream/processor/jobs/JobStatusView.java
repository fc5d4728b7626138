package io.coursestream.processor.jobs;

import java.time.Instant;

import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobStatus;

/** One job's status as {@code /api/jobs/{id}} answers it: the store's {@link JobStatus}, in plain JSON. */
public record JobStatusView(String jobId, String type, String queue, String state, int attempt, int maxAttempts,
        int progressPercent, String progressMessage, AttemptError lastError, String uniqueKey, String workerId,
        String correlationId, Instant enqueuedAt, Instant notBefore, Instant startedAt, Instant finishedAt,
        Instant updatedAt) {

    /** The error of a failed attempt; the stack trace stays on {@code jobs.dead-letter}. */
    public record AttemptError(int attempt, String errorClass, String message, boolean retriable, String workerId,
            Instant failedAt) {

        static AttemptError of(JobAttemptError error) {
            return error == null ? null : new AttemptError(error.getAttempt(), error.getErrorClass(),
                    error.getMessage(), error.getRetriable(), error.getWorkerId(), error.getFailedAt());
        }
    }

    public static JobStatusView of(JobStatus status) {
        return new JobStatusView(status.getJobId(), status.getType().name(), status.getQueue().name(),
                status.getState().name(), status.getAttempt(), status.getMaxAttempts(), status.getProgressPercent(),
                status.getProgressMessage(), AttemptError.of(status.getLastError()), status.getUniqueKey(),
                status.getWorkerId(), status.getCorrelationId(), status.getEnqueuedAt(), status.getNotBefore(),
                status.getStartedAt(), status.getFinishedAt(), status.getUpdatedAt());
    }
}
