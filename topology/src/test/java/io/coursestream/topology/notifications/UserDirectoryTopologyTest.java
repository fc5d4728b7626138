// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.notifications;

import static io.coursestream.topology.testing.InputEvents.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.notifications.BounceType;
import io.coursestream.schemas.notifications.NotificationBounced;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PreferenceChangeSource;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.notifications.NotificationPermission.Reason;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.topology.validation.ValidatedInputs;

/** The user directory over validated user events and bounce reports: events in, one entry per user in the store. */
class UserDirectoryTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration APART = Duration.ofMinutes(10);
    private static final String ADA = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String GRACE = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String NOTIFICATION_EVENTS_SOURCE = "notification-events-source";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> users;
    private TestInputTopic<String, SpecificRecord> notifications;
    private TestInputTopic<String, SpecificRecord> unsubscribes;

    @BeforeEach
    void startDriver() {
        driver = new TopologyTestDriver(topologyWithBounces(), DriverConfig.of("user-directory-test", stateDir));
        users = driver.createInputTopic(Topics.USER_EVENTS.name(), new StringSerializer(), avro.serializer());
        notifications = driver.createInputTopic(Topics.NOTIFICATION_EVENTS.name(), new StringSerializer(),
                avro.serializer());
        unsubscribes = driver.createInputTopic(Topics.PREFERENCE_CHANGES.name(), new StringSerializer(),
                avro.serializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- registration and profile -----------------------------------------------------------------------------------

    @Test
    void shouldKeepWhatNotificationsNeedFromTheRegistration() {
        // When
        user(registered(ADA, "Ada@Example.org", false, T0));

        // Then
        UserDirectoryEntry entry = entry(ADA);
        assertThat(entry.getUserId()).isEqualTo(ADA);
        assertThat(entry.getEmail()).isEqualTo("Ada@Example.org");
        assertThat(entry.getDisplayName()).isEqualTo("Ada Lovelace");
        assertThat(entry.getLocaleSettings()).isEqualTo(new LocaleSettings("en-GB", "Europe/London"));
        assertThat(entry.getCountry()).isEqualTo("GB");
        assertThat(entry.getMarketingOptIn()).isFalse();
        assertThat(entry.getRegisteredAt()).isEqualTo(T0);
        assertThat(entry.getUpdatedAt()).isEqualTo(T0);
        assertThat(entry.getPreferences()).isEmpty();
        assertThat(entry.getSuppressions()).isEmpty();
        assertThat(entry(GRACE)).isNull();
    }

    @Test
    void shouldChangeOnlyTheFieldsAProfileUpdateCarries() {
        // Given
        user(registered(ADA, "ada@example.org", true, T0));

        // When: a new name and locale, nothing else; then a new address alone
        user(profileUpdated(ADA, null, "Ada King", new LocaleSettings("de-DE", "Europe/Berlin"), null, T0.plus(APART)));
        user(profileUpdated(ADA, "countess@example.org", null, null, null, T0.plus(APART.multipliedBy(2))));

        // Then
        UserDirectoryEntry entry = entry(ADA);
        assertThat(entry.getEmail()).isEqualTo("countess@example.org");
        assertThat(entry.getDisplayName()).isEqualTo("Ada King");
        assertThat(entry.getLocaleSettings()).isEqualTo(new LocaleSettings("de-DE", "Europe/Berlin"));
        assertThat(entry.getCountry()).isEqualTo("GB");
        assertThat(entry.getMarketingOptIn()).isTrue();
        assertThat(entry.getRegisteredAt()).isEqualTo(T0);
        assertThat(entry.getUpdatedAt()).isEqualTo(T0.plus(APART.multipliedBy(2)));
    }

    @Test
    void shouldNotLetARedeliveredRegistrationUndoAProfileUpdate() {
        // Given
        UserRegistered registration = registered(ADA, "ada@example.org", true, T0);
        user(registration);
        user(profileUpdated(ADA, "countess@example.org", "Ada King", null, "FR", T0.plus(APART)));

        // When: the producer delivers the registration again
        user(registration);

        // Then
        UserDirectoryEntry entry = entry(ADA);
        assertThat(entry.getEmail()).isEqualTo("countess@example.org");
        assertThat(entry.getDisplayName()).isEqualTo("Ada King");
        assertThat(entry.getCountry()).isEqualTo("FR");
        assertThat(entry.getUpdatedAt()).isEqualTo(T0.plus(APART));
    }

    @Test
    void shouldKeepUsersApart() {
        // When
        user(registered(ADA, "ada@example.org", true, T0));
        user(registered(GRACE, "grace@example.org", false, T0.plus(APART)));
        user(preference(GRACE, NotificationCategory.COURSE_ACTIVITY, NotificationChannel.EMAIL, false, T0.plus(APART)));

        // Then
        assertThat(entry(ADA).getEmail()).isEqualTo("ada@example.org");
        assertThat(entry(ADA).getPreferences()).isEmpty();
        assertThat(entry(GRACE).getEmail()).isEqualTo("grace@example.org");
        assertThat(entry(GRACE).getPreferences()).hasSize(1);
    }

    // ---- preferences ------------------------------------------------------------------------------------------------

    @Test
    void shouldKeepTheLatestPreferencePerCategoryAndChannel() {
        // Given
        user(registered(ADA, "ada@example.org", true, T0));

        // When: marketing off by e-mail only; course activity off by e-mail, then back on
        user(preference(ADA, NotificationCategory.MARKETING, NotificationChannel.EMAIL, false, T0.plus(APART)));
        user(preference(ADA, NotificationCategory.COURSE_ACTIVITY, NotificationChannel.EMAIL, false,
                T0.plus(APART.multipliedBy(2))));
        user(preference(ADA, NotificationCategory.COURSE_ACTIVITY, NotificationChannel.EMAIL, true,
                T0.plus(APART.multipliedBy(3))));

        // Then
        UserDirectoryEntry entry = entry(ADA);
        assertThat(entry.getPreferences())
                .extracting(NotificationPreferencesChanged::getCategory, NotificationPreferencesChanged::getChannel,
                        NotificationPreferencesChanged::getSubscribed)
                .containsExactly(
                        tuple(NotificationCategory.MARKETING, NotificationChannel.EMAIL, false),
                        tuple(NotificationCategory.COURSE_ACTIVITY, NotificationChannel.EMAIL, true));
        assertThat(reason(entry, NotificationCategory.MARKETING, NotificationChannel.EMAIL)).isEqualTo(Reason.UNSUBSCRIBED);
        assertThat(reason(entry, NotificationCategory.MARKETING, NotificationChannel.IN_APP))
                .isEqualTo(Reason.SUBSCRIBED_BY_DEFAULT);
        assertThat(reason(entry, NotificationCategory.COURSE_ACTIVITY, NotificationChannel.EMAIL))
                .isEqualTo(Reason.SUBSCRIBED);
    }

    @Test
    void shouldTakeTheUnsubscribesOfTheSignedLinksAboutTheUserTheyAreKeyedBy() {
        // Given
        user(registered(ADA, "ada@example.org", true, T0));
        user(registered(GRACE, "grace@example.org", true, T0));

        // When: Ada's one-click unsubscribe from marketing mail, and one keyed by Ada that names Grace
        NotificationPreferencesChanged ada = preference(ADA, NotificationCategory.MARKETING, NotificationChannel.EMAIL,
                false, T0.plus(APART));
        unsubscribes.pipeInput(ADA, ada, T0.plus(APART));
        unsubscribes.pipeInput(ADA, preference(GRACE, NotificationCategory.MARKETING, NotificationChannel.EMAIL, false,
                T0.plus(APART)), T0.plus(APART));

        // Then
        assertThat(reason(entry(ADA), NotificationCategory.MARKETING, NotificationChannel.EMAIL))
                .isEqualTo(Reason.UNSUBSCRIBED);
        assertThat(reason(entry(GRACE), NotificationCategory.MARKETING, NotificationChannel.EMAIL))
                .isEqualTo(Reason.SUBSCRIBED_BY_DEFAULT);
    }

    @Test
    void shouldIgnoreAPreferenceChangeOlderThanTheOneKept() {
        // Given: a one-click unsubscribe at T0+20min
        user(registered(ADA, "ada@example.org", true, T0));
        user(preference(ADA, NotificationCategory.MARKETING, NotificationChannel.EMAIL, false,
                T0.plus(APART.multipliedBy(2))));

        // When: a settings-page save from T0+10min arrives late
        user(preference(ADA, NotificationCategory.MARKETING, NotificationChannel.EMAIL, true, T0.plus(APART)));

        // Then
        UserDirectoryEntry entry = entry(ADA);
        assertThat(entry.getPreferences()).singleElement().satisfies(kept -> {
            assertThat(kept.getSubscribed()).isFalse();
            assertThat(kept.getMetadata().getOccurredAt()).isEqualTo(T0.plus(APART.multipliedBy(2)));
        });
        assertThat(entry.getUpdatedAt()).isEqualTo(T0.plus(APART.multipliedBy(2)));
        assertThat(reason(entry, NotificationCategory.MARKETING, NotificationChannel.EMAIL)).isEqualTo(Reason.UNSUBSCRIBED);
    }

    // ---- suppression ------------------------------------------------------------------------------------------------

    @Test
    void shouldSuppressAnAddressOnAHardBounceOrAComplaintButNotOnASoftBounce() {
        // Given
        user(registered(ADA, "Ada@Example.org", true, T0));
        user(registered(GRACE, "grace@example.org", true, T0));

        // When
        bounce(ADA, bounced(ADA, "ada@example.org", BounceType.SOFT, T0.plus(APART)));
        bounce(GRACE, bounced(GRACE, "grace@example.org", BounceType.COMPLAINT, T0.plus(APART)));

        // Then: a soft bounce is retried, not suppressed
        assertThat(entry(ADA).getSuppressions()).isEmpty();
        assertThat(reason(entry(ADA), NotificationCategory.BILLING, NotificationChannel.EMAIL))
                .isEqualTo(Reason.CRITICAL_CATEGORY);
        assertThat(entry(GRACE).getSuppressions()).extracting(NotificationBounced::getBounceType)
                .containsExactly(BounceType.COMPLAINT);

        // When: the address as reported (lower case) bounces hard
        bounce(ADA, bounced(ADA, "ada@example.org", BounceType.HARD, T0.plus(APART.multipliedBy(2))));

        // Then: no e-mail, not even a payment notice; in-app still reaches her
        UserDirectoryEntry entry = entry(ADA);
        assertThat(entry.getSuppressions()).extracting(NotificationBounced::getEmail, NotificationBounced::getBounceType,
                NotificationBounced::getBouncedAt).containsExactly(
                        tuple("ada@example.org", BounceType.HARD, T0.plus(APART.multipliedBy(2))));
        assertThat(reason(entry, NotificationCategory.BILLING, NotificationChannel.EMAIL))
                .isEqualTo(Reason.ADDRESS_SUPPRESSED);
        assertThat(reason(entry, NotificationCategory.BILLING, NotificationChannel.IN_APP))
                .isEqualTo(Reason.CRITICAL_CATEGORY);
    }

    @Test
    void shouldFreeANewAddressButKeepTheBouncedOneSuppressed() {
        // Given: the first address bounced hard
        user(registered(ADA, "ada@example.org", true, T0));
        bounce(ADA, bounced(ADA, "ada@example.org", BounceType.HARD, T0.plus(APART)));

        // When: she moves to a new address
        user(profileUpdated(ADA, "countess@example.org", null, null, null, T0.plus(APART.multipliedBy(2))));

        // Then
        assertThat(reason(entry(ADA), NotificationCategory.ONBOARDING, NotificationChannel.EMAIL))
                .isEqualTo(Reason.SUBSCRIBED_BY_DEFAULT);

        // When: she goes back to the dead one
        user(profileUpdated(ADA, "ada@example.org", null, null, null, T0.plus(APART.multipliedBy(3))));

        // Then
        assertThat(reason(entry(ADA), NotificationCategory.ONBOARDING, NotificationChannel.EMAIL))
                .isEqualTo(Reason.ADDRESS_SUPPRESSED);
        assertThat(entry(ADA).getSuppressions()).hasSize(1);
    }

    @Test
    void shouldKeepTheEarliestBounceThatSuppressedAnAddress() {
        // Given
        user(registered(ADA, "ada@example.org", true, T0));
        bounce(ADA, bounced(ADA, "ada@example.org", BounceType.COMPLAINT, T0.plus(APART.multipliedBy(3))));

        // When: an earlier hard bounce is reported late, then a later one
        bounce(ADA, bounced(ADA, "ada@example.org", BounceType.HARD, T0.plus(APART)));
        bounce(ADA, bounced(ADA, "ada@example.org", BounceType.HARD, T0.plus(APART.multipliedBy(4))));

        // Then
        assertThat(entry(ADA).getSuppressions()).extracting(NotificationBounced::getBounceType,
                NotificationBounced::getBouncedAt).containsExactly(tuple(BounceType.HARD, T0.plus(APART)));
    }

    @Test
    void shouldLeaveOutABounceThatNamesNoUserOrAnotherOne() {
        // Given
        user(registered(ADA, "ada@example.org", true, T0));

        // When: keyed by the address because the user is unknown; and keyed by another user than it names
        bounce("ada@example.org", bounced(null, "ada@example.org", BounceType.HARD, T0.plus(APART)));
        bounce(GRACE, bounced(ADA, "ada@example.org", BounceType.HARD, T0.plus(APART)));

        // Then
        assertThat(entry(ADA).getSuppressions()).isEmpty();
        assertThat(entry(GRACE)).isNull();
        assertThat(entry("ada@example.org")).isNull();
    }

    // ---- named state ------------------------------------------------------------------------------------------------

    @Test
    void shouldNameTheStoreAndEveryNode() {
        for (Topology topology : List.of(topologyWithBounces(), topologyWithoutBounces())) {
            List<String> own = new ArrayList<>();
            List<String> stores = new ArrayList<>();
            for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
                for (TopologyDescription.Node node : subtopology.nodes()) {
                    boolean validation = Topics.inputs().stream().anyMatch(topic -> node.name().startsWith(topic.name()));
                    if (!validation && !node.name().equals(NOTIFICATION_EVENTS_SOURCE)) {
                        own.add(node.name());
                    }
                    if (node instanceof TopologyDescription.Processor processor
                            && processor.name().equals(UserDirectory.PROCESSOR)) {
                        stores.addAll(processor.stores());
                    }
                }
            }
            assertThat(own).allMatch(name -> name.startsWith("notifications-")).contains(UserDirectory.PROCESSOR);
            assertThat(stores).containsExactly(UserDirectory.STORE);
        }
        assertThat(UserDirectory.STORE).isEqualTo("notifications-user-directory-store");
        assertThat(UserDirectory.PROCESSOR).isEqualTo("notifications-user-directory");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private Topology topologyWithBounces() {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        KStream<String, SpecificRecord> notificationEvents = builder.stream(Topics.NOTIFICATION_EVENTS.name(),
                Consumed.with(Serdes.String(), avro).withName(NOTIFICATION_EVENTS_SOURCE));
        UserDirectory.build(builder, inputs, notificationEvents, avro);
        return builder.build();
    }

    private Topology topologyWithoutBounces() {
        StreamsBuilder builder = new StreamsBuilder();
        UserDirectory.build(builder, ValidatedInputs.build(builder, avro.deserializer()), avro);
        return builder.build();
    }

    /** Written with the event's own time: validation refuses events that claim to happen long after their record. */
    private void user(SpecificRecord event) {
        String userId = (String) event.get(event.getSchema().getField("userId").pos());
        Instant occurredAt = ((EventMetadata) event.get(event.getSchema().getField("metadata").pos())).getOccurredAt();
        users.pipeInput(userId, event, occurredAt);
    }

    private void bounce(String key, NotificationBounced event) {
        notifications.pipeInput(key, event, event.getMetadata().getOccurredAt());
    }

    private UserDirectoryEntry entry(String userId) {
        return driver.<String, UserDirectoryEntry>getKeyValueStore(UserDirectory.STORE).get(userId);
    }

    private static Reason reason(UserDirectoryEntry entry, NotificationCategory category, NotificationChannel channel) {
        return NotificationPermission.check(entry, category, channel).reason();
    }

    private static UserRegistered registered(String userId, String email, boolean marketingOptIn, Instant at) {
        return UserRegistered.newBuilder()
                .setMetadata(metadata(at))
                .setUserId(userId)
                .setEmail(email)
                .setDisplayName("Ada Lovelace")
                .setLocaleSettings(new LocaleSettings("en-GB", "Europe/London"))
                .setCountry("GB")
                .setOwnReferralCode("ADA-1815")
                .setIpAddress("203.0.113.7")
                .setMarketingOptIn(marketingOptIn)
                .build();
    }

    private static UserProfileUpdated profileUpdated(String userId, String email, String displayName,
            LocaleSettings localeSettings, String country, Instant at) {
        return UserProfileUpdated.newBuilder()
                .setMetadata(metadata(at))
                .setUserId(userId)
                .setEmail(email)
                .setDisplayName(displayName)
                .setLocaleSettings(localeSettings)
                .setCountry(country)
                .build();
    }

    private static NotificationPreferencesChanged preference(String userId, NotificationCategory category,
            NotificationChannel channel, boolean subscribed, Instant at) {
        return NotificationPreferencesChanged.newBuilder()
                .setMetadata(metadata(at))
                .setUserId(userId)
                .setCategory(category)
                .setChannel(channel)
                .setSubscribed(subscribed)
                .setSource(subscribed ? PreferenceChangeSource.SETTINGS_PAGE : PreferenceChangeSource.ONE_CLICK_UNSUBSCRIBE)
                .build();
    }

    private static NotificationBounced bounced(String userId, String email, BounceType type, Instant at) {
        return NotificationBounced.newBuilder()
                .setMetadata(metadata(at))
                .setEmail(email)
                .setBounceType(type)
                .setUserId(userId)
                .setDiagnosticCode(type == BounceType.HARD ? "5.1.1 user unknown" : null)
                .setReportedBy("local-bounce-mailbox")
                .setBouncedAt(at)
                .setSuppressed(type == BounceType.HARD || type == BounceType.COMPLAINT)
                .build();
    }
}
