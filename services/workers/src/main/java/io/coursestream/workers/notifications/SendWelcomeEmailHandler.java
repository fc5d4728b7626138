package io.coursestream.workers.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendWelcomeEmail;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserOnboardingStarted;
import io.coursestream.schemas.notifications.WelcomeEmailSent;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobContext;
import io.coursestream.workers.JobHandler;

/**
 * Runs SEND_WELCOME_EMAIL ({@code jobs.emails}): the localised welcome mail through
 * {@link NotificationService#sendWelcome} (recommendations from the payload, the affiliate terms from
 * {@code coursestream.notifications.affiliate-terms.*}), after a token of the EMAIL channel's rate limit; then
 * {@code WelcomeEmailSent} and {@code UserOnboardingStarted} on {@code notifications.notification-events}, keyed by
 * userId.
 *
 * <p>Idempotent as far as SMTP allows: the notificationId is {@code welcome:<userId>}; a job run again whose mail
 * the SMTP server accepted before does not send it again ({@link MailReceipts}), and the mail's Message-ID is derived
 * from the id, so one sent again after a crash between the acceptance and its receipt carries the same Message-ID;
 * the events carry the same notificationId.
 */
@ApplicationScoped
public class SendWelcomeEmailHandler implements JobHandler {

    private final NotificationService notifications;
    private final NotificationEvents events;
    private final ChannelRateLimits rateLimits;
    private final MailReceipts receipts;
    private final WelcomeMail.AffiliateTerms terms;
    private final Duration tokenMaxWait;
    private final Clock clock;

    @Inject
    SendWelcomeEmailHandler(NotificationService notifications, NotificationEvents events,
            ChannelRateLimits rateLimits, MailReceipts receipts, NotificationsConfig config, Clock clock) {
        this.notifications = notifications;
        this.events = events;
        this.rateLimits = rateLimits;
        this.receipts = receipts;
        NotificationsConfig.AffiliateTermsSettings settings = config.affiliateTerms();
        this.terms = new WelcomeMail.AffiliateTerms(settings.commissionRate(), settings.holdDays(),
                settings.payoutThresholdMinor(), settings.currency());
        this.tokenMaxWait = config.channelTokenMaxWait();
        this.clock = clock;
    }

    @Override
    public JobType type() {
        return JobType.SEND_WELCOME_EMAIL;
    }

    @Override
    public void handle(JobContext context) throws InterruptedException {
        JobCommand command = context.command();
        SendWelcomeEmail payload = context.payload(SendWelcomeEmail.class);
        WelcomeMail welcome = welcomeMail(payload, terms);
        if (!rateLimits.acquire(NotificationChannel.EMAIL, tokenMaxWait)) {
            throw new ChannelRateLimitException(NotificationChannel.EMAIL, tokenMaxWait);
        }
        String notificationId = NotificationService.welcomeNotificationId(payload.getUserId());
        SentNotification sent = notifications.sendWelcome(welcome, receipts.guard(context, notificationId));
        Instant sentAt = clock.instant();
        String locale = sent.locale().toLanguageTag();
        List<String> courseIds = welcome.recommendations().stream().map(WelcomeMail.Recommendation::courseId).toList();
        events.publish(payload.getUserId(), WelcomeEmailSent.newBuilder()
                .setMetadata(events.metadata(command))
                .setUserId(payload.getUserId())
                .setNotificationId(notificationId)
                .setEmail(payload.getEmail())
                .setLocale(locale)
                .setTimezone(payload.getLocaleSettings().getTimezone())
                .setTemplateId(NotificationService.WELCOME_TEMPLATE)
                .setRecommendedCourseIds(courseIds)
                .setReferralCode(payload.getOwnReferralCode())
                .setScheduledFor(scheduledFor(command))
                .setSentAt(sentAt)
                .setMessageId(sent.messageId().orElse(null))
                .build());
        events.publish(payload.getUserId(), UserOnboardingStarted.newBuilder()
                .setMetadata(events.metadata(command))
                .setUserId(payload.getUserId())
                .setLocale(locale)
                .setTimezone(payload.getLocaleSettings().getTimezone())
                .setWelcomeNotificationId(notificationId)
                .setRecommendedCourseIds(courseIds)
                .build());
        context.output("notificationId", notificationId);
        sent.messageId().ifPresent(messageId -> context.output("messageId", messageId));
    }

    /**
     * The mail the payload describes.
     *
     * @throws FatalJobException for a payload no retry can send (a blank address or user id)
     */
    static WelcomeMail welcomeMail(SendWelcomeEmail payload, WelcomeMail.AffiliateTerms terms) {
        if (payload.getUserId().isBlank() || payload.getEmail().isBlank()) {
            throw new FatalJobException("SendWelcomeEmail needs a userId and an email, got userId '"
                    + payload.getUserId() + "' and email '" + payload.getEmail() + "'");
        }
        List<WelcomeMail.Recommendation> recommendations = payload.getRecommendations().stream()
                .map(SendWelcomeEmailHandler::recommendation)
                .toList();
        return new WelcomeMail(payload.getUserId(), payload.getEmail(), payload.getDisplayName(),
                payload.getLocaleSettings().getLocale(), payload.getLocaleSettings().getTimezone(),
                payload.getOwnReferralCode(), recommendations, terms, payload.getRegisteredAt());
    }

    /** When the mail was scheduled for: the command's notBefore (the send window), else when it was enqueued. */
    static Instant scheduledFor(JobCommand command) {
        return command.getNotBefore() != null ? command.getNotBefore() : command.getEnqueuedAt();
    }

    private static WelcomeMail.Recommendation recommendation(CourseRecommendation course) {
        return new WelcomeMail.Recommendation(course.getCourseId(), course.getTitle(), course.getEnrolments());
    }
}
