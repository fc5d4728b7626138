package io.coursestream.workers.notifications;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.InAppNotificationPosted;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.NotificationDelivered;
import io.coursestream.schemas.notifications.NotificationFailed;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobContext;
import io.coursestream.workers.JobErrors;
import io.coursestream.workers.JobHandler;
import io.coursestream.workers.certificates.CertificateEvents;
import io.coursestream.workers.invoices.InvoiceEvents;
import io.quarkus.qute.TemplateException;

/**
 * Runs SEND_NOTIFICATION ({@code jobs.emails}): one notification to one recipient on one channel, whatever sent it
 * (campaign parts, admin alerts, later invoices and certificates). The template {@code templateId} is rendered in the
 * recipient's language with {@code templateParams} as its values; a {@code subject} replaces the template's subject,
 * a {@code body} is given to the template as {@code body} and as {@code paragraphs} (split at blank lines), which the
 * {@code campaign} template shows. Each channel first takes a token of its rate limit ({@link ChannelRateLimits}).
 * <ul>
 *   <li>EMAIL: through {@link NotificationService#send} to {@code email} (required), with the attachments read from
 *       object storage ({@link AttachmentLoader}) and the Message-ID derived from the notificationId.</li>
 *   <li>IN_APP: {@code InAppNotificationPosted} (title = rendered subject, body = rendered text) for {@code userId}
 *       (required).</li>
 *   <li>WEBHOOK: a signed JSON post ({@link WebhookClient}) to {@code templateParams["webhookUrl"]}.</li>
 * </ul>
 * Then {@code NotificationDelivered}; on failure {@code NotificationFailed} (final when fatal or on the last attempt)
 * and the error rethrown, so the scheduler retries or dead-letters the job. Both go to
 * {@code notifications.notification-events}, keyed by userId, or by the recipient when there is no user.
 *
 * <p>Idempotency: the notificationId is deterministic (campaign, user, channel). A mail the SMTP server accepted
 * before is not sent again when its job runs again ({@link MailReceipts}); the mail's Message-ID and the webhook's
 * {@code Idempotency-Key} are derived from the id and the in-app post carries it, so a notification sent again after
 * a crash between delivery and report is recognisable by its receiver.
 */
@ApplicationScoped
public class SendNotificationHandler implements JobHandler {

    /** The templateParams entry naming a WEBHOOK notification's receiver. */
    public static final String WEBHOOK_URL_PARAM = "webhookUrl";

    private static final Logger LOG = Logger.getLogger(SendNotificationHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotificationService notifications;
    private final NotificationEvents events;
    private final ChannelRateLimits rateLimits;
    private final AttachmentLoader attachments;
    private final MailReceipts receipts;
    private final WebhookClient webhooks;
    private final InvoiceEvents invoiceEvents;
    private final CertificateEvents certificateEvents;
    private final Duration tokenMaxWait;
    private final Clock clock;

    @Inject
    SendNotificationHandler(NotificationService notifications, NotificationEvents events,
            ChannelRateLimits rateLimits, AttachmentLoader attachments, MailReceipts receipts, WebhookClient webhooks,
            InvoiceEvents invoiceEvents, CertificateEvents certificateEvents, NotificationsConfig config, Clock clock) {
        this.notifications = notifications;
        this.events = events;
        this.rateLimits = rateLimits;
        this.attachments = attachments;
        this.receipts = receipts;
        this.webhooks = webhooks;
        this.invoiceEvents = invoiceEvents;
        this.certificateEvents = certificateEvents;
        this.tokenMaxWait = config.channelTokenMaxWait();
        this.clock = clock;
    }

    /** What a delivery reports: the address used and the channel's reference (Message-ID), if any. */
    private record Delivery(String recipient, String messageId) {
    }

    @Override
    public JobType type() {
        return JobType.SEND_NOTIFICATION;
    }

    @Override
    public void handle(JobContext context) throws InterruptedException {
        JobCommand command = context.command();
        SendNotification payload = context.payload(SendNotification.class);
        Delivery delivery;
        try {
            delivery = switch (payload.getChannel()) {
                case EMAIL -> sendEmail(context, payload);
                case IN_APP -> postInApp(command, payload);
                case WEBHOOK -> postWebhook(payload);
                default -> throw new FatalJobException("notification " + payload.getNotificationId()
                        + " names no known channel (" + payload.getChannel() + ")");
            };
        } catch (RuntimeException e) {
            RuntimeException error = classify(e);
            reportFailure(command, payload, error);
            throw error;
        }
        events.publish(key(payload.getUserId(), delivery.recipient()), NotificationDelivered.newBuilder()
                .setMetadata(events.metadata(command))
                .setNotificationId(payload.getNotificationId())
                .setCampaignId(payload.getCampaignId())
                .setUserId(payload.getUserId())
                .setChannel(payload.getChannel())
                .setCategory(payload.getCategory())
                .setTemplateId(payload.getTemplateId())
                .setRecipient(delivery.recipient())
                .setMessageId(delivery.messageId())
                .setAttempt(command.getAttempt())
                .setDeliveredAt(clock.instant())
                .build());
        // An invoice or credit-note mail (template invoice/credit-note with an invoiceNumber) is also InvoiceEmailed.
        invoiceEvents.emailed(command, payload, delivery.messageId());
        // A certificate mail (template certificate with a verificationCode) is also CertificateDelivered.
        certificateEvents.delivered(command, payload, delivery.messageId());
        context.output("notificationId", payload.getNotificationId());
        if (delivery.messageId() != null) {
            context.output("messageId", delivery.messageId());
        }
    }

    private Delivery sendEmail(JobContext context, SendNotification payload) throws InterruptedException {
        String email = payload.getEmail();
        if (email == null || email.isBlank()) {
            throw new FatalJobException("EMAIL notification " + payload.getNotificationId() + " has no email address");
        }
        List<MailAttachment> files = attachments.load(payload.getAttachments());
        Notification notification;
        try {
            notification = new Notification(payload.getUserId(), email, payload.getCategory(), payload.getCritical(),
                    languageTag(payload), timezone(payload), payload.getTemplateId(), templateData(payload), files,
                    payload.getSubject(), payload.getNotificationId());
        } catch (IllegalArgumentException e) {
            throw new FatalJobException("notification " + payload.getNotificationId() + ": " + e.getMessage(), e);
        }
        takeToken(NotificationChannel.EMAIL);
        SentNotification sent = notifications.send(notification,
                receipts.guard(context, payload.getNotificationId()));
        return new Delivery(email, sent.messageId().orElse(null));
    }

    private Delivery postInApp(JobCommand command, SendNotification payload) throws InterruptedException {
        String userId = payload.getUserId();
        if (userId == null || userId.isBlank()) {
            throw new FatalJobException("IN_APP notification " + payload.getNotificationId() + " has no userId");
        }
        takeToken(NotificationChannel.IN_APP);
        RenderedNotification rendered = render(NotificationChannel.IN_APP, payload);
        events.publish(userId, InAppNotificationPosted.newBuilder()
                .setMetadata(events.metadata(command))
                .setNotificationId(payload.getNotificationId())
                .setUserId(userId)
                .setCampaignId(payload.getCampaignId())
                .setCategory(payload.getCategory())
                .setLocale(rendered.locale().toLanguageTag())
                .setTitle(rendered.subject())
                .setBody(rendered.text().orElseThrow())
                .setPostedAt(clock.instant())
                .build());
        return new Delivery(userId, null);
    }

    private Delivery postWebhook(SendNotification payload) throws InterruptedException {
        String url = payload.getTemplateParams().get(WEBHOOK_URL_PARAM);
        URI target = WebhookClient.target(url);
        takeToken(NotificationChannel.WEBHOOK);
        RenderedNotification rendered = render(NotificationChannel.WEBHOOK, payload);
        byte[] body = webhookDocument(payload, rendered.subject(), rendered.text().orElseThrow(), clock.instant());
        webhooks.post(target, body, payload.getNotificationId());
        return new Delivery(target.toString(), null);
    }

    private RenderedNotification render(NotificationChannel channel, SendNotification payload) {
        return notifications.renderForChannel(channel.name(), payload.getCategory(), payload.getCritical(),
                languageTag(payload), payload.getTemplateId(), templateData(payload), payload.getSubject());
    }

    private void takeToken(NotificationChannel channel) throws InterruptedException {
        if (!rateLimits.acquire(channel, tokenMaxWait)) {
            throw new ChannelRateLimitException(channel, tokenMaxWait);
        }
    }

    private void reportFailure(JobCommand command, SendNotification payload, RuntimeException error) {
        String recipient = recipient(payload);
        try {
            events.publish(key(payload.getUserId(), recipient), NotificationFailed.newBuilder()
                    .setMetadata(events.metadata(command))
                    .setNotificationId(payload.getNotificationId())
                    .setCampaignId(payload.getCampaignId())
                    .setUserId(payload.getUserId())
                    .setChannel(payload.getChannel())
                    .setCategory(payload.getCategory())
                    .setRecipient(recipient)
                    .setReason(error.getMessage() == null ? error.getClass().getName() : error.getMessage())
                    .setErrorCode(errorCode(error))
                    .setAttempt(command.getAttempt())
                    .setFinalFailure(isFinal(error, command.getAttempt(), command.getMaxAttempts()))
                    .build());
        } catch (RuntimeException notWritten) {
            // The job's own JobFailed still reports the failure; this one is only the notification's view of it.
            LOG.warnf("NotificationFailed of %s not written: %s", payload.getNotificationId(), notWritten.toString());
            error.addSuppressed(notWritten);
        }
    }

    /** Errors that are bad input (a template that does not exist or lacks a value) become fatal; others stay. */
    static RuntimeException classify(RuntimeException error) {
        if (error instanceof FatalJobException) {
            return error;
        }
        if (error instanceof IllegalArgumentException || error instanceof TemplateException) {
            return new FatalJobException(error.getMessage(), error);
        }
        return error;
    }

    /** Final when no retry can help or none is left. */
    static boolean isFinal(Throwable error, int attempt, int maxAttempts) {
        return !JobErrors.isRetriable(error) || attempt >= maxAttempts;
    }

    /** The HTTP status of a refused webhook ({@code HTTP 503}); null for other failures. */
    static String errorCode(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof WebhookDeliveryException refused) {
                return "HTTP " + refused.status();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The topic key of a notification's events: the user, or the recipient's address when there is none. */
    static String key(String userId, String recipient) {
        return userId != null ? userId : recipient;
    }

    /** The address the channel uses, as far as the payload names it (empty when it does not). */
    static String recipient(SendNotification payload) {
        String recipient = switch (payload.getChannel()) {
            case EMAIL -> payload.getEmail();
            case IN_APP -> payload.getUserId();
            case WEBHOOK -> payload.getTemplateParams().get(WEBHOOK_URL_PARAM);
            default -> null;
        };
        return recipient == null ? "" : recipient;
    }

    /**
     * The template's values: the params, and an admin's body as {@code body} and {@code paragraphs}.
     *
     * @throws FatalJobException for the campaign template without a body
     */
    static Map<String, Object> templateData(SendNotification payload) {
        if (payload.getBody() == null && NotificationService.CAMPAIGN_TEMPLATE.equals(payload.getTemplateId())) {
            throw new FatalJobException("notification " + payload.getNotificationId() + " uses the "
                    + NotificationService.CAMPAIGN_TEMPLATE + " template, which shows its body, but has none");
        }
        Map<String, Object> data = new HashMap<>(payload.getTemplateParams());
        if (payload.getBody() != null) {
            data.put("body", payload.getBody());
            data.put("paragraphs", paragraphs(payload.getBody()));
        }
        return data;
    }

    /**
     * Plain paragraphs of an admin's text: split at blank lines, lines inside a paragraph joined by a space, no
     * Markdown (the templates escape the text, so markup shows as typed).
     */
    static List<String> paragraphs(String body) {
        List<String> paragraphs = new ArrayList<>();
        for (String block : body.strip().split("\\R\\s*\\R")) {
            String paragraph = block.strip().replaceAll("\\s*\\R\\s*", " ");
            if (!paragraph.isEmpty()) {
                paragraphs.add(paragraph);
            }
        }
        return paragraphs;
    }

    /**
     * The WEBHOOK channel's document: notificationId, campaignId, userId, category, title, body, sentAt (ISO-8601),
     * in this order, as UTF-8 JSON.
     */
    static byte[] webhookDocument(SendNotification payload, String title, String body, Instant sentAt) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("notificationId", payload.getNotificationId());
        document.put("campaignId", payload.getCampaignId());
        document.put("userId", payload.getUserId());
        document.put("category", payload.getCategory().name());
        document.put("title", title);
        document.put("body", body);
        document.put("sentAt", sentAt.toString());
        try {
            return JSON.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    private static String languageTag(SendNotification payload) {
        return payload.getLocaleSettings() == null ? null : payload.getLocaleSettings().getLocale();
    }

    private static String timezone(SendNotification payload) {
        return payload.getLocaleSettings() == null ? null : payload.getLocaleSettings().getTimezone();
    }
}
