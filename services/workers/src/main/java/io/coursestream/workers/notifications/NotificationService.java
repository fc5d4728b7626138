package io.coursestream.workers.notifications;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
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
 * <p>Every template also gets {@code lang} (the language tag it is written in), {@code critical} and
 * {@code unsubscribeUrl} (null for critical mail).
 */
@ApplicationScoped
public class NotificationService {

    /** The template folder of the welcome mail. */
    public static final String WELCOME_TEMPLATE = "welcome";

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

    /** Sends the welcome mail: greeting, recommended courses, the user's referral link and the program's terms. */
    public SentNotification sendWelcome(WelcomeMail welcome) {
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
                welcome.languageTag(), welcome.timezone(), WELCOME_TEMPLATE, data, List.of()));
    }

    /**
     * Renders and sends one notification.
     *
     * @throws IllegalArgumentException if the template does not exist (a fatal job failure)
     * @throws IllegalStateException    for a non-critical mail while no unsubscribe secret is configured
     */
    public SentNotification send(Notification notification) {
        Locale locale = localization.messageLocale(notification.languageTag());
        Optional<String> unsubscribeUrl = notification.critical()
                ? Optional.empty()
                : Optional.of(unsubscribeUrl(notification.userId(), notification.category()));
        Map<String, Object> data = new HashMap<>(notification.data());
        data.put("lang", locale.toLanguageTag());
        data.put("critical", notification.critical());
        data.put("unsubscribeUrl", unsubscribeUrl.orElse(null));

        String name = notification.template();
        // A display name with a line break must not end the subject header.
        String subject = render(name, "subject.txt", locale, data)
                .orElseThrow(() -> missing(name, "subject.txt")).replaceAll("\\s+", " ").strip();
        Optional<String> html = render(name, "body.html", locale, data);
        Optional<String> text = render(name, "body.txt", locale, data);
        if (html.isEmpty() && text.isEmpty()) {
            throw missing(name, "body.html or body.txt");
        }

        Mail mail = new Mail().addTo(notification.email()).setSubject(subject);
        html.ifPresent(mail::setHtml);
        text.ifPresent(mail::setText);
        unsubscribeUrl.ifPresent(url -> mail
                .addHeader("List-Unsubscribe", "<" + url + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        for (MailAttachment attachment : notification.attachments()) {
            mail.addAttachment(attachment.fileName(), attachment.content(), attachment.contentType());
        }
        mailer.send(mail);
        return new SentNotification(subject, locale, unsubscribeUrl);
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
