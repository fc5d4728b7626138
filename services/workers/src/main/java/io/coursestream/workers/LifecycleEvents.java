package io.coursestream.workers;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes what workers report to {@code jobs.lifecycle} (workers are its single writer), keyed by jobId so a job's
 * events stay in order. Every method returns once the broker acknowledged the event (acks=all) and throws if it did
 * not: the caller must not acknowledge the command before its report is durable.
 */
@ApplicationScoped
public class LifecycleEvents {

    static final String PRODUCER = "workers";

    private final MutinyEmitter<SpecificRecord> emitter;
    private final Clock clock;

    @Inject
    LifecycleEvents(@Channel("job-lifecycle") MutinyEmitter<SpecificRecord> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    void started(JobCommand command, String workerId, long waitMillis) {
        send(command, JobStarted.newBuilder()
                .setMetadata(metadata(command))
                .setJobId(command.getJobId())
                .setType(command.getType())
                .setQueue(command.getQueue())
                .setAttempt(command.getAttempt())
                .setWorkerId(workerId)
                .setWaitMillis(waitMillis)
                .build());
    }

    void progressed(JobCommand command, int percent, String message) {
        send(command, JobProgressed.newBuilder()
                .setMetadata(metadata(command))
                .setJobId(command.getJobId())
                .setType(command.getType())
                .setQueue(command.getQueue())
                .setAttempt(command.getAttempt())
                .setPercent(percent)
                .setMessage(message)
                .build());
    }

    void succeeded(JobCommand command, String workerId, long durationMillis, Map<String, String> outputs) {
        send(command, JobSucceeded.newBuilder()
                .setMetadata(metadata(command))
                .setJobId(command.getJobId())
                .setType(command.getType())
                .setQueue(command.getQueue())
                .setAttempt(command.getAttempt())
                .setWorkerId(workerId)
                .setDurationMillis(durationMillis)
                .setOutputs(outputs)
                .build());
    }

    /** {@code queuePartition} and {@code queueOffset}: where the worker read the command, to find it again. */
    void failed(JobCommand command, JobAttemptError error, long durationMillis, int queuePartition, long queueOffset) {
        send(command, JobFailed.newBuilder()
                .setMetadata(metadata(command))
                .setJobId(command.getJobId())
                .setType(command.getType())
                .setQueue(command.getQueue())
                .setAttempt(command.getAttempt())
                .setError(error)
                .setRetriable(error.getRetriable())
                .setWorkerId(error.getWorkerId())
                .setDurationMillis(durationMillis)
                .setQueuePartition(queuePartition)
                .setQueueOffset(queueOffset)
                .build());
    }

    private void send(JobCommand command, SpecificRecord event) {
        emitter.sendMessageAndAwait(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(command.getJobId()).build()));
    }

    /** The job's flow continues: its correlationId; the job itself caused the event. */
    private EventMetadata metadata(JobCommand command) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(clock.instant())
                .setCorrelationId(command.getCorrelationId())
                .setCausationId(command.getJobId())
                .setProducer(PRODUCER)
                .build();
    }
}
