package io.coursestream.processor.jobs;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobAttemptError;

/** One failed job as {@code /api/failed-jobs} lists it: the dead letter without its stack traces. */
public record FailedJobView(String jobId, String type, String queue, String reason, String reasonDetail, int attempts,
        Instant deadLetteredAt, String originalTopic, int originalPartition, long originalOffset, String requeuedBy,
        JobStatusView.AttemptError lastError) {

    static FailedJobView of(DeadLetteredJob job) {
        List<JobAttemptError> errors = job.getErrors();
        return new FailedJobView(job.getCommand().getJobId(), job.getCommand().getType().name(),
                job.getCommand().getQueue().name(), job.getReason().name(), job.getReasonDetail(),
                job.getCommand().getAttempt(), job.getDeadLetteredAt(), job.getOriginalTopic(),
                job.getOriginalPartition(), job.getOriginalOffset(), job.getCommand().getRequeuedBy(),
                errors.isEmpty() ? null : JobStatusView.AttemptError.of(errors.get(errors.size() - 1)));
    }

    /** A listing: {@code total} matching jobs, of which the first {@code jobs} (oldest first). */
    public record Page(int total, List<FailedJobView> jobs) {
    }

    /** One failed job with every attempt's error, cause chain and stack trace; in JSON the job's fields are inline. */
    public record Detail(@JsonUnwrapped FailedJobView job, List<AttemptDetail> errors) {

        static Detail of(DeadLetteredJob job) {
            return new Detail(FailedJobView.of(job), job.getErrors().stream().map(AttemptDetail::of).toList());
        }
    }

    /** An attempt's error in full. */
    public record AttemptDetail(int attempt, String errorClass, String message, List<String> causes, String stackTrace,
            boolean retriable, String workerId, Instant failedAt) {

        static AttemptDetail of(JobAttemptError error) {
            return new AttemptDetail(error.getAttempt(), error.getErrorClass(), error.getMessage(), error.getCauses(),
                    error.getStackTrace(), error.getRetriable(), error.getWorkerId(), error.getFailedAt());
        }
    }

    /** What an admin call wrote: the command id and how many records (one per partition for a queue or all). */
    public record CommandAccepted(String commandId, String command, int records) {
    }
}
