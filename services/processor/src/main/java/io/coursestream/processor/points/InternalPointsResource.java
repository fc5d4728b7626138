package io.coursestream.processor.points;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.coursestream.processor.inputs.ApiError;

/**
 * What one instance tells the others about its own partitions of the points stores, for the rank in
 * {@code /api/users/{id}/points} and for {@code /api/leaderboard}. Answers per partition, so that the asking instance
 * can tell whether every partition was answered exactly once; never forwarded.
 */
@Path(InternalPointsResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "internal", description = "Between the stream processor's instances")
public class InternalPointsResource {

    static final String PATH = "/api/internal/points";

    /** Per partition of this instance: the number of users with a total above the one asked for. */
    public record UsersAbove(Map<Integer, Long> partitions) {
    }

    /** Per partition of this instance: its users with the highest totals, highest first. */
    public record PartitionTops(Map<Integer, List<Leaderboard.Candidate>> partitions) {
    }

    private final LocalPointsStores local;

    InternalPointsResource(LocalPointsStores local) {
        this.local = local;
    }

    @GET
    @Path("/users-above")
    @Operation(summary = "Users above a total, on this instance", description = "Per store partition this instance"
            + " serves: how many users have a total strictly above `total`.")
    @APIResponse(responseCode = "200", description = "Counts by partition",
            content = @Content(schema = @Schema(implementation = UsersAbove.class)))
    @APIResponse(responseCode = "400", description = "total missing or not a whole number",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The stores are not queryable yet",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response usersAbove(@QueryParam("total") String total) {
        long totalPoints;
        try {
            totalPoints = QueryParameters.requiredLong("total", total);
        } catch (IllegalArgumentException invalid) {
            return PointsResponses.badRequest(invalid);
        }
        return PointsResponses.answer(local, () -> Response.ok(new UsersAbove(local.usersAbove(totalPoints))).build());
    }

    @GET
    @Path("/top")
    @Operation(summary = "Highest totals, on this instance", description = "Per store partition this instance"
            + " serves: its `top` users with the highest totals, highest first.")
    @APIResponse(responseCode = "200", description = "Users by partition",
            content = @Content(schema = @Schema(implementation = PartitionTops.class)))
    @APIResponse(responseCode = "400", description = "top out of 1..100",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The stores are not queryable yet",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response top(@QueryParam("top") String top) {
        int count;
        try {
            count = Leaderboard.parseTop(top);
        } catch (IllegalArgumentException invalid) {
            return PointsResponses.badRequest(invalid);
        }
        return PointsResponses.answer(local, () -> Response.ok(new PartitionTops(local.top(count))).build());
    }
}
