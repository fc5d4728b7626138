package io.coursestream.workers;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

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
 * events stay in order (one producer, idempotent, so the order of sending is the order on the partition). The
 * outcomes ({@code JobSucceeded}, {@code JobFailed}) return a stage that completes once the broker acknowledged them
 * (acks=all) and fails if it did not: the caller must not acknowledge the command before its outcome is durable. {@code JobStarted} and
 * {@code JobProgressed} are sent without waiting, so a job never waits for its own progress reports; they are
 * written before the outcome that follows them, and a lost one only leaves a status without its start or progress.
 *
 * <p>The emitter buffers what the channel has not yet taken without bound: an outcome refused by a full buffer
 * would nack its command and stop the queue. What waits there is bounded by the queues' unacknowledged outcomes
 * ({@link UnacknowledgedOutcomes}), their starts, and the progress reports of the attempts running.
 */
@ApplicationScoped
public class LifecycleEvents {

    private static final Logger LOG = Logger.getLogger(LifecycleEvents.class);

    private final MutinyEmitter<SpecificRecord> emitter;
    private final Clock clock;

    @Inject
    LifecycleEvents(@Channel("job-lifecycle") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<SpecificRecord> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    void started(JobCommand command, String workerId, long waitMillis) {
        sendWithoutWaiting(command, JobStarted.newBuilder()
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
        sendWithoutWaiting(command, JobProgressed.newBuilder()
                .setMetadata(metadata(command))
                .setJobId(command.getJobId())
                .setType(command.getType())
                .setQueue(command.getQueue())
                .setAttempt(command.getAttempt())
                .setPercent(percent)
                .setMessage(message)
                .build());
    }

    CompletionStage<Void> succeeded(JobCommand command, String workerId, long durationMillis,
            Map<String, String> outputs) {
        return send(command, JobSucceeded.newBuilder()
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
    CompletionStage<Void> failed(JobCommand command, JobAttemptError error, long durationMillis, int queuePartition,
            long queueOffset) {
        return send(command, JobFailed.newBuilder()
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

    private CompletionStage<Void> send(JobCommand command, SpecificRecord event) {
        return emitter.sendMessage(message(command, event)).subscribeAsCompletionStage();
    }

    private void sendWithoutWaiting(JobCommand command, SpecificRecord event) {
        emitter.sendMessage(message(command, event)).subscribe().with(
                done -> { },
                failure -> LOG.warnf("%s of job %s attempt %d not written: %s", event.getSchema().getName(),
                        command.getJobId(), command.getAttempt(), failure.toString()));
    }

    private static Message<SpecificRecord> message(JobCommand command, SpecificRecord event) {
        return Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(command.getJobId()).build());
    }

    /** The job's flow continues: its correlationId; the job itself caused the event. */
    private EventMetadata metadata(JobCommand command) {
        return JobEventMetadata.causedBy(command, clock.instant());
    }
}
