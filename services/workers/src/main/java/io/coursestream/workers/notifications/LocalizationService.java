package io.coursestream.workers.notifications;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.coursestream.schemas.calendar.SendWindow;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/**
 * A recipient's language, formats and local time: which translation of {@link NotificationMessages} they read
 * (falling back de-AT -> de -> en), how dates, numbers and money look for them, and when their local day allows a
 * mail ({@code coursestream.notifications.send-window}, default 08:00-21:00).
 */
@ApplicationScoped
public class LocalizationService {

    private final SendWindow sendWindow;
    private final ZoneId defaultZone;

    LocalizationService(NotificationsConfig config) {
        this.sendWindow = new SendWindow(config.sendWindow().start(), config.sendWindow().end());
        this.defaultZone = config.defaultTimezone();
    }

    /** The supported language a recipient with this IETF tag reads; see {@link SupportedLocales#resolve}. */
    public Locale messageLocale(String languageTag) {
        return SupportedLocales.resolve(languageTag);
    }

    /** The texts in the recipient's language. */
    public NotificationMessages messages(String languageTag) {
        Locale locale = messageLocale(languageTag);
        return locale.equals(SupportedLocales.FALLBACK)
                ? MessageBundles.get(NotificationMessages.class)
                : MessageBundles.get(NotificationMessages.class, Localized.Literal.of(locale.toLanguageTag()));
    }

    /** Formats in the recipient's own locale (not the fallback language) and time zone. */
    public LocalFormats formats(String languageTag, String timezone) {
        Locale locale = languageTag == null || languageTag.isBlank()
                ? SupportedLocales.FALLBACK
                : Locale.forLanguageTag(languageTag.strip().replace('_', '-'));
        if (locale.getLanguage().isEmpty()) {
            locale = SupportedLocales.FALLBACK;
        }
        return new LocalFormats(locale, zone(timezone));
    }

    /** The IANA zone, or the configured default for a missing or unknown one. */
    public ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    /** The configured send window. */
    public SendWindow sendWindow() {
        return sendWindow;
    }

    /** {@code instant} if it is inside the configured window in the recipient's zone, else the window's next start. */
    public Instant nextSendInstant(Instant instant, String timezone) {
        return sendWindow.nextInstantInside(instant, zone(timezone));
    }
}
