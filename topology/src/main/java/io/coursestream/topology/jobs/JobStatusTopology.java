package io.coursestream.topology.jobs;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.schemas.topics.Topics;

/**
 * The status of every job, for {@code /api/jobs/{id}} and {@code /api/queues}: folds the scheduler's requests,
 * {@link Topics#JOB_LIFECYCLE} and {@link Topics#JOB_SCHEDULING} into {@value #STORE}, one {@link JobStatus} per
 * job id, by the rules of {@link JobStatusFold}. Outputs: no topic, only the store (and its changelog).
 *
 * <p>It reuses the streams {@link JobScheduler} sources ({@link JobScheduler.JobStreams}): a topology reads a topic
 * through one source node. All three are keyed by job id and co-partitioned, so the fold needs no repartition. It
 * is a processor over a timestamped store (the layout an aggregation keeps) rather than {@code groupByKey()}: the
 * requests are re-keyed only where they must move ({@link TaskOfKey}), which the DSL cannot see, and it would add
 * a repartition of every job event.
 */
public final class JobStatusTopology {

    public static final String STORE = "jobs-status-store";

    private JobStatusTopology() {
    }

    /**
     * Adds the status fold over {@code streams}.
     *
     * @param policies the queues' policies, as the scheduler's
     * @param statuses serde of {@link JobStatus}, for the store and its changelog
     */
    public static void build(StreamsBuilder builder, JobScheduler.JobStreams streams, QueuePolicies policies,
            Serde<JobStatus> statuses) {
        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(STORE),
                Serdes.String(), statuses));
        KStream<String, SpecificRecord> jobEvents = streams.requests()
                .merge(streams.lifecycle(), Named.as("jobs-status-merge-lifecycle"))
                .merge(streams.scheduling(), Named.as("jobs-status-merge-scheduling"));
        jobEvents.process(() -> new Fold(policies), Named.as("jobs-status-fold"), STORE);
    }

    /** One job's events into its status; a record without a key or value changes nothing, as in an aggregation. */
    private static final class Fold implements Processor<String, SpecificRecord, Void, Void> {

        private final QueuePolicies policies;
        private TimestampedKeyValueStore<String, JobStatus> store;

        Fold(QueuePolicies policies) {
            this.policies = policies;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            ValueAndTimestamp<JobStatus> current = store.get(record.key());
            JobStatus next = JobStatusFold.apply(current == null ? null : current.value(), record.value(), policies);
            if (next == null) {
                return; // not an event about a job's status, and no status yet
            }
            long timestamp = current == null ? record.timestamp() : Math.max(current.timestamp(), record.timestamp());
            store.put(record.key(), ValueAndTimestamp.make(next, timestamp));
        }
    }
}
