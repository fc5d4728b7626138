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
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.topology.notifications.UserDirectory;

/**
 * Interactive query over the user directory ({@link UserDirectory#STORE}): one user's address, language, choices and
 * suppressed addresses, and what may reach them on which channel. Support staff ask it why a user got no mail; the
 * settings page can show it. Any instance answers ({@link QueryRouting}).
 */
@Path("/api/users/{id}/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications", description = "Notifications and campaigns")
public class UserNotificationsResource {

    private final KeyQueries queries;

    UserNotificationsResource(KeyQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "A user's notification profile", description = "Address, locale, time zone, explicit"
            + " choices and suppressed addresses from the user directory, and for each category and channel whether"
            + " a notification may reach the user now, with the reason.")
    @APIResponse(responseCode = "200", description = "The user's notification profile",
            content = @Content(schema = @Schema(implementation = NotificationProfileView.class)))
    @APIResponse(responseCode = "404", description = "The directory does not know this user",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @Extension(name = KeyQueryResponses.EXTENSION, value = "true") // 503, 504
    public Response profile(@PathParam("id") String userId,
            @Parameter(hidden = true) @HeaderParam(QueryRouting.FORWARDED_BY) String forwardedBy,
            @Context UriInfo request) {
        return queries.<UserDirectoryEntry>answer(UserDirectory.STORE, userId, "user " + userId, forwardedBy,
                request.getRequestUri(),
                entry -> entry == null
                        ? Response.status(Response.Status.NOT_FOUND).entity(new ApiError("The user directory does"
                                + " not know user " + userId + ": no registration of theirs has been processed."))
                        : Response.ok(NotificationProfileView.of(entry)));
    }
}
