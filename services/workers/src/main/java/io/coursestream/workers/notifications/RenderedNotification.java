package io.coursestream.workers.notifications;

import java.util.Locale;
import java.util.Optional;

/**
 * A notification rendered from its template, before it goes out on a channel.
 *
 * @param subject        the one-line subject (the title of an in-app or webhook notification)
 * @param html           the HTML body, if the template has one
 * @param text           the text body, if the template has one
 * @param locale         the language it is written in (after fallback)
 * @param unsubscribeUrl the one-click unsubscribe link in it; only non-critical e-mail has one
 */
public record RenderedNotification(String subject, Optional<String> html, Optional<String> text, Locale locale,
        Optional<String> unsubscribeUrl) {
}
