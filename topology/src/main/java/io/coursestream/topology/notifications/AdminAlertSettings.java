package io.coursestream.topology.notifications;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who gets the admin alert mails and how often (the processor's {@code coursestream.notifications.admin-alerts.*}).
 *
 * @param adminEmails addresses every alert is mailed to; blank entries are dropped, surrounding spaces trimmed and
 *                    repeats (ignoring case) kept once. Empty: alerts are mailed to nobody (they stay on
 *                    {@code admin.alerts})
 * @param suppressFor alerts with the same {@code dedupeKey} whose event times lie closer than this to the last one
 *                    mailed are not mailed again; zero mails every alert
 */
public record AdminAlertSettings(List<String> adminEmails, Duration suppressFor) {

    public static final AdminAlertSettings DEFAULTS = new AdminAlertSettings(List.of(), Duration.ofMinutes(15));

    public AdminAlertSettings {
        Objects.requireNonNull(adminEmails, "adminEmails");
        Objects.requireNonNull(suppressFor, "suppressFor");
        if (suppressFor.isNegative()) {
            throw new IllegalArgumentException("the alert suppression window cannot be negative, got " + suppressFor);
        }
        Set<String> seen = new LinkedHashSet<>();
        List<String> addresses = adminEmails.stream()
                .filter(Objects::nonNull)
                .map(String::trim)
                .filter(address -> !address.isEmpty())
                .filter(address -> seen.add(UserDirectoryFold.address(address)))
                .toList();
        adminEmails = List.copyOf(addresses);
    }
}
