package io.coursestream.processor.notifications;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.coursestream.infrastructure.unsubscribe.InvalidUnsubscribeTokenException;
import io.coursestream.infrastructure.unsubscribe.UnsubscribeRequest;
import io.coursestream.infrastructure.unsubscribe.UnsubscribeTokens;
import io.coursestream.processor.admin.ControlCommands;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.topics.Component;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PreferenceChangeSource;

/**
 * The unsubscribe links of our mails ({@code List-Unsubscribe}, RFC 8058). The workers sign each link for one user
 * and one category ({@link UnsubscribeTokens}, the key shared through
 * {@code coursestream.notifications.unsubscribe-secret}); this endpoint verifies it and writes the change as
 * {@link NotificationPreferencesChanged} to {@code notifications.preference-changes}, which the user directory reads.
 *
 * <ul>
 *   <li>{@code POST ?token=} unsubscribes at once: the mail client's one-click request (body
 *       {@code List-Unsubscribe=One-Click}) or the confirmation form below.</li>
 *   <li>{@code GET ?token=} only shows a page with that form: link scanners and previews open links, and must not
 *       unsubscribe anyone.</li>
 * </ul>
 * A malformed, forged or expired token gets 400 and writes nothing; 503 when the change could not be written.
 */
@Path("/api/unsubscribe")
@Tag(name = "notifications", description = "Unsubscribe links of the mails")
public class UnsubscribeResource {

    /** The value of {@code List-Unsubscribe} in a one-click request's form body (RFC 8058). */
    static final String ONE_CLICK = "One-Click";

    private final Optional<UnsubscribeTokens> tokens;
    private final ControlCommands writer;
    private final Clock clock;

    UnsubscribeResource(@ConfigProperty(name = "coursestream.notifications.unsubscribe-secret") Optional<String> secret,
            ControlCommands writer) {
        this.tokens = secret.map(UnsubscribeTokens::new);
        this.writer = writer;
        this.clock = Clock.systemUTC();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The page of an unsubscribe link", description = "Shows a form that unsubscribes on submit;"
            + " opening the link alone changes nothing.")
    public Response page(@QueryParam("token") String token) {
        return verified(token).map(request -> Response.ok(page(request.category(), "Unsubscribe from these mails?",
                "<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">"
                        + "<button type=\"submit\">Unsubscribe</button></form>")).build())
                .orElseGet(() -> invalid(token));
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Unsubscribe", description = "RFC 8058 one-click (body List-Unsubscribe=One-Click) or the"
            + " page's form: the user no longer gets mails of the link's category.")
    public Response unsubscribe(@QueryParam("token") String queryToken, @FormParam("token") String formToken,
            @FormParam("List-Unsubscribe") String listUnsubscribe) {
        String token = queryToken != null ? queryToken : formToken;
        Optional<UnsubscribeRequest> request = verified(token);
        if (request.isEmpty()) {
            return invalid(token);
        }
        boolean oneClick = ONE_CLICK.equals(listUnsubscribe);
        try {
            writer.send(List.of(change(request.get(), oneClick)));
        } catch (ControlCommands.CommandNotWrittenException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .type(MediaType.TEXT_PLAIN).entity("The change could not be recorded now; please try again.")
                    .build();
        }
        return Response.ok(page(request.get().category(), "You are unsubscribed.",
                "<p>You will no longer receive these mails.</p>")).build();
    }

    private Optional<UnsubscribeRequest> verified(String token) {
        if (token == null || token.isBlank() || tokens.isEmpty()) {
            return Optional.empty();
        }
        try {
            UnsubscribeRequest request = tokens.get().verify(token, clock.instant());
            NotificationCategory.valueOf(request.category());
            return Optional.of(request);
        } catch (InvalidUnsubscribeTokenException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Response invalid(String token) {
        String why = tokens.isEmpty() ? "Unsubscribe links cannot be checked here (no key is configured)."
                : token == null || token.isBlank() ? "The link has no token."
                : "The link is not valid (altered, or older than its expiry); change your preferences in your"
                        + " account settings instead.";
        return Response.status(tokens.isEmpty() ? Response.Status.SERVICE_UNAVAILABLE : Response.Status.BAD_REQUEST)
                .type(MediaType.TEXT_PLAIN).entity(why).build();
    }

    private ProducerRecord<String, SpecificRecord> change(UnsubscribeRequest request, boolean oneClick) {
        Instant now = clock.instant();
        NotificationPreferencesChanged change = NotificationPreferencesChanged.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now)
                        .setCorrelationId(UUID.randomUUID().toString()).setCausationId(null)
                        .setProducer(Component.GATEWAY.displayName()).build())
                .setUserId(request.userId())
                .setCategory(NotificationCategory.valueOf(request.category()))
                .setChannel(NotificationChannel.EMAIL)
                .setSubscribed(false)
                .setSource(oneClick ? PreferenceChangeSource.ONE_CLICK_UNSUBSCRIBE : PreferenceChangeSource.UNSUBSCRIBE_LINK)
                .setCampaignId(null).setNotificationId(null)
                .build();
        return new ProducerRecord<>(Topics.PREFERENCE_CHANGES.name(), request.userId(), change);
    }

    private static String page(String category, String heading, String content) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + heading + "</title></head><body><h1>"
                + heading + "</h1><p>Mails of the kind: " + escape(category.toLowerCase(Locale.ROOT).replace('_', ' '))
                + "</p>" + content + "</body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
