package io.coursestream.topology.notifications;

import java.util.Objects;

/**
 * The notifications context's settings in the stream processor: the campaign fan-out and the admin alert mails.
 *
 * @param campaigns   how campaigns fan out
 * @param adminAlerts who gets the admin alert mails, and how often
 */
public record NotificationSettings(CampaignSettings campaigns, AdminAlertSettings adminAlerts) {

    /** Campaigns fan out every second; no admin addresses, so alerts are not mailed. */
    public static final NotificationSettings DEFAULTS = new NotificationSettings(CampaignSettings.DEFAULTS,
            AdminAlertSettings.DEFAULTS);

    public NotificationSettings {
        Objects.requireNonNull(campaigns, "campaigns");
        Objects.requireNonNull(adminAlerts, "adminAlerts");
    }
}
