package io.coursestream.processor.notifications;

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
import io.coursestream.schemas.notifications.CampaignStatus;
import io.coursestream.topology.notifications.CampaignTopology;

/**
 * Interactive query over {@link CampaignTopology#STATUS_STORE}: how far one bulk campaign is (targeted, sent,
 * skipped by reason, delivered, failed). Any instance answers: the campaign's status lives on the partition of its id,
 * and a request for one another instance holds is forwarded there ({@link QueryRouting}).
 */
@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications", description = "Notifications and campaigns")
public class CampaignsResource {

    private final KeyQueries queries;

    CampaignsResource(KeyQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A campaign's progress", description = "Audience, targeted, sent, skipped (by reason),"
            + " delivered and failed notifications of one campaign from notifications.campaign-events, the fan-out"
            + " and the delivery outcomes; targeted = sent + skipped, and once completed delivered + failed = sent.")
    @APIResponse(responseCode = "200", description = "The campaign's progress",
            content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "404", description = "No campaign with this id has been requested",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @Extension(name = KeyQueryResponses.EXTENSION, value = "true") // 503, 504
    public Response campaign(@PathParam("id") String campaignId,
            @Parameter(hidden = true) @HeaderParam(QueryRouting.FORWARDED_BY) String forwardedBy,
            @Context UriInfo request) {
        return queries.<CampaignStatus>answer(CampaignTopology.STATUS_STORE, campaignId, "campaign " + campaignId,
                forwardedBy, request.getRequestUri(),
                status -> status == null
                        ? Response.status(Response.Status.NOT_FOUND).entity(new ApiError("No campaign " + campaignId
                                + " has been requested (or its request has not been processed yet)."))
                        : Response.ok(CampaignView.of(status)));
    }
}
