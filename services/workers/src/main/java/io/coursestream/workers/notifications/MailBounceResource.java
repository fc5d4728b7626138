package io.coursestream.workers.notifications;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.coursestream.schemas.notifications.NotificationBounced;

/**
 * {@code POST /webhooks/mail-bounces}: a mail provider's bounce and complaint reports ({@link BounceReport}), signed
 * as {@link WebhookSignatures} describes with {@code coursestream.notifications.bounce-webhook-secret}. The signature
 * and its timestamp (within {@code bounce-webhook-tolerance}) are checked on the raw body before anything is read
 * from it; then a valid report becomes {@code NotificationBounced} on {@code notifications.notification-events}
 * (key userId, or the address when the user is unknown), which the user directory folds into its suppression list.
 *
 * <p>Answers: 202 once the event is written; 400 naming the field at fault; 401 for a missing, malformed, stale or
 * wrong signature; 503 while no secret is configured. Every error body is {@code {"message": "..."}}.
 */
@Path("/webhooks/mail-bounces")
public class MailBounceResource {

    private static final Logger LOG = Logger.getLogger(MailBounceResource.class);

    private final Optional<WebhookSignatures> signatures;
    private final Duration tolerance;
    private final NotificationEvents events;
    private final Clock clock;

    @Inject
    MailBounceResource(NotificationsConfig config, NotificationEvents events, Clock clock) {
        // A secret too short fails the start here, not the first report.
        this.signatures = config.bounceWebhookSecret()
                .map(secret -> new WebhookSignatures(secret, "coursestream.notifications.bounce-webhook-secret"));
        this.tolerance = config.bounceWebhookTolerance();
        this.events = events;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(@HeaderParam(WebhookSignatures.HEADER) String signature, byte[] body) {
        if (signatures.isEmpty()) {
            return answer(Response.Status.SERVICE_UNAVAILABLE,
                    "bounce reports are not accepted: coursestream.notifications.bounce-webhook-secret is not set");
        }
        try {
            signatures.get().verify(signature, body, clock.instant(), tolerance);
        } catch (WebhookSignatures.InvalidSignatureException e) {
            LOG.warnf("bounce report refused: %s", e.getMessage());
            return answer(Response.Status.UNAUTHORIZED, "invalid signature: " + e.getMessage());
        }
        BounceReport report;
        try {
            report = BounceReport.parse(body);
        } catch (BounceReport.InvalidBounceReportException e) {
            return answer(Response.Status.BAD_REQUEST, e.getMessage());
        }
        NotificationBounced bounced = NotificationBounced.newBuilder()
                // A provider's report starts its own flow unless it names the notification it is about.
                .setMetadata(events.metadata(report.notificationId() != null ? report.notificationId()
                        : UUID.randomUUID().toString(), null))
                .setEmail(report.email())
                .setBounceType(report.type())
                .setUserId(report.userId())
                .setNotificationId(report.notificationId())
                .setCampaignId(report.campaignId())
                .setMessageId(report.messageId())
                .setDiagnosticCode(report.diagnosticCode())
                .setReportedBy(report.reportedBy())
                .setBouncedAt(report.bouncedAt())
                .setSuppressed(report.suppresses())
                .build();
        events.publish(report.userId() != null ? report.userId() : report.email(), bounced);
        return Response.accepted(Map.of("eventId", bounced.getMetadata().getEventId().toString())).build();
    }

    private static Response answer(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("message", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
