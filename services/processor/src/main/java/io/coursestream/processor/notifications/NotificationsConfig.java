package io.coursestream.processor.notifications;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.coursestream.topology.notifications.AdminAlertSettings;
import io.coursestream.topology.notifications.CampaignSettings;
import io.coursestream.topology.notifications.NotificationSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code coursestream.notifications.*} of the stream processor: the unsubscribe links' key, the campaign fan-out and
 * who gets the admin alert mails. The send rates are the workers' ({@code coursestream.notifications.channels.*}
 * there).
 */
@ConfigMapping(prefix = "coursestream.notifications")
public interface NotificationsConfig {

    /**
     * The HMAC-SHA256 key the workers sign unsubscribe links with (at least 32 bytes). Absent, the unsubscribe
     * endpoint answers 503.
     */
    Optional<String> unsubscribeSecret();

    Campaigns campaigns();

    AdminAlerts adminAlerts();

    /** {@code coursestream.notifications.campaigns.*}. */
    interface Campaigns {

        /** How often (wall clock) each task requests the next batch of every running campaign. */
        @WithDefault("PT1S")
        Duration fanOutInterval();
    }

    /** {@code coursestream.notifications.admin-alerts.*}. */
    interface AdminAlerts {

        /** Addresses every admin alert is mailed to, comma-separated; none: alerts are not mailed. */
        Optional<List<String>> emails();

        /** Alerts with one dedupe key closer together than this are mailed once. */
        @WithDefault("PT15M")
        Duration suppressFor();
    }

    /**
     * These settings for the campaign and admin-alert topologies.
     *
     * @throws IllegalArgumentException for an invalid value, naming its key
     */
    default NotificationSettings settings() {
        try {
            return new NotificationSettings(
                    new CampaignSettings(campaigns().fanOutInterval(), CampaignSettings.DEFAULTS.partitions()),
                    new AdminAlertSettings(adminAlerts().emails().orElse(List.of()), adminAlerts().suppressFor()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coursestream.notifications: " + e.getMessage(), e);
        }
    }
}
