package io.coursestream.workers.notifications;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import io.coursestream.schemas.calendar.SendWindow;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The notification settings ({@code coursestream.notifications.*}); services/workers/README.md lists them. */
@ConfigMapping(prefix = "coursestream.notifications")
public interface NotificationsConfig {

    /**
     * The HMAC-SHA256 key of unsubscribe links, at least 32 bytes, shared with the stream processor that verifies
     * them. Absent, the workers start, but a non-critical mail fails (it cannot be sent without its link).
     */
    Optional<String> unsubscribeSecret();

    /** Where the one-click unsubscribe endpoint is; the link is this plus {@code ?token=<token>}. */
    URI unsubscribeUrl();

    /** How long an unsubscribe link works after the mail was sent. */
    @WithDefault("P90D")
    Duration unsubscribeLinkValidity();

    /** The public site: referral links are {@code <site-url>/r/<code>}, course links {@code <site-url>/courses/<id>}. */
    URI siteUrl();

    /** The zone for recipients whose time zone is unknown or invalid. */
    @WithDefault("UTC")
    ZoneId defaultTimezone();

    /** The local hours in which non-critical mail may reach a recipient. */
    SendWindowSettings sendWindow();

    /** {@link SendWindow} as configured. */
    interface SendWindowSettings {

        /** Local time the window opens (inclusive). */
        @WithDefault("08:00")
        LocalTime start();

        /** Local time the window closes (exclusive); before start for a window across midnight. */
        @WithDefault("21:00")
        LocalTime end();
    }
}
