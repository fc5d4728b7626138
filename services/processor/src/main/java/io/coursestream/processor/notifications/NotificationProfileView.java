package io.coursestream.processor.notifications;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.topology.notifications.NotificationPermission;

/**
 * What the notifications context knows about one user, as {@code /api/users/{id}/notifications} answers it: the
 * directory entry, and for every category and channel whether a notification may reach them now and why
 * ({@link NotificationPermission}).
 */
public record NotificationProfileView(String userId, String email, String displayName, String locale,
        String timezone, boolean marketingOptIn, List<Choice> choices, List<Suppression> suppressions,
        List<Permission> permissions, Instant updatedAt) {

    /** An explicit choice the user made for one category on one channel. */
    public record Choice(String category, String channel, boolean subscribed, String source, Instant at) {
    }

    /** An address on the suppression list. */
    public record Suppression(String email, String bounceType, Instant bouncedAt) {
    }

    /** Whether a notification of this category may reach the user on this channel, and why. */
    public record Permission(String category, String channel, boolean allowed, String reason) {
    }

    public static NotificationProfileView of(UserDirectoryEntry entry) {
        List<Permission> permissions = known(NotificationCategory.values()).flatMap(category ->
                known(NotificationChannel.values()).map(channel -> {
                    NotificationPermission permission = NotificationPermission.check(entry, category, channel);
                    return new Permission(category.name(), channel.name(), permission.allowed(),
                            permission.reason().name());
                })).toList();
        return new NotificationProfileView(entry.getUserId(), entry.getEmail(), entry.getDisplayName(),
                entry.getLocaleSettings() == null ? null : entry.getLocaleSettings().getLocale(),
                entry.getLocaleSettings() == null ? null : entry.getLocaleSettings().getTimezone(),
                entry.getMarketingOptIn(),
                entry.getPreferences().stream().map(choice -> new Choice(choice.getCategory().name(),
                        choice.getChannel().name(), choice.getSubscribed(), choice.getSource().name(),
                        choice.getMetadata().getOccurredAt())).toList(),
                entry.getSuppressions().stream().map(bounce -> new Suppression(bounce.getEmail(),
                        bounce.getBounceType().name(), bounce.getBouncedAt())).toList(),
                permissions, entry.getUpdatedAt());
    }

    /** The symbols of an enum this reader knows, without UNKNOWN. */
    private static <E extends Enum<E>> Stream<E> known(E[] values) {
        return Arrays.stream(values).filter(value -> !"UNKNOWN".equals(value.name()));
    }
}
