package io.coursestream.processor.learning;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.coursestream.processor.inputs.ApiError;
import io.coursestream.processor.queries.KeyQueries;
import io.coursestream.processor.queries.KeyQueryResponses;
import io.coursestream.processor.queries.QueryRouting;
import io.coursestream.schemas.learning.CourseProgress;
import io.coursestream.schemas.learning.CourseStructure;
import io.coursestream.topology.learning.CourseProgressRules;
import io.coursestream.topology.learning.LearningTopology;

/**
 * A learner's progress in a course over HTTP: an interactive query of {@link LearningTopology#PROGRESS_STORE} (in the
 * learner's partition) answered by any instance ({@link KeyQueries}), measured at the time of the request against the
 * course's structure as the catalogue has it now (every instance holds every course), so a changed course shows at
 * once.
 */
@Path("/api/users/{id}/courses")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "learning", description = "Course progress and certificate verification")
public class CourseProgressResource {

    private final KeyQueries queries;

    CourseProgressResource(KeyQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{courseId}/progress")
    @Operation(summary = "A learner's progress in a course", description = "Episodes completed, the share of the"
            + " required ones done, and whether and when the course was completed.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CourseProgressView.class)))
    @APIResponse(responseCode = "404", description = "The learner has completed no episode of the course",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @Extension(name = KeyQueryResponses.EXTENSION, value = "true") // 503, 504
    public Response progress(@PathParam("id") String userId, @PathParam("courseId") String courseId,
            @Parameter(hidden = true) @HeaderParam(QueryRouting.FORWARDED_BY) String forwardedBy,
            @Context UriInfo request) {
        String what = "user " + userId + " in course " + courseId;
        return queries.<CourseProgress>answer(LearningTopology.PROGRESS_STORE, userId,
                LearningTopology.progressKey(userId, courseId), what, forwardedBy, request.getRequestUri(),
                progress -> progress == null
                        ? Response.status(Response.Status.NOT_FOUND).entity(new ApiError("No progress of " + what
                                + " yet."))
                        : Response.ok(CourseProgressView.of(CourseProgressRules.measured(progress,
                                queries.<CourseStructure>global(LearningTopology.STRUCTURE_STORE, courseId)))));
    }
}
