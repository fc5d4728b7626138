// Tier: IT (the processor's topology on a TopologyTestDriver with a controllable wall clock; the workers, the broker,
// the registry and the SMTP server real)
package io.coursestream.workers.notifications;

import static io.coursestream.workers.notifications.Mailbox.awaitMailTo;
import static io.coursestream.workers.notifications.Mailbox.part;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.infrastructure.unsubscribe.UnsubscribeRequest;
import io.coursestream.infrastructure.unsubscribe.UnsubscribeTokens;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.jobs.SendWelcomeEmail;
import io.coursestream.schemas.notifications.AudienceKind;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignAudience;
import io.coursestream.schemas.notifications.CampaignStatus;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PreferenceChangeSource;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.ProcessorSettings;
import io.coursestream.topology.StreamProcessorTopology;
import io.coursestream.topology.notifications.AdminAlertSettings;
import io.coursestream.topology.notifications.CampaignSettings;
import io.coursestream.topology.notifications.CampaignTopology;
import io.coursestream.topology.notifications.NotificationSettings;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.workers.WorkersTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A new user's first day, with the clock in the test's hands: Jana registers at 23:00 in Berlin. The stream
 * processor's topology (as it runs in the processor, on a TopologyTestDriver whose wall clock the test moves) holds
 * her welcome mail until 08:00 Berlin time and releases it then; the workers send it through the real SMTP server in
 * German, with the course recommendations, her referral link and one-click unsubscribe headers. She unsubscribes with
 * the link (its token verified as the processor's endpoint does, the change fed back into the topology), and the
 * next onboarding campaign leaves her out while it mails the other user.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class WelcomeJourneyIT {

    /** 23:00 on a Monday in Berlin (UTC+1 in November). */
    private static final Instant BERLIN_23_00 = Instant.parse("2026-11-02T22:00:00Z");
    private static final Instant BERLIN_07_59_NEXT_DAY = Instant.parse("2026-11-03T06:59:00Z");
    private static final Instant BERLIN_08_00_NEXT_DAY = Instant.parse("2026-11-03T07:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @ConfigProperty(name = "coursestream.notifications.site-url")
    String siteUrl;

    @ConfigProperty(name = "coursestream.notifications.unsubscribe-secret")
    String unsubscribeSecret;

    @TempDir
    Path stateDir;

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private NotificationClients kafka;
    private TopologyTestDriver processor;
    private TestOutputTopic<String, SpecificRecord> emailJobs;

    @BeforeEach
    void startClients() {
        kafka = new NotificationClients(bootstrapServers, registryUrl);
        // The driver runs one task, so a campaign's fan-out is complete when that one task is done.
        ProcessorSettings settings = new ProcessorSettings(ProcessorSettings.DEFAULTS.jobs(),
                ProcessorSettings.DEFAULTS.points(), ProcessorSettings.DEFAULTS.onboarding(),
                new NotificationSettings(new CampaignSettings(Duration.ofSeconds(1), 1), AdminAlertSettings.DEFAULTS),
                ProcessorSettings.DEFAULTS.affiliates().withPartitions(1), ProcessorSettings.DEFAULTS.payments(),
                ProcessorSettings.DEFAULTS.learning());
        processor = new TopologyTestDriver(StreamProcessorTopology.build(avro, settings),
                DriverConfig.of("welcome-journey-it", stateDir), BERLIN_23_00);
        emailJobs = processor.createOutputTopic(Topics.JOBS_EMAILS.name(), new StringDeserializer(),
                avro.deserializer());
    }

    @AfterEach
    void stop() {
        processor.close();
        kafka.close();
    }

    @Test
    void shouldWelcomeJanaAt08InGermanThenLeaveHerOutOfTheCampaignSheUnsubscribedFrom() throws Exception {
        // given a German course in the catalogue that learners enrol in, and Linus, who registered earlier today
        String jana = UUID.randomUUID().toString();
        String linus = UUID.randomUUID().toString();
        String janasAddress = "jana-" + jana + "@example.org";
        String linusAddress = "linus-" + linus + "@example.org";
        Instant earlier = BERLIN_23_00.minus(Duration.ofHours(12));
        input(Topics.CATALOG_EVENTS).pipeInput("kafka-de", CoursePublished.newBuilder(
                InputEvents.coursePublished("kafka-de", earlier)).setTitle("Kafka für Einsteiger").setLocale("de")
                .build(), earlier);
        input(Topics.USER_EVENTS).pipeInput(linus, registered(linus, linusAddress, "Linus", "en-GB",
                "Europe/London", earlier), earlier);
        input(Topics.LEARNING_EVENTS).pipeInput(linus, InputEvents.courseEnrolled(linus, "kafka-de", earlier),
                earlier);
        emailJobs.readValuesToList();

        // when Jana registers at 23:00 in Berlin
        input(Topics.USER_EVENTS).pipeInput(jana, registered(jana, janasAddress, "Jana", "de-DE", "Europe/Berlin",
                BERLIN_23_00), BERLIN_23_00);

        // then nothing is sent overnight, up to 07:59 her time
        processor.advanceWallClockTime(Duration.between(BERLIN_23_00, BERLIN_07_59_NEXT_DAY));
        assertThat(emailJobs.isEmpty()).isTrue();

        // and at 08:00 her welcome mail is released to jobs.emails, which the workers read
        processor.advanceWallClockTime(Duration.between(BERLIN_07_59_NEXT_DAY, BERLIN_08_00_NEXT_DAY));
        JobCommand welcomeJob = (JobCommand) emailJobs.readValue();
        assertThat(emailJobs.isEmpty()).isTrue();
        assertThat(welcomeJob.getNotBefore()).isEqualTo(BERLIN_08_00_NEXT_DAY);
        assertThat(((SendWelcomeEmail) welcomeJob.getPayload()).getUserId()).isEqualTo(jana);
        kafka.send(welcomeJob);

        // and the workers mail it in German, with the recommendation, her referral link and one-click unsubscribe
        MimeMessage welcome = awaitMailTo(janasAddress);
        assertThat(welcome.getSubject()).isEqualTo("Willkommen bei coursestream, Jana!");
        String text = part(welcome, "text/plain");
        assertThat(text).contains("Hallo Jana,")
                .contains("- Kafka für Einsteiger (1 Teilnehmende): " + siteUrl + "/courses/kafka-de")
                .contains(siteUrl + "/r/JANA-" + jana.substring(0, 4));
        assertThat(welcome.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        String link = MimeUtility.unfold(welcome.getHeader("List-Unsubscribe", null)).replaceAll("^<|>$", "");

        // when she unsubscribes with the link: its token as the processor's endpoint verifies it, and the change it
        // records on notifications.preference-changes
        String token = URI.create(link).getQuery().replaceFirst("^token=", "");
        UnsubscribeRequest request = new UnsubscribeTokens(unsubscribeSecret).verify(token, BERLIN_08_00_NEXT_DAY);
        assertThat(request.userId()).isEqualTo(jana);
        Instant unsubscribedAt = BERLIN_08_00_NEXT_DAY.plus(Duration.ofMinutes(5));
        input(Topics.PREFERENCE_CHANGES.name()).pipeInput(jana, unsubscribed(request, unsubscribedAt), unsubscribedAt);

        // and an onboarding campaign goes to everyone
        String campaignId = UUID.randomUUID().toString();
        Instant campaignAt = unsubscribedAt.plus(Duration.ofMinutes(5));
        input(Topics.CAMPAIGN_EVENTS).pipeInput(campaignId, campaign(campaignId, campaignAt), campaignAt);
        processor.advanceWallClockTime(Duration.ofSeconds(2));

        // then only Linus gets a campaign job, and the campaign counts Jana as skipped
        List<JobCommand> campaignJobs = emailJobs.readValuesToList().stream().map(JobCommand.class::cast)
                .filter(job -> job.getPayload() instanceof SendNotification notification
                        && campaignId.equals(notification.getCampaignId()))
                .toList();
        assertThat(campaignJobs).extracting(job -> ((SendNotification) job.getPayload()).getEmail())
                .containsExactly(linusAddress);
        KeyValueStore<String, CampaignStatus> statuses = processor.getKeyValueStore(CampaignTopology.STATUS_STORE);
        CampaignStatus status = statuses.get(campaignId);
        assertThat(status.getTargeted()).isEqualTo(2);
        assertThat(status.getSent()).isEqualTo(1);
        assertThat(status.getSkippedByReason()).containsExactly(Map.entry("UNSUBSCRIBED", 1L));

        // and the workers mail Linus, while Jana's mailbox keeps the welcome mail alone
        kafka.send(campaignJobs.get(0));
        assertThat(awaitMailTo(linusAddress).getSubject()).isEqualTo("Your first week");
        assertThat(Mailbox.countMailTo(janasAddress)).isEqualTo(1);
    }

    private TestInputTopic<String, SpecificRecord> input(Topic<?, ?> topic) {
        return input(topic.name());
    }

    private TestInputTopic<String, SpecificRecord> input(String topic) {
        return processor.createInputTopic(topic, new StringSerializer(), avro.serializer());
    }

    private static UserRegistered registered(String userId, String email, String name, String locale, String zone,
            Instant at) {
        return UserRegistered.newBuilder(InputEvents.userRegistered(userId, at)).setEmail(email).setDisplayName(name)
                .setLocaleSettings(new LocaleSettings(locale, zone))
                .setOwnReferralCode(name.toUpperCase() + "-" + userId.substring(0, 4)).build();
    }

    private static NotificationPreferencesChanged unsubscribed(UnsubscribeRequest request, Instant at) {
        return NotificationPreferencesChanged.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at)
                        .setCorrelationId(UUID.randomUUID().toString()).setCausationId(null).setProducer("gateway")
                        .build())
                .setUserId(request.userId()).setCategory(NotificationCategory.valueOf(request.category()))
                .setChannel(NotificationChannel.EMAIL).setSubscribed(false)
                .setSource(PreferenceChangeSource.ONE_CLICK_UNSUBSCRIBE).setCampaignId(null).setNotificationId(null)
                .build();
    }

    private static BulkNotificationRequested campaign(String campaignId, Instant at) {
        return BulkNotificationRequested.newBuilder(InputEvents.bulkNotificationRequested(campaignId, at))
                .setAudience(CampaignAudience.newBuilder().setKind(AudienceKind.ALL).build())
                .setChannels(List.of(NotificationChannel.EMAIL)).setCategory(NotificationCategory.ONBOARDING)
                .setCritical(false).setTemplateId("campaign").setSubject("Your first week")
                .setBody("Here is what to do next.").setSendAfter(null).setBatchSize(500).build();
    }
}
