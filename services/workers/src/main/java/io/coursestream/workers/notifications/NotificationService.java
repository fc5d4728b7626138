package io.coursestream.workers.notifications;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.coursestream.infrastructure.unsubscribe.UnsubscribeRequest;
import io.coursestream.infrastructure.unsubscribe.UnsubscribeTokens;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;

/**
 * Renders a notification from its Qute templates in the recipient's language and sends it through the Quarkus mailer
 * (blocking: job handlers run on worker threads). A template is a folder {@code templates/notifications/<name>/} with
 * {@code subject.txt} and {@code body.html} and/or {@code body.txt}; the texts come from {@link NotificationMessages}.
 *
 * <p>Every non-critical mail carries a signed one-click unsubscribe link (RFC 8058) for its category, in the footer
 * ({@code unsubscribeUrl}) and in the {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} headers; mail
 * providers show their unsubscribe button only if the message is also DKIM-signed over these headers, which is the
 * relay's job. Critical mail (payments, security) has neither and says why it is sent anyway.
 *
 * <p>Every template also gets {@code lang} (the language tag it is written in), {@code critical},
 * {@code unsubscribeUrl} (null for critical mail and other channels) and {@code channel} ({@code EMAIL},
 * {@code IN_APP}, {@code WEBHOOK}: the footer is only for mail).
 */
@ApplicationScoped
public class NotificationService {

    /** The template folder of the welcome mail. */
    public static final String WELCOME_TEMPLATE = "welcome";

    /**
     * The template of an alert to administrators: critical; values title, detail, optionally severity,
     * queue, jobType, jobId, source (AdminAlertMails' parameters).
     */
    public static final String ADMIN_ALERT_TEMPLATE = "admin-alert";

    /**
     * The template that shows an admin's campaign text: values paragraphs (the admin's body), optionally displayName;
     * the subject is usually the admin's own.
     */
    public static final String CAMPAIGN_TEMPLATE = "campaign";

    /** The {@code channel} value of mail, the only channel with a footer and an unsubscribe link. */
    private static final String EMAIL_CHANNEL = "EMAIL";

    private final Mailer mailer;
    private final Engine templates;
    private final LocalizationService localization;
    private final NotificationsConfig config;
    private final Optional<UnsubscribeTokens> unsubscribeTokens;
    private final Clock clock;

    NotificationService(Mailer mailer, Engine templates, LocalizationService localization, NotificationsConfig config,
            Clock clock) {
        this.mailer = mailer;
        this.templates = templates;
        this.localization = localization;
        this.config = config;
        // A secret too short fails the start here, not the first mail.
        this.unsubscribeTokens = config.unsubscribeSecret().map(UnsubscribeTokens::new);
        this.clock = clock;
    }

    /**
     * Sends the welcome mail: greeting, recommended courses, the user's referral link and the program's terms, with
     * the Message-ID of {@link #welcomeNotificationId}.
     */
    public SentNotification sendWelcome(WelcomeMail welcome, MailGuard guard) {
        LocalFormats formats = localization.formats(welcome.languageTag(), welcome.timezone());
        List<CourseLink> courses = welcome.recommendations().stream()
                .map(course -> new CourseLink(course.title(), siteLink("courses", course.courseId()),
                        formats.number(course.enrolments())))
                .toList();
        WelcomeMail.AffiliateTerms terms = welcome.terms();
        Map<String, Object> data = Map.of(
                "displayName", welcome.displayName(),
                "courses", courses,
                "referralLink", siteLink("r", welcome.referralCode()),
                "terms", new TermsText(formats.percent(terms.commissionRate()), formats.number(terms.holdDays()),
                        formats.money(terms.payoutThresholdMinor(), terms.currency())));
        return send(new Notification(welcome.userId(), welcome.email(), NotificationCategory.ONBOARDING, false,
                welcome.languageTag(), welcome.timezone(), WELCOME_TEMPLATE, data, List.of(), null,
                welcomeNotificationId(welcome.userId())), guard);
    }

    /** The notificationId of a user's welcome mail: one per user, so a resent welcome mail has the same id. */
    public static String welcomeNotificationId(String userId) {
        return "welcome:" + userId;
    }

    /**
     * Renders and sends one notification, unless {@code guard} knows the SMTP server accepted its mail before (a job
     * run again after a crash or a retry, see {@link MailReceipts}); then it is only rendered, for the events that
     * report it. A notification with an id is sent with the {@code Message-ID} {@link #messageId derived from it}:
     * should it be sent twice anyway (a worker killed between the SMTP server's acceptance and the receipt), both
     * copies carry the same Message-ID, which receiving servers and bounce reports can match.
     *
     * @throws IllegalArgumentException if the template does not exist (a fatal job failure)
     * @throws IllegalStateException    for a non-critical mail while no unsubscribe secret is configured
     */
    public SentNotification send(Notification notification, MailGuard guard) {
        RenderedNotification rendered = render(notification.userId(), notification.category(),
                notification.critical(), notification.languageTag(), notification.template(), notification.data(),
                notification.subject(), EMAIL_CHANNEL);
        Mail mail = new Mail().addTo(notification.email()).setSubject(rendered.subject());
        rendered.html().ifPresent(mail::setHtml);
        rendered.text().ifPresent(mail::setText);
        rendered.unsubscribeUrl().ifPresent(url -> mail
                .addHeader("List-Unsubscribe", "<" + url + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        Optional<String> messageId = Optional.ofNullable(notification.notificationId())
                .map(NotificationService::messageId);
        // The mailer's encoder lets a header set here replace the Message-ID it would generate.
        messageId.ifPresent(id -> mail.addHeader("Message-ID", id));
        for (MailAttachment attachment : notification.attachments()) {
            mail.addAttachment(attachment.fileName(), attachment.content(), attachment.contentType());
        }
        if (!guard.alreadyAccepted()) {
            mailer.send(mail);
            guard.accepted(messageId.orElse(null));
        }
        return new SentNotification(rendered.subject(), rendered.locale(), rendered.unsubscribeUrl(), messageId);
    }

    /**
     * Renders a notification for a channel other than e-mail (in-app, webhook): the same template and language, but
     * neither an unsubscribe link nor the mail footer ({@code channel} is not {@code EMAIL} in the template).
     *
     * @param channel the channel's name, given to the template as {@code channel}
     * @throws IllegalArgumentException if the template does not exist or has no {@code body.txt}
     */
    public RenderedNotification renderForChannel(String channel, NotificationCategory category, boolean critical,
            String languageTag, String template, Map<String, Object> data, String subjectOverride) {
        if (channel.equals(EMAIL_CHANNEL)) {
            throw new IllegalArgumentException("e-mail is rendered and sent by send(Notification)");
        }
        RenderedNotification rendered = render(null, category, critical, languageTag, template, data,
                subjectOverride, channel);
        if (rendered.text().isEmpty()) {
            throw missing(template, "body.txt (a " + channel + " notification is text)");
        }
        return rendered;
    }

    /**
     * The {@code Message-ID} of the mail of a notification: {@code <sha-256 hex of the id@coursestream>}, the same on
     * every send, without revealing the id (it may contain a user id).
     */
    public static String messageId(String notificationId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(notificationId.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(digest) + "@coursestream>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private RenderedNotification render(String userId, NotificationCategory category, boolean critical,
            String languageTag, String name, Map<String, Object> templateData, String subjectOverride, String channel) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("template " + name + " is not a template name (a-z, 0-9, -)");
        }
        Locale locale = localization.messageLocale(languageTag);
        Optional<String> unsubscribeUrl = critical || !channel.equals(EMAIL_CHANNEL)
                ? Optional.empty()
                : Optional.of(unsubscribeUrl(userId, category));
        Map<String, Object> data = new HashMap<>(templateData);
        data.put("channel", channel);
        data.put("lang", locale.toLanguageTag());
        data.put("critical", critical);
        data.put("unsubscribeUrl", unsubscribeUrl.orElse(null));

        // A display name (or an admin's subject) with a line break must not end the subject header.
        String subject = (subjectOverride != null
                ? subjectOverride
                : render(name, "subject.txt", locale, data).orElseThrow(() -> missing(name, "subject.txt")))
                .replaceAll("\\s+", " ").strip();
        Optional<String> html = render(name, "body.html", locale, data);
        Optional<String> text = render(name, "body.txt", locale, data).map(String::strip);
        if (html.isEmpty() && text.isEmpty()) {
            throw missing(name, "body.html or body.txt");
        }
        return new RenderedNotification(subject, html, text, locale, unsubscribeUrl);
    }

    /**
     * The signed one-click link that unsubscribes this user from this category, valid for
     * {@code coursestream.notifications.unsubscribe-link-validity}.
     */
    public String unsubscribeUrl(String userId, NotificationCategory category) {
        UnsubscribeTokens tokens = unsubscribeTokens.orElseThrow(() -> new IllegalStateException(
                "coursestream.notifications.unsubscribe-secret is not set: a non-critical mail cannot get its"
                        + " unsubscribe link"));
        Instant expiresAt = clock.instant().plus(config.unsubscribeLinkValidity());
        String token = tokens.sign(new UnsubscribeRequest(userId, category.name(), expiresAt));
        String base = config.unsubscribeUrl().toString();
        return base + (base.contains("?") ? "&" : "?") + "token=" + token;
    }

    private Optional<String> render(String name, String part, Locale locale, Map<String, Object> data) {
        Template template = templates.getTemplate("notifications/" + name + "/" + part);
        if (template == null) {
            return Optional.empty();
        }
        var instance = template.instance().setLocale(locale);
        data.forEach(instance::data);
        return Optional.of(instance.render());
    }

    private String siteLink(String section, String id) {
        String base = config.siteUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + section + "/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static IllegalArgumentException missing(String name, String part) {
        return new IllegalArgumentException("notification template " + name + " has no " + part + " (looked in"
                + " templates/notifications/" + name + "/)");
    }

    /** A recommended course as the welcome template shows it. */
    @TemplateData
    public record CourseLink(String title, String url, String learners) {
    }

    /** The affiliate terms, formatted for the reader. */
    @TemplateData
    public record TermsText(String rate, String holdDays, String threshold) {
    }
}
