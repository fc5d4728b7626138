// Tier: unit (the permission rule, no Kafka).
package io.coursestream.topology.notifications;

import static io.coursestream.topology.testing.InputEvents.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.coursestream.schemas.notifications.BounceType;
import io.coursestream.schemas.notifications.NotificationBounced;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PreferenceChangeSource;
import io.coursestream.topology.notifications.NotificationPermission.Reason;

/** Every branch of {@link NotificationPermission#check}: who may be sent what, on which channel. */
class NotificationPermissionTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final String ADA = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String ADDRESS = "Ada@Example.org";

    @Test
    void shouldRefuseAUserTheDirectoryDoesNotKnow() {
        assertThat(check(null, NotificationCategory.SECURITY, NotificationChannel.IN_APP))
                .isEqualTo(refused(Reason.UNKNOWN_USER));
    }

    @Test
    void shouldRefuseAChannelOrCategoryThisReaderDoesNotKnow() {
        UserDirectoryEntry entry = entry(true).build();

        assertThat(check(entry, NotificationCategory.SECURITY, NotificationChannel.UNKNOWN))
                .isEqualTo(refused(Reason.UNKNOWN_CHANNEL));
        assertThat(check(entry, NotificationCategory.SECURITY, null)).isEqualTo(refused(Reason.UNKNOWN_CHANNEL));
        assertThat(check(entry, NotificationCategory.UNKNOWN, NotificationChannel.EMAIL))
                .isEqualTo(refused(Reason.UNKNOWN_CATEGORY));
        assertThat(check(entry, null, NotificationChannel.EMAIL)).isEqualTo(refused(Reason.UNKNOWN_CATEGORY));
    }

    @Test
    void shouldRefuseEmailWithoutAnAddressEvenWhenCritical() {
        UserDirectoryEntry withoutAddress = entry(true).setEmail(null).build();
        UserDirectoryEntry blankAddress = entry(true).setEmail("  ").build();

        assertThat(check(withoutAddress, NotificationCategory.SECURITY, NotificationChannel.EMAIL))
                .isEqualTo(refused(Reason.NO_EMAIL_ADDRESS));
        assertThat(check(blankAddress, NotificationCategory.ONBOARDING, NotificationChannel.EMAIL))
                .isEqualTo(refused(Reason.NO_EMAIL_ADDRESS));
        assertThat(check(withoutAddress, NotificationCategory.SECURITY, NotificationChannel.IN_APP))
                .isEqualTo(allowed(Reason.CRITICAL_CATEGORY));
    }

    @ParameterizedTest
    @EnumSource(value = BounceType.class, names = {"HARD", "COMPLAINT"})
    void shouldRefuseEveryEmailToASuppressedAddressButNotOtherChannels(BounceType type) {
        // Given: the current address, in another case than the report's
        UserDirectoryEntry entry = entry(true).setSuppressions(List.of(bounce("ada@example.org", type))).build();

        // Then: payment and security notices too; other channels follow the usual rules
        for (NotificationCategory category : known()) {
            assertThat(check(entry, category, NotificationChannel.EMAIL)).as(category.name())
                    .isEqualTo(refused(Reason.ADDRESS_SUPPRESSED));
        }
        assertThat(check(entry, NotificationCategory.BILLING, NotificationChannel.IN_APP))
                .isEqualTo(allowed(Reason.CRITICAL_CATEGORY));
        assertThat(check(entry, NotificationCategory.COURSE_ACTIVITY, NotificationChannel.WEBHOOK))
                .isEqualTo(allowed(Reason.SUBSCRIBED_BY_DEFAULT));
    }

    @Test
    void shouldNotHoldAnOldAddressesSuppressionAgainstTheCurrentOne() {
        UserDirectoryEntry entry = entry(false)
                .setSuppressions(List.of(bounce("old@example.org", BounceType.HARD))).build();

        assertThat(check(entry, NotificationCategory.BILLING, NotificationChannel.EMAIL))
                .isEqualTo(allowed(Reason.CRITICAL_CATEGORY));
    }

    @Test
    void shouldLetPaymentAndSecurityNoticesBypassPreferences() {
        // Given: unsubscribed from both on every channel, no marketing consent
        UserDirectoryEntry entry = entry(false).setPreferences(List.of(
                choice(NotificationCategory.BILLING, NotificationChannel.EMAIL, false),
                choice(NotificationCategory.BILLING, NotificationChannel.IN_APP, false),
                choice(NotificationCategory.SECURITY, NotificationChannel.EMAIL, false),
                choice(NotificationCategory.SECURITY, NotificationChannel.WEBHOOK, false))).build();

        // Then
        assertThat(NotificationPermission.CRITICAL).containsExactlyInAnyOrder(NotificationCategory.BILLING,
                NotificationCategory.SECURITY);
        for (NotificationCategory category : NotificationPermission.CRITICAL) {
            for (NotificationChannel channel : channels()) {
                assertThat(check(entry, category, channel)).as(category + " " + channel)
                        .isEqualTo(allowed(Reason.CRITICAL_CATEGORY));
            }
        }
    }

    @Test
    void shouldLetANoticeItsSenderMarksCriticalBypassPreferencesButNotASuppressedAddress() {
        // Given: unsubscribed from product updates by e-mail, no marketing consent
        UserDirectoryEntry entry = entry(false).setPreferences(List.of(
                choice(NotificationCategory.PRODUCT_UPDATES, NotificationChannel.EMAIL, false))).build();
        UserDirectoryEntry suppressed = entry(false)
                .setSuppressions(List.of(bounce("ada@example.org", BounceType.HARD))).build();

        // Then
        assertThat(NotificationPermission.check(entry, NotificationCategory.PRODUCT_UPDATES, NotificationChannel.EMAIL,
                true)).isEqualTo(allowed(Reason.CRITICAL_NOTICE));
        assertThat(NotificationPermission.check(entry, NotificationCategory.MARKETING, NotificationChannel.IN_APP,
                true)).isEqualTo(allowed(Reason.CRITICAL_NOTICE));
        assertThat(NotificationPermission.check(entry, NotificationCategory.BILLING, NotificationChannel.EMAIL, true))
                .isEqualTo(allowed(Reason.CRITICAL_CATEGORY));
        assertThat(NotificationPermission.check(suppressed, NotificationCategory.PRODUCT_UPDATES,
                NotificationChannel.EMAIL, true)).isEqualTo(refused(Reason.ADDRESS_SUPPRESSED));
        assertThat(NotificationPermission.check(entry, NotificationCategory.UNKNOWN, NotificationChannel.EMAIL, true))
                .isEqualTo(refused(Reason.UNKNOWN_CATEGORY));
        // not marked critical: the same notices follow the preferences
        assertThat(NotificationPermission.check(entry, NotificationCategory.PRODUCT_UPDATES, NotificationChannel.EMAIL,
                false)).isEqualTo(refused(Reason.UNSUBSCRIBED));
        assertThat(NotificationPermission.check(entry, NotificationCategory.MARKETING, NotificationChannel.IN_APP,
                false)).isEqualTo(refused(Reason.NOT_OPTED_IN));
    }

    @Test
    void shouldFollowAnExplicitChoiceForThatCategoryOnThatChannelOnly() {
        UserDirectoryEntry entry = entry(false).setPreferences(List.of(
                choice(NotificationCategory.MARKETING, NotificationChannel.IN_APP, true),
                choice(NotificationCategory.COURSE_ACTIVITY, NotificationChannel.EMAIL, false),
                choice(NotificationCategory.ADMIN, NotificationChannel.EMAIL, false))).build();

        assertThat(check(entry, NotificationCategory.MARKETING, NotificationChannel.IN_APP))
                .isEqualTo(allowed(Reason.SUBSCRIBED));
        assertThat(check(entry, NotificationCategory.COURSE_ACTIVITY, NotificationChannel.EMAIL))
                .isEqualTo(refused(Reason.UNSUBSCRIBED));
        assertThat(check(entry, NotificationCategory.ADMIN, NotificationChannel.EMAIL))
                .isEqualTo(refused(Reason.UNSUBSCRIBED));
        // the same categories elsewhere keep their defaults
        assertThat(check(entry, NotificationCategory.MARKETING, NotificationChannel.EMAIL))
                .isEqualTo(refused(Reason.NOT_OPTED_IN));
        assertThat(check(entry, NotificationCategory.COURSE_ACTIVITY, NotificationChannel.IN_APP))
                .isEqualTo(allowed(Reason.SUBSCRIBED_BY_DEFAULT));
    }

    @Test
    void shouldLetAnExplicitUnsubscribeOverrideMarketingConsent() {
        UserDirectoryEntry entry = entry(true).setPreferences(List.of(
                choice(NotificationCategory.MARKETING, NotificationChannel.EMAIL, false))).build();

        assertThat(check(entry, NotificationCategory.MARKETING, NotificationChannel.EMAIL))
                .isEqualTo(refused(Reason.UNSUBSCRIBED));
        assertThat(check(entry, NotificationCategory.MARKETING, NotificationChannel.WEBHOOK))
                .isEqualTo(allowed(Reason.SUBSCRIBED_BY_DEFAULT));
    }

    @Test
    void shouldSendMarketingByDefaultOnlyWithConsent() {
        for (NotificationChannel channel : channels()) {
            assertThat(check(entry(true).build(), NotificationCategory.MARKETING, channel)).as(channel.name())
                    .isEqualTo(allowed(Reason.SUBSCRIBED_BY_DEFAULT));
            assertThat(check(entry(false).build(), NotificationCategory.MARKETING, channel)).as(channel.name())
                    .isEqualTo(refused(Reason.NOT_OPTED_IN));
        }
    }

    @Test
    void shouldSubscribeEveryOtherCategoryByDefault() {
        Set<NotificationCategory> others = EnumSet.copyOf(known());
        others.remove(NotificationCategory.MARKETING);
        others.removeAll(NotificationPermission.CRITICAL);

        assertThat(others).containsExactlyInAnyOrder(NotificationCategory.PRODUCT_UPDATES,
                NotificationCategory.COURSE_ACTIVITY, NotificationCategory.AFFILIATE, NotificationCategory.ONBOARDING,
                NotificationCategory.ADMIN);
        for (NotificationCategory category : others) {
            for (NotificationChannel channel : channels()) {
                assertThat(check(entry(false).build(), category, channel)).as(category + " " + channel)
                        .isEqualTo(allowed(Reason.SUBSCRIBED_BY_DEFAULT));
            }
        }
    }

    @Test
    void shouldTellAllowingReasonsFromRefusingOnes() {
        assertThat(EnumSet.allOf(Reason.class)).filteredOn(Reason::allows).containsExactlyInAnyOrder(
                Reason.SUBSCRIBED, Reason.SUBSCRIBED_BY_DEFAULT, Reason.CRITICAL_CATEGORY, Reason.CRITICAL_NOTICE);
        assertThat(allowed(Reason.SUBSCRIBED).allowed()).isTrue();
        assertThat(refused(Reason.UNSUBSCRIBED).allowed()).isFalse();
        assertThatThrownBy(() -> new NotificationPermission(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static NotificationPermission check(UserDirectoryEntry entry, NotificationCategory category,
            NotificationChannel channel) {
        return NotificationPermission.check(entry, category, channel);
    }

    private static NotificationPermission allowed(Reason reason) {
        assertThat(reason.allows()).isTrue();
        return new NotificationPermission(reason);
    }

    private static NotificationPermission refused(Reason reason) {
        assertThat(reason.allows()).isFalse();
        return new NotificationPermission(reason);
    }

    private static UserDirectoryEntry.Builder entry(boolean marketingOptIn) {
        return UserDirectoryEntry.newBuilder()
                .setUserId(ADA)
                .setEmail(ADDRESS)
                .setDisplayName("Ada Lovelace")
                .setMarketingOptIn(marketingOptIn)
                .setRegisteredAt(T0)
                .setUpdatedAt(T0);
    }

    private static NotificationPreferencesChanged choice(NotificationCategory category, NotificationChannel channel,
            boolean subscribed) {
        return NotificationPreferencesChanged.newBuilder()
                .setMetadata(metadata(T0))
                .setUserId(ADA)
                .setCategory(category)
                .setChannel(channel)
                .setSubscribed(subscribed)
                .setSource(PreferenceChangeSource.SETTINGS_PAGE)
                .build();
    }

    private static NotificationBounced bounce(String email, BounceType type) {
        return NotificationBounced.newBuilder()
                .setMetadata(metadata(T0))
                .setEmail(email)
                .setBounceType(type)
                .setUserId(ADA)
                .setReportedBy("local-bounce-mailbox")
                .setBouncedAt(T0)
                .setSuppressed(true)
                .build();
    }

    private static Set<NotificationCategory> known() {
        Set<NotificationCategory> known = EnumSet.allOf(NotificationCategory.class);
        known.remove(NotificationCategory.UNKNOWN);
        return known;
    }

    private static Set<NotificationChannel> channels() {
        Set<NotificationChannel> known = EnumSet.allOf(NotificationChannel.class);
        known.remove(NotificationChannel.UNKNOWN);
        return known;
    }
}
