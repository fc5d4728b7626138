package io.coursestream.topology.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.schemas.control.ForgetFailedJobs;
import io.coursestream.schemas.control.RetryFailedJobs;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.OperatorCommandMetadata;

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

    /**
     * One operator request: its command id, the command's type name ({@code RetryFailedJobs}, {@code ForgetFailedJobs})
     * and the records that carry it, one per partition unless it names one job.
     */
    public record Request(String commandId, String command, List<ProducerRecord<String, SpecificRecord>> records) {
    }

    /** The request that retries the failed jobs {@code selector} names. */
    public static Request retry(FailedJobSelector selector, String requestedBy, Instant at) {
        String commandId = UUID.randomUUID().toString();
        return request(selector, commandId, RetryFailedJobs.class, () -> RetryFailedJobs.newBuilder()
                .setMetadata(OperatorCommandMetadata.of(commandId, at)).setCommandId(commandId).setRequestedBy(requestedBy)
                .setSelector(selector).build());
    }

    /** The request that forgets the failed jobs {@code selector} names. */
    public static Request forget(FailedJobSelector selector, String requestedBy, Instant at) {
        String commandId = UUID.randomUUID().toString();
        return request(selector, commandId, ForgetFailedJobs.class, () -> ForgetFailedJobs.newBuilder()
                .setMetadata(OperatorCommandMetadata.of(commandId, at)).setCommandId(commandId).setRequestedBy(requestedBy)
                .setSelector(selector).build());
    }

    private static Request request(FailedJobSelector selector, String commandId,
            Class<? extends SpecificRecord> type, Supplier<SpecificRecord> command) {
        String topic = Topics.CONTROL_COMMANDS.name();
        List<ProducerRecord<String, SpecificRecord>> records = selector.getJobId() != null
                ? List.of(new ProducerRecord<>(topic, selector.getJobId(), command.get()))
                : IntStream.range(0, Topics.CONTROL_COMMANDS.partitions())
                        .mapToObj(partition -> new ProducerRecord<>(topic, partition, commandId, command.get()))
                        .toList();
        return new Request(commandId, type.getSimpleName(), records);
    }

}
