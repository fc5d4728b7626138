// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.notifications;

import static io.coursestream.topology.testing.InputEvents.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.notifications.AudienceKind;
import io.coursestream.schemas.notifications.BounceType;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignAudience;
import io.coursestream.schemas.notifications.CampaignStatus;
import io.coursestream.schemas.notifications.NotificationBounced;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.NotificationDelivered;
import io.coursestream.schemas.notifications.NotificationFailed;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PreferenceChangeSource;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.points.PointsSettings;
import io.coursestream.topology.points.PointsStores;
import io.coursestream.topology.points.PointsTopology;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.PointsFixtures;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * Bulk campaigns over validated user, learning and campaign events: requests in, SendNotification job requests out
 * over wall-clock ticks, and the campaign's counts in its status store.
 */
class CampaignTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(1);
    /** The test driver runs one task: the fan-out is complete when that one partition is done. */
    private static final CampaignSettings SETTINGS = new CampaignSettings(TICK, 1);
    private static final String ADA = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String GRACE = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String LINUS = "9b2d3c1e-4f5a-4b6c-8d7e-0f1a2b3c4d5e";
    private static final String KAFKA_COURSE = "3d8e2c41-5b7a-4f19-9c0d-6e1f2a3b4c5d";
    private static final String JOB_REQUESTS = "test.job-requests";
    private static final String NOTIFICATION_EVENTS_SOURCE = "notification-events-source";
    private static final String CONTROL_SOURCE = "control-commands-source";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> users;
    private TestInputTopic<String, SpecificRecord> learning;
    private TestInputTopic<String, SpecificRecord> campaigns;
    private TestInputTopic<String, SpecificRecord> notifications;
    private TestOutputTopic<String, SpecificRecord> jobRequests;
    private Instant wallClock = T0;

    @BeforeEach
    void startDriver() {
        driver = new TopologyTestDriver(topology(true), DriverConfig.of("campaign-test", stateDir), T0);
        users = input(Topics.USER_EVENTS.name());
        learning = input(Topics.LEARNING_EVENTS.name());
        campaigns = input(Topics.CAMPAIGN_EVENTS.name());
        notifications = input(Topics.NOTIFICATION_EVENTS.name());
        jobRequests = driver.createOutputTopic(JOB_REQUESTS, new StringDeserializer(), avro.deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- one job per recipient and channel --------------------------------------------------------------------------

    @Test
    void shouldRequestOneSendNotificationJobPerUserAndChannelOfAnAllAudience() {
        // Given
        register(ADA, "ada@example.org", "en-GB");
        register(GRACE, "grace@example.org", "de-DE");
        BulkNotificationRequested request = campaign(AudienceKind.ALL, null, null, null, b -> b
                .setChannels(List.of(NotificationChannel.EMAIL, NotificationChannel.IN_APP, NotificationChannel.EMAIL))
                .setSubject("New: Kafka Streams in depth")
                .setBody("**Now live**"));

        // When
        request(request);
        List<JobCommand> jobs = tick();

        // Then: two channels (the repeated one counts once) for each of the two users
        assertThat(jobs).extracting(job -> payload(job).getUserId(), job -> payload(job).getChannel())
                .containsExactlyInAnyOrder(
                        tuple(ADA, NotificationChannel.EMAIL), tuple(ADA, NotificationChannel.IN_APP),
                        tuple(GRACE, NotificationChannel.EMAIL), tuple(GRACE, NotificationChannel.IN_APP));
        String notificationId = request.getCampaignId() + ":" + GRACE + ":EMAIL";
        SendNotification expected = SendNotification.newBuilder()
                .setNotificationId(notificationId)
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.PRODUCT_UPDATES)
                .setCritical(false)
                .setUserId(GRACE)
                .setEmail("grace@example.org")
                .setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin"))
                .setTemplateId("new-course")
                .setTemplateParams(Map.of("course", "Kafka Streams in depth"))
                .setSubject("New: Kafka Streams in depth")
                .setBody("**Now live**")
                .setAttachments(List.of())
                .setCampaignId(request.getCampaignId())
                .build();
        assertThat(jobs).filteredOn(job -> payload(job).getNotificationId().equals(notificationId)).singleElement()
                .isEqualTo(JobCommand.newBuilder()
                        .setJobId(UUID.nameUUIDFromBytes(notificationId.getBytes(StandardCharsets.UTF_8)).toString())
                        .setType(JobType.SEND_NOTIFICATION)
                        .setQueue(JobQueue.EMAILS)
                        .setAttempt(1)
                        .setMaxAttempts(0)
                        .setUniqueKey(notificationId)
                        .setCorrelationId(request.getMetadata().getCorrelationId())
                        .setCausationId(request.getMetadata().getEventId().toString())
                        .setEnqueuedAt(wallClock)
                        .setFirstEnqueuedAt(wallClock)
                        .setPayload(expected)
                        .build());
        assertThat(jobs).filteredOn(job -> payload(job).getChannel() == NotificationChannel.IN_APP)
                .allSatisfy(job -> assertThat(payload(job).getEmail()).isNull());
        assertThat(jobs).extracting(JobCommand::getJobId).doesNotHaveDuplicates();

        CampaignStatus status = status(request.getCampaignId());
        assertThat(status.getRequestedAt()).isEqualTo(T0);
        assertThat(status.getRequestedBy()).isEqualTo("admin@example.org");
        assertThat(status.getCategory()).isEqualTo(NotificationCategory.PRODUCT_UPDATES);
        assertThat(status.getChannels()).containsExactly(NotificationChannel.EMAIL, NotificationChannel.IN_APP);
        assertThat(counts(status)).containsExactly(2L, 4L, 4L, 0L, 0L, 0L);
        assertThat(status.getPartitionsDone()).isEqualTo(1);
        assertThat(status.getFanOutComplete()).isTrue();
        assertThat(status.getCompleted()).isFalse();
        assertThat(tick()).isEmpty();
    }

    // ---- audiences --------------------------------------------------------------------------------------------------

    @Test
    void shouldSelectTheUsersOfEachAudienceKind() {
        // Given: Ada (en-GB, level 4), Grace (de-DE, level 2, enrolled in the Kafka course), Linus (de-AT, no points)
        register(ADA, "ada@example.org", "en-GB");
        register(GRACE, "grace@example.org", "de-DE");
        register(LINUS, "linus@example.org", "de-AT");
        enrol(GRACE, KAFKA_COURSE);
        enrol(ADA, "another-course");
        // after the enrolments, which earn points of their own: these totals are the ones the levels come from
        placedAtPoints(ADA, 600);
        placedAtPoints(GRACE, 120);

        // When
        BulkNotificationRequested enrolled = request(campaign(AudienceKind.ENROLLED_IN_COURSE, KAFKA_COURSE, null, null,
                b -> { }));
        BulkNotificationRequested levelTwo = request(campaign(AudienceKind.LEVEL_AT_LEAST, null, 2, null, b -> { }));
        BulkNotificationRequested levelFour = request(campaign(AudienceKind.LEVEL_AT_LEAST, null, 4, null, b -> { }));
        BulkNotificationRequested german = request(campaign(AudienceKind.LOCALE, null, null, "de", b -> { }));
        BulkNotificationRequested austrian = request(campaign(AudienceKind.LOCALE, null, null, "de-AT", b -> { }));
        List<JobCommand> jobs = tick();

        // Then
        Map<String, Set<String>> recipients = jobs.stream().collect(Collectors.groupingBy(
                job -> payload(job).getCampaignId(), Collectors.mapping(job -> payload(job).getUserId(),
                        Collectors.toSet())));
        assertThat(recipients).containsOnly(
                Map.entry(enrolled.getCampaignId(), Set.of(GRACE)),
                Map.entry(levelTwo.getCampaignId(), Set.of(ADA, GRACE)),
                Map.entry(levelFour.getCampaignId(), Set.of(ADA)),
                Map.entry(german.getCampaignId(), Set.of(GRACE, LINUS)),
                Map.entry(austrian.getCampaignId(), Set.of(LINUS)));
        assertThat(jobs).hasSize(7);
        assertThat(status(german.getCampaignId()).getAudience()).isEqualTo(2);
        assertThat(status(levelFour.getCampaignId()).getTargeted()).isEqualTo(1);
    }

    // ---- preferences, suppression, critical -------------------------------------------------------------------------

    @Test
    void shouldSkipUnsubscribedAndSuppressedUsersAndCountThemAsSkipped() {
        // Given: Ada unsubscribed from product updates by e-mail, Grace's address bounced hard, Linus chose nothing
        register(ADA, "ada@example.org", "en-GB");
        register(GRACE, "grace@example.org", "de-DE");
        register(LINUS, "linus@example.org", "de-AT");
        unsubscribe(ADA, NotificationCategory.PRODUCT_UPDATES, NotificationChannel.EMAIL);
        hardBounce(GRACE, "grace@example.org");

        // When
        BulkNotificationRequested request = request(campaign(AudienceKind.ALL, null, null, null, b -> b
                .setChannels(List.of(NotificationChannel.EMAIL, NotificationChannel.IN_APP))));
        List<JobCommand> jobs = tick();

        // Then: in-app still reaches both of them
        assertThat(jobs).extracting(job -> payload(job).getUserId(), job -> payload(job).getChannel())
                .containsExactlyInAnyOrder(
                        tuple(ADA, NotificationChannel.IN_APP), tuple(GRACE, NotificationChannel.IN_APP),
                        tuple(LINUS, NotificationChannel.EMAIL), tuple(LINUS, NotificationChannel.IN_APP));
        CampaignStatus status = status(request.getCampaignId());
        assertThat(counts(status)).containsExactly(3L, 6L, 4L, 2L, 0L, 0L);
        assertThat(status.getSkippedByReason()).containsOnly(Map.entry("UNSUBSCRIBED", 1L),
                Map.entry("ADDRESS_SUPPRESSED", 1L));
    }

    @Test
    void shouldLetACriticalCampaignBypassUnsubscribesButNeverASuppressedAddress() {
        // Given
        register(ADA, "ada@example.org", "en-GB");
        register(GRACE, "grace@example.org", "de-DE");
        register(LINUS, "linus@example.org", "de-AT");
        unsubscribe(ADA, NotificationCategory.PRODUCT_UPDATES, NotificationChannel.EMAIL);
        hardBounce(GRACE, "grace@example.org");

        // When: a security notice sent as a product update, marked critical
        BulkNotificationRequested request = request(campaign(AudienceKind.ALL, null, null, null,
                b -> b.setCritical(true)));
        List<JobCommand> jobs = tick();

        // Then
        assertThat(jobs).extracting(job -> payload(job).getUserId()).containsExactlyInAnyOrder(ADA, LINUS);
        assertThat(jobs).allSatisfy(job -> assertThat(payload(job).getCritical()).isTrue());
        CampaignStatus status = status(request.getCampaignId());
        assertThat(status.getCritical()).isTrue();
        assertThat(counts(status)).containsExactly(3L, 3L, 2L, 1L, 0L, 0L);
        assertThat(status.getSkippedByReason()).containsOnly(Map.entry("ADDRESS_SUPPRESSED", 1L));
    }

    @Test
    void shouldPassTheWebhookUrlToTheTemplateAndSkipWebhooksOfACampaignWithoutOne() {
        // Given
        register(ADA, "ada@example.org", "en-GB");

        // When
        BulkNotificationRequested withUrl = request(campaign(AudienceKind.ALL, null, null, null, b -> b
                .setChannels(List.of(NotificationChannel.WEBHOOK))
                .setWebhookUrl("https://hooks.example.org/courses")));
        BulkNotificationRequested withoutUrl = request(campaign(AudienceKind.ALL, null, null, null, b -> b
                .setChannels(List.of(NotificationChannel.WEBHOOK, NotificationChannel.IN_APP))));
        List<JobCommand> jobs = tick();

        // Then
        assertThat(jobs).extracting(job -> payload(job).getCampaignId(), job -> payload(job).getChannel())
                .containsExactlyInAnyOrder(tuple(withUrl.getCampaignId(), NotificationChannel.WEBHOOK),
                        tuple(withoutUrl.getCampaignId(), NotificationChannel.IN_APP));
        assertThat(jobs).filteredOn(job -> payload(job).getChannel() == NotificationChannel.WEBHOOK).singleElement()
                .satisfies(job -> assertThat(payload(job).getTemplateParams()).containsOnly(
                        Map.entry("course", "Kafka Streams in depth"),
                        Map.entry("webhookUrl", "https://hooks.example.org/courses")));
        assertThat(status(withoutUrl.getCampaignId()).getSkippedByReason()).containsOnly(Map.entry("NO_WEBHOOK_URL", 1L));
        assertThat(counts(status(withoutUrl.getCampaignId()))).containsExactly(1L, 2L, 1L, 1L, 0L, 0L);
    }

    // ---- batches ----------------------------------------------------------------------------------------------------

    @Test
    void shouldFanOutInBatchesOverSeveralTicks() {
        // Given: five users, batches of two
        List<String> fiveUsers = List.of(ADA, GRACE, LINUS, "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                "e4d3c2b1-a098-4765-b321-fedcba987654");
        fiveUsers.forEach(userId -> register(userId, "user@example.org", "en"));
        BulkNotificationRequested request = request(campaign(AudienceKind.ALL, null, null, null,
                b -> b.setBatchSize(2)));

        // When / Then: two, two, one; the counts follow the batches
        List<JobCommand> first = tick();
        assertThat(first).hasSize(2);
        assertThat(status(request.getCampaignId()).getSent()).isEqualTo(2);
        assertThat(status(request.getCampaignId()).getFanOutComplete()).isFalse();

        List<JobCommand> second = tick();
        assertThat(second).hasSize(2);
        assertThat(status(request.getCampaignId()).getFanOutComplete()).isFalse();

        List<JobCommand> third = tick();
        assertThat(third).hasSize(1);
        assertThat(tick()).isEmpty();

        List<String> recipients = new ArrayList<>();
        List.of(first, second, third).forEach(batch -> batch.forEach(job -> recipients.add(payload(job).getUserId())));
        assertThat(recipients).containsExactlyInAnyOrderElementsOf(fiveUsers);
        CampaignStatus status = status(request.getCampaignId());
        assertThat(counts(status)).containsExactly(5L, 5L, 5L, 0L, 0L, 0L);
        assertThat(status.getFanOutComplete()).isTrue();
    }

    @Test
    void shouldNotStartACampaignBeforeItsSendAfter() {
        // Given
        register(ADA, "ada@example.org", "en-GB");

        // When
        BulkNotificationRequested request = request(campaign(AudienceKind.ALL, null, null, null,
                b -> b.setSendAfter(T0.plus(Duration.ofSeconds(3)))));

        // Then
        assertThat(tick()).isEmpty();
        assertThat(tick()).isEmpty();
        assertThat(tick()).extracting(job -> payload(job).getUserId()).containsExactly(ADA);
        assertThat(status(request.getCampaignId()).getSent()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheRunInAChangelogAndNotStartASecondRunForAReplayedRequest() {
        // Given: a run half done
        List.of(ADA, GRACE, LINUS).forEach(userId -> register(userId, "user@example.org", "en"));
        BulkNotificationRequested request = campaign(AudienceKind.ALL, null, null, null, b -> b.setBatchSize(2));
        request(request);
        List<JobCommand> jobs = new ArrayList<>(tick());
        assertThat(driver.producedTopicNames()).contains("campaign-test-" + CampaignTopology.RUN_STORE + "-changelog");

        // When: the request is replayed mid-run, and again after the run
        request(request);
        jobs.addAll(tick());
        request(request);
        jobs.addAll(tick());

        // Then: each user once, counted once
        assertThat(jobs).extracting(job -> payload(job).getUserId()).containsExactlyInAnyOrder(ADA, GRACE, LINUS);
        CampaignStatus status = status(request.getCampaignId());
        assertThat(counts(status)).containsExactly(3L, 3L, 3L, 0L, 0L, 0L);
        assertThat(status.getRequestedAt()).isEqualTo(T0);
        assertThat(status.getFanOutComplete()).isTrue();
    }

    // ---- counts add up ----------------------------------------------------------------------------------------------

    @Test
    void shouldAddUpToTheAudienceAndCompleteWhenEveryJobHasItsOutcome() {
        // Given: five users, one unsubscribed, two channels, batches of two
        List<String> fiveUsers = List.of(ADA, GRACE, LINUS, "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                "e4d3c2b1-a098-4765-b321-fedcba987654");
        fiveUsers.forEach(userId -> register(userId, "user@example.org", "en"));
        unsubscribe(GRACE, NotificationCategory.PRODUCT_UPDATES, NotificationChannel.IN_APP);
        BulkNotificationRequested request = request(campaign(AudienceKind.ALL, null, null, null, b -> b
                .setBatchSize(2).setChannels(List.of(NotificationChannel.EMAIL, NotificationChannel.IN_APP))));
        String campaignId = request.getCampaignId();

        // When: each tick's counts add up
        List<JobCommand> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.addAll(tick());
            CampaignStatus status = status(campaignId);
            assertThat(status.getTargeted()).isEqualTo(status.getSent() + status.getSkipped());
            assertThat(status.getSent()).isEqualTo(jobs.size());
        }
        assertThat(status(campaignId).getFanOutComplete()).isTrue();
        assertThat(counts(status(campaignId))).containsExactly(5L, 10L, 9L, 1L, 0L, 0L);

        // When: all but the last job delivered (one of them twice) or failed for good, one attempt failed on the way
        for (int i = 0; i < jobs.size() - 1; i++) {
            SendNotification sent = payload(jobs.get(i));
            if (i % 3 == 0) {
                outcome(failed(sent, 1, false));
                outcome(failed(sent, 2, true));
            } else {
                outcome(delivered(sent));
            }
        }
        outcome(delivered(payload(jobs.get(1))));

        // Then: one outcome short
        CampaignStatus waiting = status(campaignId);
        assertThat(waiting.getDelivered()).isEqualTo(5);
        assertThat(waiting.getFailed()).isEqualTo(3);
        assertThat(waiting.getCompleted()).isFalse();

        // When: the last one is delivered, then reported again
        outcome(delivered(payload(jobs.get(jobs.size() - 1))));
        outcome(delivered(payload(jobs.get(jobs.size() - 1))));

        // Then
        CampaignStatus done = status(campaignId);
        assertThat(done.getDelivered() + done.getFailed()).isEqualTo(done.getSent());
        assertThat(done.getTargeted()).isEqualTo(done.getSent() + done.getSkipped());
        assertThat(counts(done)).containsExactly(5L, 10L, 9L, 1L, 6L, 3L);
        assertThat(done.getCompleted()).isTrue();
        assertThat(driver.<String, String>getKeyValueStore(CampaignTopology.OUTCOME_STORE).approximateNumEntries())
                .isZero();
    }

    @Test
    void shouldIgnoreOutcomesOfSingleNotificationsAndOfOtherCampaigns() {
        // Given
        register(ADA, "ada@example.org", "en-GB");
        BulkNotificationRequested request = request(campaign(AudienceKind.ALL, null, null, null, b -> { }));
        SendNotification sent = payload(tick().get(0));

        // When: a welcome mail's delivery (no campaign) and this campaign's
        outcome(NotificationDelivered.newBuilder(delivered(sent)).setCampaignId(null)
                .setNotificationId("welcome:" + ADA).build());
        outcome(delivered(sent));

        // Then
        assertThat(status(request.getCampaignId()).getDelivered()).isEqualTo(1);
        assertThat(status(request.getCampaignId()).getCompleted()).isTrue();
    }

    @Test
    void shouldCountACampaignOfManyBatchesExactly() {
        // Given: 200 users, every seventh unsubscribed from product updates by e-mail (the driver takes ~20 ms a record)
        List<String> everyone = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String userId = UUID.nameUUIDFromBytes(("user-" + i).getBytes(StandardCharsets.UTF_8)).toString();
            everyone.add(userId);
            register(userId, "user" + i + "@example.org", "en");
            if (i % 7 == 0) {
                unsubscribe(userId, NotificationCategory.PRODUCT_UPDATES, NotificationChannel.EMAIL);
            }
        }
        BulkNotificationRequested request = request(campaign(AudienceKind.ALL, null, null, null,
                b -> b.setBatchSize(10)));

        // When: batches of 10
        List<JobCommand> jobs = new ArrayList<>();
        int ticks = 0;
        while (!status(request.getCampaignId()).getFanOutComplete()) {
            List<JobCommand> batch = tick();
            assertThat(batch.size()).isLessThanOrEqualTo(10);
            jobs.addAll(batch);
            ticks++;
        }

        // Then
        assertThat(ticks).isEqualTo(20);
        CampaignStatus fannedOut = status(request.getCampaignId());
        assertThat(counts(fannedOut)).containsExactly(200L, 200L, 171L, 29L, 0L, 0L);
        assertThat(jobs).hasSize(171);
        assertThat(jobs).extracting(job -> payload(job).getUserId()).doesNotHaveDuplicates()
                .isSubsetOf(everyone);

        // When: every job has its outcome
        for (int i = 0; i < jobs.size(); i++) {
            SendNotification sent = payload(jobs.get(i));
            outcome(i % 100 == 0 ? failed(sent, 5, true) : delivered(sent));
        }

        // Then
        CampaignStatus done = status(request.getCampaignId());
        assertThat(counts(done)).containsExactly(200L, 200L, 171L, 29L, 169L, 2L);
        assertThat(done.getCompleted()).isTrue();
    }

    // ---- named state ------------------------------------------------------------------------------------------------

    @Test
    void shouldNameEveryNodeStoreAndRepartition() {
        Set<String> without = nodeNames(topology(false));
        Set<String> own = new HashSet<>(nodeNames(topology(true)));
        own.removeAll(without);
        own.remove(JOB_REQUESTS + "-sink");

        assertThat(own).allMatch(name -> name.startsWith("notifications-campaign-"), "named notifications-campaign-*")
                .contains(CampaignTopology.REQUESTS, CampaignTopology.BATCHES, CampaignTopology.JOBS,
                        CampaignTopology.TALLIES, CampaignTopology.OUTCOMES, CampaignTopology.OUTCOMES_BY_CAMPAIGN,
                        CampaignTopology.MERGE_OUTCOMES, CampaignTopology.MERGE_REQUESTS, CampaignTopology.STATUS,
                        CampaignTopology.FAN_OUT + "-repartition-sink", CampaignTopology.FAN_OUT + "-repartition-source",
                        CampaignTopology.STATUS_UPDATES + "-repartition-sink",
                        CampaignTopology.STATUS_UPDATES + "-repartition-source");
        assertThat(storesOf(topology(true), CampaignTopology.BATCHES)).containsExactlyInAnyOrder(
                CampaignTopology.RUN_STORE, UserDirectory.STORE, PointsStores.USERS, PointsStores.LEGACY_TOTALS,
                CourseEnrolments.STORE);
        assertThat(storesOf(topology(true), CampaignTopology.STATUS)).containsExactlyInAnyOrder(
                CampaignTopology.STATUS_STORE, CampaignTopology.OUTCOME_STORE);
        assertThat(List.of(CampaignTopology.RUN_STORE, CampaignTopology.STATUS_STORE, CampaignTopology.OUTCOME_STORE,
                CampaignTopology.FAN_OUT, CampaignTopology.STATUS_UPDATES)).containsExactly(
                        "notifications-campaign-run-store", "notifications-campaign-status-store",
                        "notifications-campaign-outcome-store", "notifications-campaign-fan-out",
                        "notifications-campaign-status-updates");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private Topology topology(boolean withCampaigns) {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        KStream<String, SpecificRecord> notificationEvents = builder.stream(Topics.NOTIFICATION_EVENTS.name(),
                Consumed.with(Serdes.String(), avro).withName(NOTIFICATION_EVENTS_SOURCE));
        KStream<String, SpecificRecord> controlCommands = builder.stream(Topics.CONTROL_COMMANDS.name(),
                Consumed.with(Serdes.String(), avro).withName(CONTROL_SOURCE));
        UserDirectory.build(builder, inputs, notificationEvents, avro);
        CourseEnrolments.build(builder, inputs);
        // No learning topology here: nothing is detected.
        KStream<String, SpecificRecord> noCompletions = inputs.stream(Topics.LEARNING_EVENTS)
                .filter((key, value) -> false);
        PointsTopology.build(builder, inputs, noCompletions, controlCommands, avro, PointsSettings.DEFAULTS);
        if (withCampaigns) {
            CampaignTopology.build(builder, inputs, notificationEvents, avro, SETTINGS)
                    .to(JOB_REQUESTS, Produced.with(Serdes.String(), AvroSerdes.<JobCommand>typed(avro))
                            .withName(JOB_REQUESTS + "-sink"));
        }
        return builder.build();
    }

    private static Set<String> nodeNames(Topology topology) {
        Set<String> names = new HashSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            subtopology.nodes().forEach(node -> names.add(node.name()));
        }
        return names;
    }

    private static Set<String> storesOf(Topology topology, String processorName) {
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor && processor.name().equals(processorName)) {
                    return processor.stores();
                }
            }
        }
        throw new AssertionError("no processor " + processorName);
    }

    private TestInputTopic<String, SpecificRecord> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), avro.serializer());
    }

    /** One wall-clock tick of the fan-out, and the job requests it made. */
    private List<JobCommand> tick() {
        wallClock = wallClock.plus(TICK);
        driver.advanceWallClockTime(TICK);
        return jobRequests.readValuesToList().stream().map(JobCommand.class::cast).toList();
    }

    private void register(String userId, String email, String locale) {
        UserRegistered registered = UserRegistered.newBuilder()
                .setMetadata(metadata(T0))
                .setUserId(userId)
                .setEmail(email)
                .setDisplayName("Ada Lovelace")
                .setLocaleSettings(new LocaleSettings(locale, "Europe/Berlin"))
                .setCountry("GB")
                .setOwnReferralCode("ADA-1815")
                .setIpAddress("203.0.113.7")
                .setMarketingOptIn(false)
                .build();
        users.pipeInput(userId, registered, T0);
    }

    private void unsubscribe(String userId, NotificationCategory category, NotificationChannel channel) {
        users.pipeInput(userId, NotificationPreferencesChanged.newBuilder()
                .setMetadata(metadata(T0))
                .setUserId(userId)
                .setCategory(category)
                .setChannel(channel)
                .setSubscribed(false)
                .setSource(PreferenceChangeSource.UNSUBSCRIBE_LINK)
                .build(), T0);
    }

    private void hardBounce(String userId, String email) {
        notifications.pipeInput(userId, NotificationBounced.newBuilder()
                .setMetadata(metadata(T0))
                .setEmail(email)
                .setBounceType(BounceType.HARD)
                .setUserId(userId)
                .setDiagnosticCode("5.1.1 user unknown")
                .setReportedBy("local-bounce-mailbox")
                .setBouncedAt(T0)
                .setSuppressed(true)
                .build(), T0);
    }

    private void enrol(String userId, String courseId) {
        learning.pipeInput(userId, CourseEnrolled.newBuilder()
                .setMetadata(metadata(T0))
                .setUserId(userId)
                .setCourseId(courseId)
                .setSource("checkout")
                .setTransactionId(null)
                .build(), T0);
    }

    /** A total placed by the points topology (its store is its contract with the readers). */
    private void placedAtPoints(String userId, long points) {
        driver.<String, PointsUserState>getKeyValueStore(PointsStores.USERS).put(userId,
                PointsUserState.newBuilder().setTotal(PointsFixtures.total(userId, points, T0)).build());
    }

    private static BulkNotificationRequested campaign(AudienceKind kind, String courseId, Integer minLevel,
            String locale, Consumer<BulkNotificationRequested.Builder> adjust) {
        BulkNotificationRequested.Builder builder = BulkNotificationRequested.newBuilder()
                .setMetadata(EventMetadata.newBuilder(metadata(T0)).setProducer("admin").build())
                .setCampaignId(UUID.randomUUID().toString())
                .setRequestedBy("admin@example.org")
                .setAudience(new CampaignAudience(kind, courseId, minLevel, locale))
                .setChannels(List.of(NotificationChannel.EMAIL))
                .setCategory(NotificationCategory.PRODUCT_UPDATES)
                .setCritical(false)
                .setTemplateId("new-course")
                .setSubject(null)
                .setBody(null)
                .setTemplateParameters(Map.of("course", "Kafka Streams in depth"))
                .setWebhookUrl(null)
                .setSendAfter(null)
                .setBatchSize(500);
        adjust.accept(builder);
        return builder.build();
    }

    private BulkNotificationRequested request(BulkNotificationRequested request) {
        campaigns.pipeInput(request.getCampaignId(), request, request.getMetadata().getOccurredAt());
        return request;
    }

    private void outcome(SpecificRecord event) {
        String userId = event instanceof NotificationDelivered delivered ? delivered.getUserId()
                : ((NotificationFailed) event).getUserId();
        notifications.pipeInput(userId, event, wallClock);
    }

    private NotificationDelivered delivered(SendNotification sent) {
        return NotificationDelivered.newBuilder()
                .setMetadata(metadata(wallClock))
                .setNotificationId(sent.getNotificationId())
                .setCampaignId(sent.getCampaignId())
                .setUserId(sent.getUserId())
                .setChannel(sent.getChannel())
                .setCategory(sent.getCategory())
                .setTemplateId(sent.getTemplateId())
                .setRecipient(sent.getEmail() == null ? sent.getUserId() : sent.getEmail())
                .setMessageId(null)
                .setAttempt(1)
                .setDeliveredAt(wallClock)
                .build();
    }

    private NotificationFailed failed(SendNotification sent, int attempt, boolean finalFailure) {
        return NotificationFailed.newBuilder()
                .setMetadata(metadata(wallClock))
                .setNotificationId(sent.getNotificationId())
                .setCampaignId(sent.getCampaignId())
                .setUserId(sent.getUserId())
                .setChannel(sent.getChannel())
                .setCategory(sent.getCategory())
                .setRecipient(sent.getEmail() == null ? sent.getUserId() : sent.getEmail())
                .setReason("550 mailbox unavailable")
                .setErrorCode("550")
                .setAttempt(attempt)
                .setFinalFailure(finalFailure)
                .build();
    }

    private static SendNotification payload(JobCommand job) {
        return (SendNotification) job.getPayload();
    }

    private CampaignStatus status(String campaignId) {
        return driver.<String, CampaignStatus>getKeyValueStore(CampaignTopology.STATUS_STORE).get(campaignId);
    }

    /** audience, targeted, sent, skipped, delivered, failed. */
    private static List<Long> counts(CampaignStatus status) {
        return List.of(status.getAudience(), status.getTargeted(), status.getSent(), status.getSkipped(),
                status.getDelivered(), status.getFailed());
    }
}
