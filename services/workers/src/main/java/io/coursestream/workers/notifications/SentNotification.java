package io.coursestream.workers.notifications;

import java.util.Locale;
import java.util.Optional;

/**
 * What was sent.
 *
 * @param subject        the rendered subject
 * @param locale         the language it was written in (after fallback)
 * @param unsubscribeUrl the one-click unsubscribe link in it; empty for critical mail
 * @param messageId      the {@code Message-ID} it was sent with when the notification had an id; empty otherwise
 */
public record SentNotification(String subject, Locale locale, Optional<String> unsubscribeUrl,
        Optional<String> messageId) {
}
