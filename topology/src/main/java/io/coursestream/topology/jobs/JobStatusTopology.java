package io.coursestream.topology.jobs;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.schemas.topics.Topics;

/**
 * The status of every job, for {@code /api/jobs/{id}} and {@code /api/queues}: folds the scheduler's requests,
 * {@link Topics#JOB_LIFECYCLE} and {@link Topics#JOB_SCHEDULING} into {@value #STORE}, one {@link JobStatus} per
 * job id, by the rules of {@link JobStatusFold}. Outputs: no topic, only the store (and its changelog).
 *
 * <p>It reuses the streams {@link JobScheduler} sources ({@link JobScheduler.JobStreams}): a topology reads a topic
 * through one source node. All three are keyed by job id and co-partitioned, so the fold needs no repartition.
 */
public final class JobStatusTopology {

    public static final String STORE = "jobs-status-store";

    private JobStatusTopology() {
    }

    /**
     * Adds the status fold over {@code streams}.
     *
     * @param statuses serde of {@link JobStatus}, for the store and its changelog
     * @return the status table, backed by {@value #STORE}
     */
    public static KTable<String, JobStatus> build(JobScheduler.JobStreams streams, Serde<SpecificRecord> events,
            Serde<JobStatus> statuses) {
        KStream<String, SpecificRecord> jobEvents = streams.requests()
                .merge(streams.lifecycle(), Named.as("jobs-status-merge-lifecycle"))
                .merge(streams.scheduling(), Named.as("jobs-status-merge-scheduling"));
        return jobEvents
                .groupByKey(Grouped.with("jobs-status-by-job-id", Serdes.String(), events))
                .aggregate(() -> null, (jobId, event, status) -> JobStatusFold.apply(status, event),
                        Named.as("jobs-status-fold"),
                        Materialized.<String, JobStatus, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(statuses));
    }
}
