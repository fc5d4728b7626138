// Test fixtures: job commands and worker reports as the scheduler's tests need them.
package io.coursestream.topology.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.OptimizeImages;

/** Job commands and worker reports for topology tests; every command is enqueued at {@link #T0}. */
public final class JobFixtures {

    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private JobFixtures() {
    }

    /** A command of attempt 1 for {@code queue}; the scheduler never reads the payload, so it is always the same. */
    public static JobCommand.Builder command(String jobId, JobQueue queue) {
        return JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(queue == JobQueue.PAYMENTS ? JobType.PROCESS_PAYMENT : JobType.OPTIMIZE_IMAGES)
                .setQueue(queue)
                .setAttempt(1)
                .setMaxAttempts(0)
                .setCorrelationId("flow-" + jobId)
                .setEnqueuedAt(T0)
                .setFirstEnqueuedAt(T0)
                .setPreviousErrors(List.of())
                .setPayload(OptimizeImages.newBuilder()
                        .setMediaId("media-7").setOwnerId("user-1").setBucket("media").setObjectKey("media-7.png")
                        .setFileName("cover.png").setContentType("image/png").setSizeBytes(1_024L).setSha256("ab12")
                        .build());
    }

    public static JobFailed failed(String jobId, JobQueue queue, int attempt, boolean retriable, Instant at) {
        return JobFailed.newBuilder()
                .setMetadata(workerMetadata(jobId, "failed-" + attempt, at))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(queue).setAttempt(attempt)
                .setError(JobAttemptError.newBuilder()
                        .setAttempt(attempt).setErrorClass("java.io.IOException").setMessage("attempt " + attempt)
                        .setRetriable(retriable).setWorkerId("worker-1").setFailedAt(at)
                        .build())
                .setRetriable(retriable).setWorkerId("worker-1").setDurationMillis(100L)
                .build();
    }

    public static JobStarted started(String jobId, JobQueue queue, int attempt, Instant at) {
        return JobStarted.newBuilder()
                .setMetadata(workerMetadata(jobId, "started-" + attempt, at))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(queue).setAttempt(attempt)
                .setWorkerId("worker-1").setWaitMillis(0L)
                .build();
    }

    public static JobSucceeded succeeded(String jobId, JobQueue queue, int attempt, Instant at) {
        return JobSucceeded.newBuilder()
                .setMetadata(workerMetadata(jobId, "succeeded-" + attempt, at))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(queue).setAttempt(attempt)
                .setWorkerId("worker-1").setDurationMillis(100L).setOutputs(Map.of())
                .build();
    }

    private static EventMetadata workerMetadata(String jobId, String what, Instant at) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((jobId + what).getBytes(StandardCharsets.UTF_8)))
                .setOccurredAt(at).setCorrelationId("flow-" + jobId).setCausationId(jobId).setProducer("workers")
                .build();
    }

}
