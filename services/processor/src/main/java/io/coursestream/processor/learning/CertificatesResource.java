package io.coursestream.processor.learning;

import java.time.Clock;

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
import io.coursestream.schemas.certificates.CertificateRecord;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.topology.learning.LearningTopology;

/**
 * Certificate verification over HTTP: an interactive query of {@link LearningTopology#VERIFICATION_STORE} by
 * verification code, answered by any instance ({@link KeyQueries}). The status is worked out at the time of the
 * request from the certificate's revocation and expiry, so either shows at once. (Revocation and expiry are
 * administrators' events, written by the admin CLI.)
 */
@Path("/api/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "learning", description = "Course progress and certificate verification")
public class CertificatesResource {

    private final KeyQueries queries;
    private final Clock clock;

    CertificatesResource(KeyQueries queries) {
        this.queries = queries;
        this.clock = Clock.systemUTC();
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "Verify a certificate", description = "Whether the certificate with this verification code"
            + " is active, revoked or expired, with the learner, the course and its dates.")
    @APIResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = CertificateVerificationView.class)))
    @APIResponse(responseCode = "400", description = "Not a verification code (four groups of four characters)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "No certificate has this code",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @Extension(name = KeyQueryResponses.EXTENSION, value = "true") // 503, 504
    public Response certificate(@PathParam("code") String typed,
            @Parameter(hidden = true) @HeaderParam(QueryRouting.FORWARDED_BY) String forwardedBy,
            @Context UriInfo request) {
        String code = VerificationCodes.normalise(typed);
        if (!VerificationCodes.isWellFormed(code)) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new ApiError("'" + typed + "' is not a"
                    + " verification code: four groups of four letters and digits, such as 7KQ2-M9XD-4HWT-C0RB"))
                    .build();
        }
        return queries.<CertificateRecord>answer(LearningTopology.VERIFICATION_STORE, code, "certificate " + code,
                forwardedBy, request.getRequestUri(),
                record -> record == null || record.getGenerated() == null
                        ? Response.status(Response.Status.NOT_FOUND).entity(new ApiError("No certificate has the"
                                + " verification code " + code + "."))
                        : Response.ok(CertificateVerificationView.of(record, clock.instant())));
    }
}
