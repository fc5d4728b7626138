package io.coursestream.processor.points;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.coursestream.processor.inputs.ApiError;
import io.coursestream.topology.points.PointsStores;

/**
 * The users with the highest totals over every instance: each instance's partitions of
 * {@link PointsStores#RANKING} give their own top N, merged here ({@link Leaderboard#merge}). Every instance gives
 * the same answer.
 */
@Path("/api/leaderboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "points", description = "The points ledger")
public class LeaderboardResource {

    private final LocalPointsStores local;
    private final AllPartitions all;

    LeaderboardResource(LocalPointsStores local, AllPartitions all) {
        this.local = local;
        this.all = all;
    }

    @GET
    @Operation(summary = "The leaderboard", description = "The `top` users with the highest totals, highest first;"
            + " ties share a rank and the next rank skips (1, 2, 2, 4), tied users are listed by id.")
    @APIResponse(responseCode = "200", description = "The leaderboard",
            content = @Content(schema = @Schema(implementation = Leaderboard.class)))
    @APIResponse(responseCode = "400", description = "top out of 1..100",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Not every partition answered (starting, rebalancing,"
            + " restoring, or an instance is unreachable); retry after the number of seconds in Retry-After",
            headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response leaderboard(
            @Parameter(description = "How many users, 1 to 100 (default 10)") @QueryParam("top") String top) {
        int count;
        try {
            count = Leaderboard.parseTop(top);
        } catch (IllegalArgumentException invalid) {
            return PointsResponses.badRequest(invalid);
        }
        return PointsResponses.answer(local, () -> Response.ok(all.leaderboard(count)).build());
    }
}
