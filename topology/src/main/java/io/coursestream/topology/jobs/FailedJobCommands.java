package io.coursestream.topology.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.schemas.control.ForgetFailedJobs;
import io.coursestream.schemas.control.RetryFailedJobs;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.topics.Topics;

/**
 * The records an operator's tool writes to {@code control.commands} to retry or forget failed jobs, for every tool
 * alike (the admin CLI, the admin API).
 *
 * <p>The failed-job index ({@link FailedJobIndex}) is partitioned like {@code jobs.dead-letter}, by job id. A command
 * for one job is keyed by its job id, so it reaches the partition holding it; a command for a queue or for all jobs
 * is written once to every partition of {@code control.commands}, so every partition of the index acts on it. Each
 * copy has its own event id and the same command id.
 */
public final class FailedJobCommands {

    private static final String PRODUCER = "admin";

    private FailedJobCommands() {
    }

    /** One failed job by id. */
    public static FailedJobSelector job(String jobId) {
        return FailedJobSelector.newBuilder().setJobId(jobId).setQueue(null).build();
    }

    /** Every failed job of {@code queue}. */
    public static FailedJobSelector queue(JobQueue queue) {
        return FailedJobSelector.newBuilder().setJobId(null).setQueue(queue).build();
    }

    /** Every failed job. */
    public static FailedJobSelector all() {
        return FailedJobSelector.newBuilder().setJobId(null).setQueue(null).build();
    }

    /** The records that retry the failed jobs {@code selector} names. */
    public static List<ProducerRecord<String, SpecificRecord>> retry(FailedJobSelector selector, String requestedBy,
            Instant at) {
        String commandId = UUID.randomUUID().toString();
        return records(selector, commandId, () -> RetryFailedJobs.newBuilder()
                .setMetadata(metadata(commandId, at)).setCommandId(commandId).setRequestedBy(requestedBy)
                .setSelector(selector).build());
    }

    /** The records that forget the failed jobs {@code selector} names. */
    public static List<ProducerRecord<String, SpecificRecord>> forget(FailedJobSelector selector, String requestedBy,
            Instant at) {
        String commandId = UUID.randomUUID().toString();
        return records(selector, commandId, () -> ForgetFailedJobs.newBuilder()
                .setMetadata(metadata(commandId, at)).setCommandId(commandId).setRequestedBy(requestedBy)
                .setSelector(selector).build());
    }

    private static List<ProducerRecord<String, SpecificRecord>> records(FailedJobSelector selector, String commandId,
            Supplier<SpecificRecord> command) {
        String topic = Topics.CONTROL_COMMANDS.name();
        if (selector.getJobId() != null) {
            return List.of(new ProducerRecord<>(topic, selector.getJobId(), command.get()));
        }
        return IntStream.range(0, Topics.CONTROL_COMMANDS.partitions())
                .mapToObj(partition -> new ProducerRecord<>(topic, partition, commandId, command.get()))
                .toList();
    }

    private static EventMetadata metadata(String commandId, Instant at) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(at)
                .setCorrelationId(commandId)
                .setCausationId(null)
                .setProducer(PRODUCER)
                .build();
    }
}
