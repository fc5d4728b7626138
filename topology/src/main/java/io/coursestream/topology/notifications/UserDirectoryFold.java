package io.coursestream.topology.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.notifications.BounceType;
import io.coursestream.schemas.notifications.NotificationBounced;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;

/**
 * Folds one user's events into their {@link UserDirectoryEntry}. Each method returns the new entry, or
 * {@code current} itself (possibly null) when the event changes nothing, so a caller can skip the write.
 *
 * <ul>
 *   <li><b>Registration fills what is unknown.</b> The first {@link UserRegistered} sets the profile, the consent
 *   and {@code registeredAt}; a field a profile update already set is kept. A second registration of the same user
 *   (a redelivery) changes nothing, so it cannot undo a later profile update.</li>
 *   <li><b>A profile update overwrites what it carries.</b> A null field of {@link UserProfileUpdated} means
 *   unchanged, so only the non-null fields are copied.</li>
 *   <li><b>The latest preference wins, by event time.</b> Preference changes come from several places (settings
 *   page, unsubscribe link, one-click unsubscribe from the mail client), whose requests can overtake each other, so
 *   per category and channel the change with the latest {@code occurredAt} is kept; an older one arriving later is
 *   ignored, an equal one replaces (it arrived later). A change for a category or channel this reader does not
 *   know ({@code UNKNOWN}) is ignored: it cannot be told apart from other unknown symbols.</li>
 *   <li><b>Suppression is per address.</b> A HARD bounce or a COMPLAINT puts the address (lower case) on the user's
 *   suppression list with the earliest such bounce; SOFT and UNKNOWN bounces change nothing. The list is kept when
 *   the user changes their address, so the new address is free and a return to the dead one is still suppressed.
 *   No event lifts a suppression yet.</li>
 * </ul>
 */
public final class UserDirectoryFold {

    private static final Comparator<NotificationPreferencesChanged> BY_CATEGORY_AND_CHANNEL = Comparator
            .comparing(NotificationPreferencesChanged::getCategory)
            .thenComparing(NotificationPreferencesChanged::getChannel);

    private UserDirectoryFold() {
    }

    /**
     * The entry after {@code event}.
     *
     * @param current the entry so far; null before the user's first event
     * @param event   an event of {@code users.user-events} or a {@link NotificationBounced}
     * @return the new entry; {@code current} itself if the event is of another type or changes nothing
     */
    public static UserDirectoryEntry apply(UserDirectoryEntry current, SpecificRecord event) {
        if (event instanceof UserRegistered registered) {
            return registered(current, registered);
        }
        if (event instanceof UserProfileUpdated updated) {
            return profileUpdated(current, updated);
        }
        if (event instanceof NotificationPreferencesChanged changed) {
            return preferenceChanged(current, changed);
        }
        if (event instanceof NotificationBounced bounced) {
            return bounced(current, bounced);
        }
        return current;
    }

    public static UserDirectoryEntry registered(UserDirectoryEntry current, UserRegistered event) {
        if (current != null && current.getRegisteredAt() != null) {
            return current;
        }
        Instant at = event.getMetadata().getOccurredAt();
        UserDirectoryEntry.Builder next = start(current, event.getUserId(), at)
                .setMarketingOptIn(event.getMarketingOptIn())
                .setRegisteredAt(at);
        if (next.getEmail() == null) {
            next.setEmail(event.getEmail());
        }
        if (next.getDisplayName() == null) {
            next.setDisplayName(event.getDisplayName());
        }
        if (next.getLocaleSettings() == null) {
            next.setLocaleSettings(event.getLocaleSettings());
        }
        if (next.getCountry() == null) {
            next.setCountry(event.getCountry());
        }
        return next.build();
    }

    public static UserDirectoryEntry profileUpdated(UserDirectoryEntry current, UserProfileUpdated event) {
        UserDirectoryEntry.Builder next = start(current, event.getUserId(), event.getMetadata().getOccurredAt());
        if (event.getEmail() != null) {
            next.setEmail(event.getEmail());
        }
        if (event.getDisplayName() != null) {
            next.setDisplayName(event.getDisplayName());
        }
        if (event.getLocaleSettings() != null) {
            next.setLocaleSettings(event.getLocaleSettings());
        }
        if (event.getCountry() != null) {
            next.setCountry(event.getCountry());
        }
        return next.build();
    }

    public static UserDirectoryEntry preferenceChanged(UserDirectoryEntry current, NotificationPreferencesChanged event) {
        if (event.getCategory() == NotificationCategory.UNKNOWN || event.getChannel() == NotificationChannel.UNKNOWN) {
            return current;
        }
        Optional<NotificationPreferencesChanged> known = preference(current, event.getCategory(), event.getChannel());
        Instant at = event.getMetadata().getOccurredAt();
        if (known.isPresent() && known.get().getMetadata().getOccurredAt().isAfter(at)) {
            return current;
        }
        List<NotificationPreferencesChanged> preferences = new ArrayList<>(
                current == null ? List.of() : current.getPreferences());
        known.ifPresent(preferences::remove);
        preferences.add(event);
        preferences.sort(BY_CATEGORY_AND_CHANNEL);
        return start(current, event.getUserId(), at).setPreferences(preferences).build();
    }

    /**
     * Suppression from a bounce report: ready to be fed by whatever carries {@link NotificationBounced} to the
     * processor (see {@link UserDirectory}). A bounce without a user id belongs to no entry and changes nothing.
     */
    public static UserDirectoryEntry bounced(UserDirectoryEntry current, NotificationBounced event) {
        if (event.getUserId() == null || !suppresses(event.getBounceType())) {
            return current;
        }
        Optional<NotificationBounced> known = suppressionOf(current, event.getEmail());
        if (known.isPresent() && !known.get().getBouncedAt().isAfter(event.getBouncedAt())) {
            return current;
        }
        List<NotificationBounced> suppressions = new ArrayList<>(
                current == null ? List.of() : current.getSuppressions());
        known.ifPresent(suppressions::remove);
        suppressions.add(event);
        suppressions.sort(Comparator.comparing(bounce -> address(bounce.getEmail())));
        return start(current, event.getUserId(), event.getMetadata().getOccurredAt())
                .setSuppressions(suppressions).build();
    }

    /** The user's explicit choice for one category on one channel, if they made one. */
    public static Optional<NotificationPreferencesChanged> preference(UserDirectoryEntry entry,
            NotificationCategory category, NotificationChannel channel) {
        if (entry == null) {
            return Optional.empty();
        }
        return entry.getPreferences().stream()
                .filter(change -> change.getCategory() == category && change.getChannel() == channel)
                .findFirst();
    }

    /** The bounce that put {@code email} on the user's suppression list, if it is on it. */
    public static Optional<NotificationBounced> suppressionOf(UserDirectoryEntry entry, String email) {
        if (entry == null || email == null) {
            return Optional.empty();
        }
        String address = address(email);
        return entry.getSuppressions().stream()
                .filter(bounce -> address(bounce.getEmail()).equals(address))
                .findFirst();
    }

    /** HARD and COMPLAINT suppress, as {@link BounceType} defines. */
    static boolean suppresses(BounceType type) {
        return type == BounceType.HARD || type == BounceType.COMPLAINT;
    }

    /**
     * How addresses are compared: bounce reports give them in lower case while users type them as they like, and
     * providers treat the local part case-insensitively in practice.
     */
    static String address(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static UserDirectoryEntry.Builder start(UserDirectoryEntry current, String userId, Instant at) {
        if (current == null) {
            return UserDirectoryEntry.newBuilder().setUserId(userId).setUpdatedAt(at);
        }
        UserDirectoryEntry.Builder next = UserDirectoryEntry.newBuilder(current);
        if (at.isAfter(current.getUpdatedAt())) {
            next.setUpdatedAt(at);
        }
        return next;
    }
}
