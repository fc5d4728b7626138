package io.coursestream.processor.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.coursestream.processor.admin.ControlCommands;
import io.coursestream.processor.inputs.ApiError;
import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.schemas.control.ForgetFailedJobs;
import io.coursestream.schemas.control.RetryFailedJobs;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.topology.jobs.FailedJobCommands;
import io.coursestream.topology.jobs.FailedJobIndex;

/**
 * The failed-job index ({@link FailedJobIndex#STORE}) over HTTP, as {@code coursestream-admin failed-jobs} offers it:
 * list and show answer from this instance's partitions of the store; retry and forget write the same
 * {@link RetryFailedJobs} / {@link ForgetFailedJobs} commands as the CLI and answer 202, since the topology carries
 * them out asynchronously ({@code /api/jobs/{id}} then shows the retried job). The operator is named by the
 * {@value #OPERATOR_HEADER} header.
 */
@Path("/api/failed-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "The job runtime")
public class FailedJobsResource {

    static final String OPERATOR_HEADER = "X-Operator";
    private static final String DEFAULT_OPERATOR = "admin-api";
    private static final int MAX_LIMIT = 1_000;

    private final KafkaStreams streams;
    private final ControlCommands commands;
    FailedJobsResource(KafkaStreams streams, ControlCommands commands) {
        this.streams = streams;
        this.commands = commands;
    }

    @GET
    @Operation(summary = "Failed jobs", description = "Dead-lettered jobs not yet retried or forgotten, oldest first,"
            + " from this instance's partitions of the failed-job index.")
    @APIResponse(responseCode = "200", description = "The total and the first `limit` jobs",
            content = @Content(schema = @Schema(implementation = FailedJobView.Page.class)))
    @APIResponse(responseCode = "400", description = "Unknown queue or a limit out of range",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response list(@QueryParam("queue") String queue, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return badRequest("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Optional<JobQueue> selected;
        try {
            selected = queue(queue);
        } catch (IllegalArgumentException unknown) {
            return badRequest(unknown.getMessage());
        }
        try (KeyValueIterator<String, DeadLetteredJob> all = store().all()) {
            List<DeadLetteredJob> matching = new ArrayList<>();
            all.forEachRemaining(entry -> {
                if (selected.isEmpty() || selected.get() == entry.value.getCommand().getQueue()) {
                    matching.add(entry.value);
                }
            });
            matching.sort(Comparator.comparing(DeadLetteredJob::getDeadLetteredAt));
            List<FailedJobView> page = matching.stream().limit(limit).map(FailedJobView::of).toList();
            return Response.ok(new FailedJobView.Page(matching.size(), page)).build();
        } catch (InvalidStateStoreException notQueryable) {
            return JobStatusStore.notQueryable(streams, "failed-job index", notQueryable);
        }
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One failed job", description = "The dead letter with every attempt's error in full.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = FailedJobView.Detail.class)))
    @APIResponse(responseCode = "404", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response show(@PathParam("id") String jobId) {
        try {
            DeadLetteredJob job = store().get(jobId);
            return job == null ? notFound(jobId) : Response.ok(FailedJobView.Detail.of(job)).build();
        } catch (InvalidStateStoreException notQueryable) {
            return JobStatusStore.notQueryable(streams, "failed-job index", notQueryable);
        }
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Retry one failed job", description = "Runs it again under its own id from attempt 1.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = FailedJobView.CommandAccepted.class)))
    @APIResponse(responseCode = "404", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response retryOne(@PathParam("id") String jobId, @HeaderParam(OPERATOR_HEADER) String operator) {
        return onKnownJob(jobId, () -> FailedJobCommands.retry(FailedJobCommands.job(jobId), operator(operator), Instant.now()));
    }

    @POST
    @Path("/retry")
    @Operation(summary = "Retry failed jobs", description = "Every failed job of `queue`, or every failed job.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = FailedJobView.CommandAccepted.class)))
    public Response retryMany(@QueryParam("queue") String queue, @HeaderParam(OPERATOR_HEADER) String operator) {
        return onSelection(queue, selector -> FailedJobCommands.retry(selector, operator(operator), Instant.now()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Forget one failed job", description = "Drops it from the index; jobs.dead-letter keeps it.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = FailedJobView.CommandAccepted.class)))
    @APIResponse(responseCode = "404", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response forgetOne(@PathParam("id") String jobId, @HeaderParam(OPERATOR_HEADER) String operator) {
        return onKnownJob(jobId, () -> FailedJobCommands.forget(FailedJobCommands.job(jobId), operator(operator), Instant.now()));
    }

    @DELETE
    @Operation(summary = "Forget failed jobs", description = "Every failed job of `queue`, or every failed job.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = FailedJobView.CommandAccepted.class)))
    public Response forgetMany(@QueryParam("queue") String queue, @HeaderParam(OPERATOR_HEADER) String operator) {
        return onSelection(queue, selector -> FailedJobCommands.forget(selector, operator(operator), Instant.now()));
    }

    private Response onKnownJob(String jobId, Supplier<FailedJobCommands.Request> command) {
        try {
            if (store().get(jobId) == null) {
                return notFound(jobId);
            }
        } catch (InvalidStateStoreException notQueryable) {
            return JobStatusStore.notQueryable(streams, "failed-job index", notQueryable);
        }
        return accepted(command.get());
    }

    private Response onSelection(String queue,
            Function<FailedJobSelector, FailedJobCommands.Request> command) {
        try {
            return accepted(command.apply(queue(queue).map(FailedJobCommands::queue).orElseGet(FailedJobCommands::all)));
        } catch (IllegalArgumentException unknown) {
            return badRequest(unknown.getMessage());
        }
    }

    private Response accepted(FailedJobCommands.Request request) {
        try {
            commands.send(request.records());
        } catch (ControlCommands.CommandNotWrittenException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(new ApiError(e.getMessage())).build();
        }
        return Response.accepted(new FailedJobView.CommandAccepted(request.commandId(), request.command(),
                request.records().size())).build();
    }

    private ReadOnlyKeyValueStore<String, DeadLetteredJob> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(FailedJobIndex.STORE, QueryableStoreTypes.keyValueStore()));
    }

    /** The queue named (case-insensitive); empty for none. */
    private static Optional<JobQueue> queue(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            JobQueue queue = JobQueue.valueOf(name.trim().toUpperCase(Locale.ROOT));
            if (queue != JobQueue.UNKNOWN) {
                return Optional.of(queue);
            }
        } catch (IllegalArgumentException unknown) {
            // answered below
        }
        throw new IllegalArgumentException("unknown queue '" + name + "'; one of default, payments, media, emails,"
                + " backups, affiliates");
    }

    private static String operator(String header) {
        return header == null || header.isBlank() ? DEFAULT_OPERATOR : header.trim();
    }

    private static Response notFound(String jobId) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(new ApiError("No failed job " + jobId + " in this instance's partitions of the index: it never"
                        + " failed for good, was retried or forgotten, or another instance holds it."))
                .build();
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ApiError(message)).build();
    }
}
