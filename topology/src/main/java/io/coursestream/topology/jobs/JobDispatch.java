package io.coursestream.topology.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDispatched;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.topics.Topics;

/**
 * Laravel's {@code dispatch}: a job the scheduler has nothing to hold for (no unique key to lock, no
 * {@code notBefore} to wait for) is written by its requester straight to its queue topic, with a
 * {@link JobDispatched} on {@code jobs.lifecycle}, both in one transaction. No scheduler transaction stands between
 * the request and a worker; the job runtime takes the job up from its {@code JobDispatched} (status, waiting time,
 * retries, dead letters) as if it had queued it. Both records are keyed by job id, so the {@code JobDispatched} is
 * on the partition of {@code jobs.lifecycle} the workers' reports on the job go to, before all of them: the
 * scheduler never sees a report on a job it has not taken up.
 *
 * <p>Jobs with a unique key or a delay, operators' re-enqueues of dead letters and retries go through the scheduler
 * as before ({@link JobScheduler}).
 */
public final class JobDispatch {

    private JobDispatch() {
    }

    /** True when {@code command} may be dispatched straight to its queue: a first attempt with nothing to hold. */
    public static boolean isDirect(JobCommand command) {
        return command.getUniqueKey() == null && command.getNotBefore() == null && command.getAttempt() == 1
                && command.getRequeuedBy() == null && command.getQueue() != JobQueue.UNKNOWN;
    }

    /**
     * The event announcing {@code command}, dispatched at its {@code enqueuedAt}; its id is derived from the job, so
     * a dispatch replayed after a crash writes the same one.
     *
     * @param producer    the component writing it ({@code EventMetadata.producer})
     * @param requestedBy the operator who dispatched it; null for a topology
     * @throws IllegalArgumentException if the job may not be dispatched straight ({@link #isDirect})
     */
    public static JobDispatched dispatched(JobCommand command, String producer, String requestedBy) {
        if (!isDirect(command)) {
            throw new IllegalArgumentException("job " + command.getJobId() + " has a unique key, a delay, a queue of"
                    + " none or is not a first attempt: it goes through the scheduler, not straight to its queue");
        }
        return JobDispatched.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(JobEvents.eventId("dispatched", command.getJobId(), command.getAttempt()))
                        .setOccurredAt(command.getEnqueuedAt())
                        .setCorrelationId(command.getCorrelationId())
                        .setCausationId(Objects.requireNonNullElse(command.getCausationId(), command.getJobId()))
                        .setProducer(producer)
                        .build())
                .setJobId(command.getJobId())
                .setQueue(command.getQueue())
                .setCommand(command)
                .setRequestedBy(requestedBy)
                .build();
    }

    /**
     * The two records that dispatch {@code command}, for a producer outside the stream processor to write in one
     * transaction: the command on its queue topic, then its {@link JobDispatched} on {@code jobs.lifecycle}.
     */
    public static List<ProducerRecord<String, SpecificRecord>> records(JobCommand command, String producer,
            String requestedBy) {
        JobDispatched dispatched = dispatched(command, producer, requestedBy);
        Instant at = command.getEnqueuedAt();
        return List.of(
                new ProducerRecord<>(queueTopic(command), null, at.toEpochMilli(), command.getJobId(), command),
                new ProducerRecord<>(Topics.JOB_LIFECYCLE.name(), null, at.toEpochMilli(), command.getJobId(),
                        dispatched));
    }

    /** The name of {@code command}'s queue topic, {@code jobs.<queue>}. */
    public static String queueTopic(JobCommand command) {
        return JobEvents.queueTopic(command).name();
    }
}
