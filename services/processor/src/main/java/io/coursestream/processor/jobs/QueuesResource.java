package io.coursestream.processor.jobs;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.coursestream.processor.inputs.ApiError;
import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.topology.jobs.JobStatusTopology;

/**
 * Per-queue job counts, tallied from {@link JobStatusTopology#STORE} on each request (a scan of the local store).
 * Covers only this instance's partitions: with several instances, each answers for its own share of the jobs until
 * query routing (DESIGN 7) gathers them.
 */
@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "The job runtime")
public class QueuesResource {

    private final KafkaStreams streams;
    private final QueueLag lag;

    QueuesResource(KafkaStreams streams, QueueLag lag) {
        this.streams = streams;
        this.lag = lag;
    }

    @GET
    @Operation(summary = "Jobs per queue and state", description = "Waiting (queued, held until notBefore or waiting"
            + " for a retry), running, succeeded (and within the last minute), failed, dead-lettered and dropped"
            + " duplicates per queue, and the oldest waiting job's age, from this instance's partitions of the job"
            + " status store; and the workers' consumer lag on each queue topic, from the broker.")
    @APIResponse(responseCode = "200", description = "One entry per queue, in catalogue order",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = QueueSummary.class)))
    @APIResponse(responseCode = "503", description = "The store is not queryable yet (starting, rebalancing or"
            + " restoring); retry after the number of seconds in Retry-After",
            headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response queues() {
        try (KeyValueIterator<String, JobStatus> all = JobStatusStore.of(streams).all()) {
            QueueTally tally = new QueueTally(Instant.now());
            all.forEachRemaining(entry -> tally.add(entry.value));
            return Response.ok(tally.summaries(lag.lagByQueue())).build();
        } catch (InvalidStateStoreException notQueryable) {
            return JobStatusStore.notQueryable(streams, notQueryable);
        }
    }
}
