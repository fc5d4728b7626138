package io.coursestream.processor.points;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.topology.points.PointsStores;

/**
 * Interactive queries over one user's points: the totals ({@link PointsStores#USERS}) with level and rank, and the
 * ledger ({@link PointsStores#LEDGER}), paged. Any instance answers: the request is read where Kafka Streams says
 * the user's partition is, forwarded there when that is another instance ({@link KeyQueries}).
 */
@Path("/api/users/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "points", description = "The points ledger")
public class UserPointsResource {

    private final LocalPointsStores local;
    private final AllPartitions all;
    private final KeyQueries queries;

    UserPointsResource(LocalPointsStores local, AllPartitions all, KeyQueries queries) {
        this.local = local;
        this.all = all;
        this.queries = queries;
    }

    @GET
    @Path("/points")
    @Operation(summary = "A user's points", description = "Total, level, the way to the next level and the rank"
            + " among all users (1 + the users with a strictly higher total), from points.totals.")
    @APIResponse(responseCode = "200", description = "The user's points",
            content = @Content(schema = @Schema(implementation = PointsView.class)))
    @APIResponse(responseCode = "404", description = "No points recorded for this user",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @Extension(name = KeyQueryResponses.EXTENSION, value = "true") // 503, 504
    public Response points(@PathParam("id") String userId,
            @Parameter(hidden = true) @HeaderParam(QueryRouting.FORWARDED_BY) String forwardedBy,
            @Context UriInfo request) {
        return queries.answerAt(PointsStores.USERS, userId, "user " + userId, forwardedBy, request.getRequestUri(),
                partition -> {
                    PointsTotal total = local.total(userId, partition);
                    return total == null
                            ? Response.status(Response.Status.NOT_FOUND).entity(new ApiError("User " + userId
                                    + " has no points: no learning activity of theirs has been recorded."))
                            : Response.ok(PointsView.of(total, all.usersAbove(total.getTotalPoints())));
                });
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "A user's points ledger", description = "Every entry of the user's ledger (awards,"
            + " reversals, compensations and refused awards), newest first, a page at a time.")
    @APIResponse(responseCode = "200", description = "One page; totalEntries counts every entry of the user (0 for"
            + " an unknown user)", content = @Content(schema = @Schema(implementation = LedgerPage.class)))
    @APIResponse(responseCode = "400", description = "page below 0 or size out of 1..500",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @Extension(name = KeyQueryResponses.EXTENSION, value = "true") // 503, 504
    public Response ledger(@PathParam("id") String userId,
            @Parameter(description = "Page number from 0 (the newest entries)") @QueryParam("page") String page,
            @Parameter(description = "Entries per page, 1 to 500 (default 50)") @QueryParam("size") String size,
            @Parameter(hidden = true) @HeaderParam(QueryRouting.FORWARDED_BY) String forwardedBy,
            @Context UriInfo request) {
        LedgerPaging paging;
        try {
            paging = LedgerPaging.parse(page, size);
        } catch (IllegalArgumentException invalid) {
            return PointsResponses.badRequest(invalid);
        }
        return queries.answerAt(PointsStores.LEDGER, userId, "user " + userId, forwardedBy, request.getRequestUri(),
                partition -> Response.ok(local.ledger(userId, partition, paging)));
    }
}
