package io.coursestream.workers.notifications;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.coursestream.schemas.notifications.NotificationCategory;

/**
 * One e-mail to render and send: the template {@code templates/notifications/<template>/} ({@code subject.txt},
 * {@code body.html}, {@code body.txt}) in the recipient's language, with {@code data} as its values.
 *
 * @param userId       the recipient user, for the unsubscribe link; null for non-users (admin addresses), whose
 *                     mail must then be critical
 * @param email        the address
 * @param category     what the mail is about; its unsubscribe link unsubscribes from this category
 * @param critical     payment and security notices: no unsubscribe link or headers, a service-message footer
 * @param languageTag  the recipient's IETF locale (de-AT); null for English
 * @param timezone     the recipient's IANA zone; null for the configured default
 * @param template     the template's name ({@code welcome})
 * @param data         the template's values
 * @param attachments  files to attach
 * @param subject      a subject replacing the template's (an admin's campaign subject); null for the template's
 * @param notificationId the notification's deterministic id: the mail's {@code Message-ID} is derived from it
 *                     ({@link NotificationService#messageId}), so a resend after a crash is recognisable; null for a
 *                     Message-ID of the mailer's own
 */
public record Notification(String userId, String email, NotificationCategory category, boolean critical,
        String languageTag, String timezone, String template, Map<String, Object> data,
        List<MailAttachment> attachments, String subject, String notificationId) {

    /** A notification with the template's subject and the mailer's own Message-ID. */
    public Notification(String userId, String email, NotificationCategory category, boolean critical,
            String languageTag, String timezone, String template, Map<String, Object> data,
            List<MailAttachment> attachments) {
        this(userId, email, category, critical, languageTag, timezone, template, data, attachments, null, null);
    }

    public Notification {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(template, "template");
        data = Map.copyOf(data);
        attachments = List.copyOf(attachments);
        if (!critical && userId == null) {
            throw new IllegalArgumentException("a non-critical " + template + " mail needs a userId for its"
                    + " unsubscribe link");
        }
        if (!template.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("template " + template + " is not a template name (a-z, 0-9, -)");
        }
    }
}
