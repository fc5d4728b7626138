package io.coursestream.processor.affiliates;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.coursestream.processor.admin.ControlCommands;
import io.coursestream.processor.inputs.ApiError;
import io.coursestream.processor.queries.KeyQueries;
import io.coursestream.processor.queries.KeyQueryResponses;
import io.coursestream.processor.queries.QueryRouting;
import io.coursestream.schemas.affiliates.AffiliateProfile;
import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.topology.affiliates.AffiliateControlCommands;
import io.coursestream.topology.affiliates.AffiliateTopology;

/**
 * The affiliate program over HTTP: an affiliate's dashboard (interactive query over {@link
 * AffiliateTopology#STATS_STORE}, answered by any instance, forwarded to the owner of the affiliate's partition by
 * {@link QueryRouting}), and the operators' decisions the admin CLI also offers: review a flagged conversion, process
 * commissions now. Those write the same commands to {@code control.commands} ({@link AffiliateControlCommands}) and
 * answer 202: the topology carries them out on every partition; their outcome is on {@code affiliates.affiliate-events}
 * and in the dashboards. The operator is named by the {@value #OPERATOR_HEADER} header.
 */
@Path("/api/affiliates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "affiliates", description = "The affiliate program")
public class AffiliatesResource {

    static final String OPERATOR_HEADER = "X-Operator";
    private static final String DEFAULT_OPERATOR = "admin-api";

    private final KeyQueries queries;
    private final ControlCommands commands;
    AffiliatesResource(KeyQueries queries, ControlCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    /** The body of a review: {@code APPROVE} or {@code DECLINE}, and why. */
    public record ReviewRequest(String decision, String note) {
    }

    /** A command written to {@code control.commands}, carried out asynchronously. */
    public record CommandAccepted(String commandId, String command) {
    }

    @GET
    @Path("/{id}/dashboard")
    @Operation(summary = "An affiliate's dashboard", description = "Their sponsor and points level as commission"
            + " splits see them; clicks, signups, conversions and their rate, revenue, commissions pending, held for"
            + " review, approved, paid and reversed, the carry-over to deduct from the next payout, and a daily series;"
            + " money per currency as decimal strings.")
    @APIResponse(responseCode = "200", description = "The affiliate's numbers",
            content = @Content(schema = @Schema(implementation = AffiliateDashboardView.class)))
    @APIResponse(responseCode = "404", description = "Nothing has happened for this affiliate yet",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @Extension(name = KeyQueryResponses.EXTENSION, value = "true") // 503, 504
    public Response dashboard(@PathParam("id") String affiliateId,
            @Parameter(hidden = true) @HeaderParam(QueryRouting.FORWARDED_BY) String forwardedBy,
            @Context UriInfo request) {
        return queries.<AffiliateStats>answer(AffiliateTopology.STATS_STORE, affiliateId, "affiliate " + affiliateId,
                forwardedBy, request.getRequestUri(),
                stats -> stats == null
                        ? Response.status(Response.Status.NOT_FOUND).entity(new ApiError("No click, signup or"
                                + " commission for affiliate " + affiliateId + " yet."))
                        : Response.ok(AffiliateDashboardView.of(stats,
                                queries.<AffiliateProfile>global(AffiliateTopology.PROFILES_STORE, affiliateId))));
    }

    @POST
    @Path("/conversions/{conversionId}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve or decline a flagged conversion", description = "Its commissions on every tier"
            + " become APPROVED (paid with the next payout) or DECLINED (never paid).")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = CommandAccepted.class)))
    @APIResponse(responseCode = "400", description = "No decision, or one other than APPROVE or DECLINE",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The command could not be written",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response review(@PathParam("conversionId") String conversionId, ReviewRequest body,
            @HeaderParam(OPERATOR_HEADER) String operator) {
        ReviewDecision decision = decision(body);
        if (decision == null) {
            return badRequest("The body must name a decision, APPROVE or DECLINE: {\"decision\": \"APPROVE\","
                    + " \"note\": \"...\"}");
        }
        return accepted(AffiliateControlCommands.review(conversionId, decision, operator(operator), body.note(),
                Instant.now()), "ReviewConversion");
    }

    @POST
    @Path("/commissions/process")
    @Operation(summary = "Process commissions now", description = "Release the holds ending now and create a payout"
            + " for every affiliate whose approved balance reaches the threshold, as the schedule does; `dryRun` only"
            + " works it out.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = CommandAccepted.class)))
    @APIResponse(responseCode = "400", description = "Not an ISO 4217 currency",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "The command could not be written",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response processCommissions(@QueryParam("currency") String currency,
            @QueryParam("affiliate") String affiliateId, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @HeaderParam(OPERATOR_HEADER) String operator) {
        if (currency != null && !isCurrency(currency)) {
            return badRequest("currency must be an ISO 4217 code such as EUR, not '" + currency + "'");
        }
        return accepted(AffiliateControlCommands.processCommissions(operator(operator), Instant.now(), currency,
                affiliateId, dryRun), "ProcessCommissions");
    }

    private Response accepted(ProducerRecord<String, SpecificRecord> command, String type) {
        try {
            commands.send(List.of(command));
        } catch (ControlCommands.CommandNotWrittenException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(new ApiError(e.getMessage())).build();
        }
        return Response.accepted(new CommandAccepted(command.key(), type)).build();
    }

    private static ReviewDecision decision(ReviewRequest body) {
        if (body == null || body.decision() == null) {
            return null;
        }
        try {
            ReviewDecision decision = ReviewDecision.valueOf(body.decision().trim().toUpperCase(Locale.ROOT));
            return decision == ReviewDecision.UNKNOWN ? null : decision;
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static boolean isCurrency(String code) {
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private static String operator(String header) {
        return header == null || header.isBlank() ? DEFAULT_OPERATOR : header.trim();
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ApiError(message)).build();
    }
}
