// Tier: unit (the directory's fold rules, no Kafka).
package io.coursestream.topology.notifications;

import static io.coursestream.topology.testing.InputEvents.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.notifications.BounceType;
import io.coursestream.schemas.notifications.NotificationBounced;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PreferenceChangeSource;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.testing.InputEvents;

/** The rules of {@link UserDirectoryFold} that the topology tests do not reach. */
class UserDirectoryFoldTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final String ADA = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void shouldLetARegistrationFillOnlyWhatAnEarlierProfileUpdateLeftUnknown() {
        // Given: a profile update reached the directory before the registration
        UserDirectoryEntry updated = UserDirectoryFold.apply(null, UserProfileUpdated.newBuilder()
                .setMetadata(metadata(T0.plusSeconds(60))).setUserId(ADA).setDisplayName("Ada King").build());

        // When
        UserDirectoryEntry entry = UserDirectoryFold.apply(updated, registration(T0));

        // Then
        assertThat(entry.getDisplayName()).isEqualTo("Ada King");
        assertThat(entry.getEmail()).isEqualTo("ada@example.org");
        assertThat(entry.getLocaleSettings()).isEqualTo(new LocaleSettings("en-GB", "Europe/London"));
        assertThat(entry.getMarketingOptIn()).isTrue();
        assertThat(entry.getRegisteredAt()).isEqualTo(T0);
        assertThat(entry.getUpdatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void shouldIgnoreAPreferenceForACategoryOrChannelThisReaderDoesNotKnow() {
        UserDirectoryEntry registered = UserDirectoryFold.apply(null, registration(T0));

        assertThat(UserDirectoryFold.apply(registered, preference(NotificationCategory.UNKNOWN, NotificationChannel.EMAIL)))
                .isSameAs(registered);
        assertThat(UserDirectoryFold.apply(registered, preference(NotificationCategory.MARKETING, NotificationChannel.UNKNOWN)))
                .isSameAs(registered);
    }

    @Test
    void shouldReplaceAPreferenceByAnEquallyTimedLaterArrival() {
        UserDirectoryEntry first = UserDirectoryFold.apply(null,
                preference(NotificationCategory.AFFILIATE, NotificationChannel.WEBHOOK, false, T0));

        UserDirectoryEntry second = UserDirectoryFold.apply(first,
                preference(NotificationCategory.AFFILIATE, NotificationChannel.WEBHOOK, true, T0));

        assertThat(second.getPreferences()).singleElement()
                .extracting(NotificationPreferencesChanged::getSubscribed).isEqualTo(true);
    }

    @Test
    void shouldChangeNothingOnASoftBounceABounceWithoutUserOrAnotherEvent() {
        UserDirectoryEntry registered = UserDirectoryFold.apply(null, registration(T0));

        assertThat(UserDirectoryFold.apply(registered, bounce(ADA, BounceType.SOFT))).isSameAs(registered);
        assertThat(UserDirectoryFold.apply(registered, bounce(ADA, BounceType.UNKNOWN))).isSameAs(registered);
        assertThat(UserDirectoryFold.apply(registered, bounce(null, BounceType.HARD))).isSameAs(registered);
        assertThat(UserDirectoryFold.apply(registered, InputEvents.courseEnrolled(ADA, "course-1", T0)))
                .isSameAs(registered);
        assertThat(UserDirectoryFold.apply(registered, registration(T0.plus(Duration.ofDays(1))))).isSameAs(registered);
    }

    @Test
    void shouldSuppressForAUserTheDirectoryHasNotSeenYet() {
        UserDirectoryEntry entry = UserDirectoryFold.apply(null, bounce(ADA, BounceType.HARD));

        assertThat(entry.getUserId()).isEqualTo(ADA);
        assertThat(entry.getEmail()).isNull();
        assertThat(UserDirectoryFold.suppressionOf(entry, " ADA@example.org ")).isPresent();
    }

    private static UserRegistered registration(Instant at) {
        return UserRegistered.newBuilder(InputEvents.userRegistered(ADA, at)).setEmail("ada@example.org").build();
    }

    private static NotificationPreferencesChanged preference(NotificationCategory category, NotificationChannel channel) {
        return preference(category, channel, false, T0);
    }

    private static NotificationPreferencesChanged preference(NotificationCategory category, NotificationChannel channel,
            boolean subscribed, Instant at) {
        return NotificationPreferencesChanged.newBuilder()
                .setMetadata(metadata(at)).setUserId(ADA).setCategory(category).setChannel(channel)
                .setSubscribed(subscribed).setSource(PreferenceChangeSource.SETTINGS_PAGE).build();
    }

    private static NotificationBounced bounce(String userId, BounceType type) {
        return NotificationBounced.newBuilder()
                .setMetadata(metadata(T0)).setEmail("ada@example.org").setBounceType(type).setUserId(userId)
                .setReportedBy("local-bounce-mailbox").setBouncedAt(T0).setSuppressed(false).build();
    }
}
