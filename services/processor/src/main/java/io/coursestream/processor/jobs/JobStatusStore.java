package io.coursestream.processor.jobs;

import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

import io.coursestream.processor.inputs.ApiError;
import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.topology.jobs.JobStatusTopology;

/**
 * The local partitions of {@link JobStatusTopology#STORE}, for the jobs and queues resources, with the one answer
 * both give while it is not queryable: 503 with Retry-After, at once, no waiting loop.
 */
final class JobStatusStore {

    private static final Logger LOG = Logger.getLogger(JobStatusStore.class);
    /** Restoration of a small store takes seconds; asking again sooner is pointless. */
    static final String RETRY_AFTER_SECONDS = "2";

    private JobStatusStore() {
    }

    /** @throws InvalidStateStoreException while Kafka Streams is starting, rebalancing or restoring */
    static ReadOnlyKeyValueStore<String, JobStatus> of(KafkaStreams streams) {
        return streams.store(StoreQueryParameters.fromNameAndType(JobStatusTopology.STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    static Response notQueryable(KafkaStreams streams, InvalidStateStoreException cause) {
        return notQueryable(streams, "job status store", cause);
    }

    /** 503 with Retry-After for a store of the jobs context, named {@code what} in the message. */
    static Response notQueryable(KafkaStreams streams, String what, InvalidStateStoreException cause) {
        LOG.debugf("The %s is not queryable in state %s: %s", what, streams.state(), cause.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(new ApiError("The " + what + " is not queryable yet (Kafka Streams is " + streams.state()
                        + "); retry in " + RETRY_AFTER_SECONDS + " seconds."))
                .build();
    }
}
