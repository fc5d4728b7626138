package io.coursestream.processor.jobs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
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
 * Interactive query over {@link JobStatusTopology#STORE}: one job's state, attempts, progress and last error. Answers
 * from this instance's store partitions: with several instances, a job on another instance's partition is 404 here
 * until query routing (DESIGN 7) forwards to the owner.
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "The job runtime")
public class JobsResource {

    private final KafkaStreams streams;

    JobsResource(KafkaStreams streams) {
        this.streams = streams;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A job's status", description = "State, attempt, progress and last error of one job, from"
            + " jobs.lifecycle and jobs.scheduling.")
    @APIResponse(responseCode = "200", description = "The job's status",
            content = @Content(schema = @Schema(implementation = JobStatusView.class)))
    @APIResponse(responseCode = "404", description = "No job with this id in this instance's partitions",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The store is not queryable yet (starting, rebalancing or"
            + " restoring); retry after the number of seconds in Retry-After",
            headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response job(@PathParam("id") String jobId) {
        try {
            JobStatus status = JobStatusStore.of(streams).get(jobId);
            if (status == null) {
                return Response.status(Response.Status.NOT_FOUND)
                        .entity(new ApiError("No job " + jobId + " is known to this instance: it was never enqueued,"
                                + " or its partition is served by another instance."))
                        .build();
            }
            return Response.ok(JobStatusView.of(status)).build();
        } catch (InvalidStateStoreException notQueryable) {
            return JobStatusStore.notQueryable(streams, notQueryable);
        }
    }
}
