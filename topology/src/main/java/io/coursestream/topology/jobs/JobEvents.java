package io.coursestream.topology.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.admin.AlertKind;
import io.coursestream.schemas.admin.AlertSeverity;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobDuplicateDropped;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobQueued;
import io.coursestream.schemas.jobs.JobRetryScheduled;
import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;

/**
 * The events the job scheduler writes. Event ids are derived from the job id, the attempt and the event's kind, so
 * a decision replayed after a crash writes the same ids and consumers de-duplicate it.
 */
public final class JobEvents {

    static final String PRODUCER = "stream-processor";
    private static final String DEAD_LETTERED = "dead-lettered";
    static final String ALERT_SOURCE = "jobs-scheduler";

    private JobEvents() {
    }

    /** The queue topic of {@code command}, {@code jobs.<queue>}. */
    static Topic<String, JobCommand> queueTopic(JobCommand command) {
        String name = "jobs." + command.getQueue().name().toLowerCase(java.util.Locale.ROOT);
        return Topics.jobQueues().stream().filter(topic -> topic.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue topic for " + command.getQueue()));
    }

    static JobQueued queued(JobCommand command, Instant at) {
        return JobQueued.newBuilder()
                .setMetadata(metadata("queued", command, at, command.getCausationId()))
                .setJobId(command.getJobId()).setType(command.getType()).setQueue(command.getQueue())
                .setAttempt(command.getAttempt()).setMaxAttempts(command.getMaxAttempts())
                .setNotBefore(command.getNotBefore()).setUniqueKey(command.getUniqueKey())
                .setRequeuedBy(command.getRequeuedBy())
                .build();
    }

    static JobRetryScheduled retryScheduled(JobCommand failed, RetryDecision.Retry retry, Instant at, String causationId) {
        return JobRetryScheduled.newBuilder()
                .setMetadata(metadata("retry-scheduled", failed, at, causationId))
                .setJobId(failed.getJobId()).setType(failed.getType()).setQueue(failed.getQueue())
                .setAttempt(failed.getAttempt()).setNextAttempt(retry.nextAttempt())
                .setMaxAttempts(failed.getMaxAttempts())
                .setNotBefore(retry.notBefore()).setDelayMillis(retry.delay().toMillis())
                .build();
    }

    static JobDeadLettered deadLettered(JobCommand command, RetryDecision.DeadLetter decision, JobAttemptError lastError,
            Instant at, String causationId) {
        return JobDeadLettered.newBuilder()
                .setMetadata(metadata(DEAD_LETTERED, command, at, causationId))
                .setJobId(command.getJobId()).setType(command.getType()).setQueue(command.getQueue())
                .setAttempt(command.getAttempt()).setReason(decision.reason()).setLastError(lastError)
                .build();
    }

    /**
     * The dead letter of {@code command}: every attempt's error, and as original coordinates the queue record of the
     * last attempt as the worker reported it ({@code lastFailure}); -1 when no worker read it (an unknown queue).
     */
    static DeadLetteredJob deadLetter(JobCommand command, RetryDecision.DeadLetter decision, JobFailed lastFailure,
            Instant at) {
        List<JobAttemptError> errors = new ArrayList<>(command.getPreviousErrors());
        if (lastFailure != null) {
            errors.add(lastFailure.getError());
        }
        String originalTopic = decision.reason() == DeadLetterReason.UNKNOWN ? "" : queueTopic(command).name();
        return DeadLetteredJob.newBuilder()
                .setCommand(command).setErrors(errors).setReason(decision.reason()).setReasonDetail(decision.detail())
                .setOriginalTopic(originalTopic)
                .setOriginalPartition(lastFailure == null ? -1 : lastFailure.getQueuePartition())
                .setOriginalOffset(lastFailure == null ? -1L : lastFailure.getQueueOffset())
                .setDeadLetteredAt(at)
                .build();
    }

    static AdminAlertRaised deadLetterAlert(JobCommand command, RetryDecision.DeadLetter decision, Instant at,
            String causationId) {
        EventMetadata metadata = metadata("alert", command, at, causationId);
        return AdminAlertRaised.newBuilder()
                .setMetadata(metadata)
                .setAlertId(metadata.getEventId().toString())
                .setKind(AlertKind.JOB_DEAD_LETTERED).setSeverity(AlertSeverity.CRITICAL)
                .setSource(ALERT_SOURCE)
                .setTitle(command.getType() + " job dead-lettered on queue " + command.getQueue())
                .setDetail("Job " + command.getJobId() + " was dead-lettered after attempt " + command.getAttempt()
                        + ": " + decision.reason() + (decision.detail() == null ? "" : " (" + decision.detail() + ")"))
                .setDedupeKey("job-dead-lettered:" + command.getJobId())
                .setQueue(command.getQueue()).setJobId(command.getJobId()).setJobType(command.getType())
                .setAttributes(Map.of("reason", decision.reason().name(), "attempt", String.valueOf(command.getAttempt())))
                .build();
    }

    /**
     * The alert for {@code queue} whose oldest waiting job, {@code oldest}, has waited {@code waited}. Its id is
     * derived from the queue and the threshold window it falls in, so the tasks that each see a long wait on their
     * partitions in one window raise one alert id, and consumers de-duplicate them.
     */
    static AdminAlertRaised longWaitAlert(JobQueue queue, JobCommand oldest, Duration waited, Duration threshold,
            Instant at) {
        long window = at.toEpochMilli() / threshold.toMillis();
        String alertId = eventId("queue-long-wait", queue.name(), (int) window).toString();
        return AdminAlertRaised.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.fromString(alertId)).setOccurredAt(at)
                        .setCorrelationId(oldest.getCorrelationId()).setCausationId(oldest.getJobId())
                        .setProducer(PRODUCER)
                        .build())
                .setAlertId(alertId)
                .setKind(AlertKind.QUEUE_LONG_WAIT).setSeverity(AlertSeverity.WARNING)
                .setSource(ALERT_SOURCE)
                .setTitle("Queue " + queue + " has a job waiting " + waited.toSeconds() + " s for a worker")
                .setDetail("The oldest job on " + queueTopic(oldest).name() + " (" + oldest.getJobId() + ", "
                        + oldest.getType() + ") has waited " + waited.toMillis() + " ms, over the queue's threshold of "
                        + threshold.toMillis() + " ms: workers are down, too few, or stuck.")
                .setDedupeKey("queue-long-wait:" + queue)
                .setQueue(queue).setJobId(oldest.getJobId()).setJobType(oldest.getType())
                .setWaitMillis(waited.toMillis()).setThresholdMillis(threshold.toMillis())
                .setAttributes(Map.of())
                .build();
    }

    static JobDuplicateDropped duplicateDropped(JobCommand duplicate, String heldByJobId, Instant at) {
        return JobDuplicateDropped.newBuilder()
                .setMetadata(metadata("duplicate-dropped", duplicate, at, duplicate.getCausationId()))
                .setJobId(duplicate.getJobId()).setType(duplicate.getType()).setQueue(duplicate.getQueue())
                .setAttempt(duplicate.getAttempt()).setUniqueKey(duplicate.getUniqueKey()).setHeldByJobId(heldByJobId)
                .build();
    }

    /**
     * The event id of the {@link JobDeadLettered} written with {@code deadLetter}, derived from the dead letter
     * alone: a context that reads {@code jobs.dead-letter} names its step after the same event.
     */
    public static UUID deadLetteredEventId(DeadLetteredJob deadLetter) {
        return eventId(DEAD_LETTERED, deadLetter.getCommand().getJobId(), deadLetter.getCommand().getAttempt());
    }

    /** Deterministic: the same job, attempt and kind of event always get the same id. */
    static UUID eventId(String kind, String jobId, int attempt) {
        return UUID.nameUUIDFromBytes((kind + ":" + jobId + ":" + attempt).getBytes(StandardCharsets.UTF_8));
    }

    private static EventMetadata metadata(String kind, JobCommand command, Instant at, String causationId) {
        return EventMetadata.newBuilder()
                .setEventId(eventId(kind, command.getJobId(), command.getAttempt()))
                .setOccurredAt(at)
                .setCorrelationId(command.getCorrelationId())
                .setCausationId(causationId == null ? command.getJobId() : causationId)
                .setProducer(PRODUCER)
                .build();
    }
}
