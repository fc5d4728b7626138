package io.coursestream.topology.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.schemas.control.ForgetFailedJobs;
import io.coursestream.schemas.control.RetryFailedJobs;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;

/**
 * The failed-job index (Laravel's {@code failed_jobs} table): every dead-lettered job, by job id, in
 * {@value #STORE}, until an operator retries or forgets it with {@link RetryFailedJobs} or {@link ForgetFailedJobs}
 * on {@code control.commands} (see {@link FailedJobCommands}).
 *
 * <p>Inputs: {@link Topics#JOB_DEAD_LETTER} (keyed by job id) and the operators' commands; both topics have the
 * catalogue's partition count, so task <i>p</i> holds the failed jobs of partition <i>p</i> and reads the commands
 * of partition <i>p</i>: a command for one job is keyed by its id and lands where the job is; a command for a queue
 * or for all jobs is written to every partition. Output: one job request per retried job, keyed by job id, for the
 * scheduler; the retried job keeps its id, type, queue, payload, unique key and correlation id, starts again at
 * attempt 1 with the retry budget reset and {@code requeuedBy} naming the operator. Its earlier errors stay on
 * {@code jobs.dead-letter}; the index drops it when it is retried, and holds it again if it fails again.
 */
public final class FailedJobIndex {

    public static final String STORE = "jobs-failed-store";
    public static final String PROCESSOR = "jobs-failed-index";

    private FailedJobIndex() {
    }

    /**
     * {@code jobs.dead-letter}, read through the one source node a topology may have for it: the index reads it, and
     * the contexts whose jobs' dead letters decide something (payments).
     */
    public static KStream<String, SpecificRecord> deadLetters(StreamsBuilder builder, Serde<SpecificRecord> events) {
        return builder.stream(Topics.JOB_DEAD_LETTER.name(),
                Consumed.with(Serdes.String(), events).withName("jobs-dead-letter-source"));
    }

    /**
     * Adds the index to {@code builder}.
     *
     * @param controlCommands {@code control.commands} as read (every command type; the index takes its two)
     * @param deadLetters     {@code jobs.dead-letter} as read ({@link #deadLetters})
     * @param events          serde of the records on {@code jobs.dead-letter} and of the index store
     * @return the retried jobs' requests, keyed by job id
     */
    public static KStream<String, JobCommand> build(StreamsBuilder builder, KStream<String, SpecificRecord> controlCommands,
            KStream<String, SpecificRecord> deadLetters, Serde<SpecificRecord> events) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), AvroSerdes.typed(events)));
        return controlCommands
                .filter((key, command) -> command instanceof RetryFailedJobs || command instanceof ForgetFailedJobs,
                        Named.as("jobs-failed-commands"))
                .merge(deadLetters, Named.as("jobs-failed-merge-dead-letters"))
                .process(() -> new IndexProcessor(STORE), Named.as(PROCESSOR), STORE);
    }

    /** Keeps the index and answers the operators' commands. */
    static final class IndexProcessor implements Processor<String, SpecificRecord, String, JobCommand> {

        private static final Logger LOG = LoggerFactory.getLogger(IndexProcessor.class);

        private final String storeName;
        private ProcessorContext<String, JobCommand> context;
        private KeyValueStore<String, DeadLetteredJob> failed;

        IndexProcessor(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<String, JobCommand> context) {
            this.context = context;
            this.failed = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (record.value() instanceof DeadLetteredJob deadLettered) {
                failed.put(deadLettered.getCommand().getJobId(), deadLettered);
            } else if (record.value() instanceof RetryFailedJobs retry) {
                Instant at = Instant.ofEpochMilli(record.timestamp());
                List<DeadLetteredJob> selected = select(retry.getSelector());
                for (DeadLetteredJob job : selected) {
                    JobCommand request = retried(job.getCommand(), retry, at);
                    failed.delete(request.getJobId());
                    context.forward(new Record<>(request.getJobId(), request, record.timestamp()));
                }
                LOG.info("RetryFailedJobs {} by {}: {} failed job(s) re-enqueued", retry.getCommandId(),
                        retry.getRequestedBy(), selected.size());
            } else if (record.value() instanceof ForgetFailedJobs forget) {
                List<DeadLetteredJob> selected = select(forget.getSelector());
                selected.forEach(job -> failed.delete(job.getCommand().getJobId()));
                LOG.info("ForgetFailedJobs {} by {}: {} failed job(s) forgotten", forget.getCommandId(),
                        forget.getRequestedBy(), selected.size());
            }
        }

        private List<DeadLetteredJob> select(FailedJobSelector selector) {
            if (selector.getJobId() != null) {
                DeadLetteredJob job = failed.get(selector.getJobId());
                return job == null ? List.of() : List.of(job);
            }
            List<DeadLetteredJob> selected = new ArrayList<>();
            try (KeyValueIterator<String, DeadLetteredJob> all = failed.all()) {
                all.forEachRemaining(entry -> {
                    if (matches(selector, entry)) {
                        selected.add(entry.value);
                    }
                });
            }
            return selected;
        }

        private static boolean matches(FailedJobSelector selector, KeyValue<String, DeadLetteredJob> entry) {
            return selector.getQueue() == null || selector.getQueue() == entry.value.getCommand().getQueue();
        }

        /** The job as a new request: attempt 1, full retry budget, no delay, no deadline, the operator's name. */
        private static JobCommand retried(JobCommand failedCommand, RetryFailedJobs retry, Instant at) {
            return JobCommand.newBuilder(failedCommand)
                    .setAttempt(1)
                    .setNotBefore(null)
                    .setRetryUntil(null)
                    .setEnqueuedAt(at)
                    .setFirstEnqueuedAt(at)
                    .setRequeuedBy(retry.getRequestedBy())
                    .setCausationId(retry.getMetadata().getEventId().toString())
                    .setPreviousErrors(List.of())
                    .build();
        }
    }
}
