// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.learning;

import static io.coursestream.topology.testing.InputEvents.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.certificates.CertificateExpired;
import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.certificates.CertificateRecord;
import io.coursestream.schemas.certificates.CertificateRegenerationBatchEnqueued;
import io.coursestream.schemas.certificates.CertificateRevoked;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.control.GenerateCourseCertificates;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.courses.EpisodePublished;
import io.coursestream.schemas.courses.EpisodeSummary;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseProgress;
import io.coursestream.schemas.learning.CourseStructure;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.LedgerEntryKind;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PreferenceChangeSource;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.topology.ProcessorSettings;
import io.coursestream.topology.StreamProcessorTopology;
import io.coursestream.topology.learning.CertificateVerification.Status;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

/**
 * Learning progress and certificates inside the whole processor topology: the catalogue and learner activity in;
 * progress, completions, certificate jobs (through the job scheduler to {@code jobs.default}), certificate mails,
 * regeneration batches and the verification store out.
 */
class LearningTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Duration APART = Duration.ofMinutes(10);
    private static final String ADA = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String GRACE = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String ALAN = "3b241101-e2bb-4255-8caf-4136c566a962";
    private static final String KAFKA = "course-kafka";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> catalogue;
    private TestInputTopic<String, SpecificRecord> learning;
    private TestInputTopic<String, SpecificRecord> users;
    private TestInputTopic<String, SpecificRecord> control;
    private TestInputTopic<String, SpecificRecord> certificateEvents;
    private TestInputTopic<String, SpecificRecord> certificateStatus;
    private TestOutputTopic<String, SpecificRecord> progress;
    private TestOutputTopic<String, SpecificRecord> completions;
    private TestOutputTopic<String, SpecificRecord> structures;
    private TestOutputTopic<String, SpecificRecord> defaultJobs;
    private TestOutputTopic<String, SpecificRecord> emailJobs;
    private TestOutputTopic<String, SpecificRecord> regenerations;
    private TestOutputTopic<String, SpecificRecord> ledger;
    private Instant clock = T0;

    @BeforeEach
    void startDriver() {
        driver = new TopologyTestDriver(StreamProcessorTopology.build(avro, ProcessorSettings.DEFAULTS),
                DriverConfig.of("learning-test", stateDir), T0);
        catalogue = input(Topics.CATALOG_EVENTS.name());
        learning = input(Topics.LEARNING_EVENTS.name());
        users = input(Topics.USER_EVENTS.name());
        control = input(Topics.CONTROL_COMMANDS.name());
        certificateEvents = input(Topics.CERTIFICATE_EVENTS.name());
        certificateStatus = input(Topics.CERTIFICATE_STATUS.name());
        progress = output(Topics.COURSE_PROGRESS.name());
        completions = output(Topics.PROGRESS_EVENTS.name());
        structures = output(Topics.COURSE_STRUCTURE.name());
        defaultJobs = output(Topics.JOBS_DEFAULT.name());
        emailJobs = output(Topics.JOBS_EMAILS.name());
        regenerations = output(Topics.CERTIFICATE_REGENERATIONS.name());
        ledger = output(Topics.POINTS_LEDGER.name());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- course structure and progress ----------------------------------------------------------------------------

    @Test
    void shouldFoldTheCatalogueIntoTheCourseStructure() {
        // When: published with two episodes, one more published, then made to expire certificates no more
        publishKafkaCourse(365);
        catalogue.pipeInput(KAFKA, EpisodePublished.newBuilder().setMetadata(metadata(next())).setCourseId(KAFKA)
                .setEpisodeId("e0").setTitle("Why streams").setPosition(0).setRequired(false).setDurationSeconds(60)
                .build(), clock);
        catalogue.pipeInput(KAFKA, CourseUpdated.newBuilder().setMetadata(metadata(next())).setCourseId(KAFKA)
                .setTitle("Kafka Streams in Depth").setCertificateValidityDays(0).build(), clock);

        // Then
        CourseStructure latest = (CourseStructure) structures.readKeyValuesToMap().get(KAFKA);
        assertThat(latest.getTitle()).isEqualTo("Kafka Streams in Depth");
        assertThat(latest.getLocale()).isEqualTo("en");
        assertThat(latest.getEpisodes()).extracting(EpisodeSummary::getEpisodeId).containsExactly("e0", "e1", "e2",
                "e3");
        assertThat(latest.getCertificateValidityDays()).isNull();
        KeyValueStore<String, CourseStructure> global = driver.getKeyValueStore(LearningTopology.STRUCTURE_STORE);
        assertThat(global.get(KAFKA)).isEqualTo(latest);
    }

    @Test
    void shouldMeasureProgressAgainstTheRequiredEpisodesCountingEachEpisodeOnce() {
        // Given: e1 and e2 required, e3 optional
        publishKafkaCourse(null);

        // When
        episode(ADA, "e1", 300);
        episode(ADA, "e3", 100);
        episode(ADA, "e1", 300); // watched again

        // Then
        CourseProgress ada = progressOf(ADA);
        assertThat(ada.getCompletedEpisodeIds()).containsExactly("e1", "e3");
        assertThat(ada.getTotalEpisodeCount()).isEqualTo(3);
        assertThat(ada.getRequiredEpisodeCount()).isEqualTo(2);
        assertThat(ada.getCompletedRequiredCount()).isEqualTo(1);
        assertThat(ada.getPercentComplete()).isEqualTo(50);
        assertThat(ada.getWatchedSeconds()).isEqualTo(400);
        assertThat(ada.getLastEpisodeId()).isEqualTo("e3");
        assertThat(ada.getCompletedAt()).isNull();
        assertThat(progress.readKeyValuesToList()).hasSize(2)
                .allSatisfy(record -> assertThat(record.key).isEqualTo(ADA + ":" + KAFKA));
        assertThat(completions.isEmpty()).isTrue();
        assertThat(certificateJobs()).isEmpty();
    }

    @Test
    void shouldCountEveryEpisodeWhenNoneIsRequiredAndNothingBeforeTheStructureIsKnown() {
        // Given: progress before the course is known
        episode(ADA, "e1", 300);
        assertThat(progressOf(ADA).getPercentComplete()).isZero();
        assertThat(progressOf(ADA).getTotalEpisodeCount()).isZero();

        // When: a course of three optional episodes
        catalogue.pipeInput(KAFKA, coursePublished(List.of(summary("e1", 1, false), summary("e2", 2, false),
                summary("e3", 3, false)), null), clock);
        episode(ADA, "e2", 300);

        // Then
        assertThat(progressOf(ADA).getRequiredEpisodeCount()).isEqualTo(3);
        assertThat(progressOf(ADA).getPercentComplete()).isEqualTo(66);
    }

    // ---- completion, once -----------------------------------------------------------------------------------------

    @Test
    void shouldCompleteTheCourseOnceAndRequestOneCertificate() {
        // Given
        publishKafkaCourse(365);
        register(ADA, "Ada Lovelace", "ada@example.org", "de-DE");

        // When: both required episodes, then a replay of the last one and an optional one after completion
        episode(ADA, "e1", 300);
        Instant completedAt = next();
        learning.pipeInput(ADA, episodeCompleted(ADA, "e2", 300, completedAt), completedAt);
        episode(ADA, "e2", 300);
        episode(ADA, "e3", 100);

        // Then: one completion, detected, with its evidence
        List<SpecificRecord> detected = completions.readValuesToList();
        assertThat(detected).hasSize(1);
        CourseCompleted completion = (CourseCompleted) detected.get(0);
        assertThat(completion.getDetectedBy()).isEqualTo(LearningProcessor.DETECTED_BY);
        assertThat(completion.getCompletedEpisodeIds()).containsExactly("e1", "e2");
        CourseProgress ada = progressOf(ADA);
        assertThat(ada.getCompletedAt()).isEqualTo(completedAt);
        assertThat(ada.getPercentComplete()).isEqualTo(100);
        assertThat(ada.getCompletionEventId()).isEqualTo(completion.getMetadata().getEventId().toString());

        // and one certificate job on jobs.default, for the learner as the directory knows them
        List<JobCommand> jobs = certificateJobs();
        assertThat(jobs).hasSize(1);
        JobCommand job = jobs.get(0);
        assertThat(job.getUniqueKey()).isEqualTo("certificate:" + ADA + ":" + KAFKA + ":v1");
        GenerateCourseCertificate payload = (GenerateCourseCertificate) job.getPayload();
        assertThat(payload.getLearnerName()).isEqualTo("Ada Lovelace");
        assertThat(payload.getEmail()).isEqualTo("ada@example.org");
        assertThat(payload.getLocaleSettings().getLocale()).isEqualTo("de-DE");
        assertThat(payload.getCourseTitle()).isEqualTo("Kafka Streams");
        assertThat(payload.getTemplateVersion()).isEqualTo(1);
        assertThat(VerificationCodes.isWellFormed(payload.getVerificationCode())).isTrue();
        assertThat(payload.getCompletionEventId()).isEqualTo(ada.getCompletionEventId());
        assertThat(payload.getCompletedAt()).isEqualTo(completedAt);
        assertThat(payload.getRequiredEpisodeCount()).isEqualTo(2);
        assertThat(payload.getCompletedRequiredCount()).isEqualTo(2);
        assertThat(payload.getCompletedEpisodeIds()).containsExactly("e1", "e2");
        assertThat(payload.getIssuedAt()).isEqualTo(completedAt);
        assertThat(payload.getExpiresAt()).isEqualTo(completedAt.plus(Duration.ofDays(365)));
        assertThat(payload.getDeliverByEmail()).isTrue();
        assertThat(payload.getRegeneration()).isFalse();
    }

    @Test
    void shouldNotCountAnUpstreamCompletionOfACourseAlreadyDetected() {
        // Given: detected from the episodes
        publishKafkaCourse(null);
        episode(ADA, "e1", 300);
        episode(ADA, "e2", 300);

        // When: the platform says so too, and again
        upstreamCompletion(ADA, List.of("e1", "e2"));
        upstreamCompletion(ADA, List.of());

        // Then: one completion, one job, one course's points
        assertThat(completions.readValuesToList()).hasSize(1);
        assertThat(progressOf(ADA).getCompletionDetectedBy()).isEqualTo(LearningProcessor.DETECTED_BY);
        assertThat(certificateJobs()).hasSize(1);
        assertThat(courseAwards(ADA)).hasSize(1);
    }

    @Test
    void shouldAcceptAnUpstreamCompletionWithoutEchoingOrDetectingItAgain() {
        // Given
        publishKafkaCourse(null);
        episode(ADA, "e1", 300);

        // When: the platform completes it with its evidence, then the player reports the last episode
        CourseCompleted upstream = upstreamCompletion(ADA, List.of("e1", "e2"));
        episode(ADA, "e2", 300);
        episode(ADA, "e3", 300);

        // Then: nothing detected, the upstream completion is the one, points once, one job with its evidence
        assertThat(completions.isEmpty()).isTrue();
        CourseProgress ada = progressOf(ADA);
        assertThat(ada.getCompletionDetectedBy()).isEqualTo("player");
        assertThat(ada.getCompletionEventId()).isEqualTo(upstream.getMetadata().getEventId().toString());
        assertThat(courseAwards(ADA)).hasSize(1);
        List<JobCommand> jobs = certificateJobs();
        assertThat(jobs).hasSize(1);
        assertThat(((GenerateCourseCertificate) jobs.get(0).getPayload()).getCompletionEventId())
                .isEqualTo(upstream.getMetadata().getEventId().toString());
    }

    @Test
    void shouldWaitForTheEvidenceOfAnUpstreamCompletionThatRunsAhead() {
        // Given
        publishKafkaCourse(null);

        // When: complete upstream with no episodes listed or seen
        upstreamCompletion(ADA, List.of());

        // Then: complete, but no certificate on no evidence
        assertThat(progressOf(ADA).getCompletedAt()).isNotNull();
        assertThat(certificateJobs()).isEmpty();

        // When: the required episodes arrive
        episode(ADA, "e2", 300);
        assertThat(certificateJobs()).isEmpty();
        episode(ADA, "e1", 300);

        // Then: the last one requests the certificate, nothing detected on top
        List<JobCommand> jobs = certificateJobs();
        assertThat(jobs).hasSize(1);
        assertThat(((GenerateCourseCertificate) jobs.get(0).getPayload()).getCompletedEpisodeIds())
                .containsExactlyInAnyOrder("e1", "e2");
        assertThat(completions.isEmpty()).isTrue();
    }

    @Test
    void shouldRequestOneCertificateForDuplicateCompletions() {
        // Given
        publishKafkaCourse(null);
        episode(ADA, "e1", 300);
        episode(ADA, "e2", 300);
        CourseCompleted upstream = upstreamCompletion(GRACE, List.of("e1", "e2"));

        // When: the same upstream completion again, and two more of Grace's with other ids
        learning.pipeInput(GRACE, upstream, next());
        upstreamCompletion(GRACE, List.of("e1", "e2"));
        upstreamCompletion(GRACE, List.of("e1"));

        // Then: one job each, different codes
        List<JobCommand> jobs = certificateJobs();
        assertThat(jobs).extracting(job -> ((GenerateCourseCertificate) job.getPayload()).getUserId())
                .containsExactlyInAnyOrder(ADA, GRACE);
        assertThat(jobs).extracting(job -> ((GenerateCourseCertificate) job.getPayload()).getVerificationCode())
                .doesNotHaveDuplicates();
        assertThat(courseAwards(GRACE)).hasSize(1);
    }

    @Test
    void shouldNotMailACertificateToALearnerWhoTurnedOffCourseActivityMail() {
        // Given
        publishKafkaCourse(null);
        register(ADA, "Ada Lovelace", "ada@example.org", "en-GB");
        users.pipeInput(ADA, NotificationPreferencesChanged.newBuilder().setMetadata(metadata(next())).setUserId(ADA)
                .setCategory(NotificationCategory.COURSE_ACTIVITY).setChannel(NotificationChannel.EMAIL)
                .setSubscribed(false).setSource(PreferenceChangeSource.UNSUBSCRIBE_LINK).setCampaignId(null)
                .setNotificationId(null).build(), clock);

        // When
        episode(ADA, "e1", 300);
        episode(ADA, "e2", 300);

        // Then: rendered and stored, not mailed
        GenerateCourseCertificate payload = (GenerateCourseCertificate) certificateJobs().get(0).getPayload();
        assertThat(payload.getDeliverByEmail()).isFalse();
        assertThat(payload.getLearnerName()).isEqualTo("Ada Lovelace");
    }

    // ---- mail and verification ------------------------------------------------------------------------------------

    @Test
    void shouldMailAGeneratedCertificateWithItsPdfAttachedOnce() {
        // When: generated for a learner with an address (twice: a retried job), and one without
        CertificateGenerated generated = generated("7KQ2-M9XD-4HWT-C0RB", "ada@example.org", null);
        certificateEvents.pipeInput(generated.getVerificationCode(), generated, clock);
        certificateEvents.pipeInput(generated.getVerificationCode(), generated, clock);
        CertificateGenerated stored = generated("ZZZZ-M9XD-4HWT-C0RB", null, null);
        certificateEvents.pipeInput(stored.getVerificationCode(), stored, clock);

        // Then
        List<SpecificRecord> mails = emailJobs.readValuesToList();
        assertThat(mails).hasSize(1);
        SendNotification mail = (SendNotification) ((JobCommand) mails.get(0)).getPayload();
        assertThat(mail.getTemplateId()).isEqualTo(CertificateMails.TEMPLATE);
        assertThat(mail.getEmail()).isEqualTo("ada@example.org");
        assertThat(mail.getCategory()).isEqualTo(NotificationCategory.COURSE_ACTIVITY);
        assertThat(mail.getTemplateParams()).containsEntry("verificationCode", "7KQ2-M9XD-4HWT-C0RB")
                .containsEntry("learnerName", "Ada Lovelace")
                .containsEntry("verificationUrl", "https://learn.example/certificates/7KQ2-M9XD-4HWT-C0RB");
        assertThat(mail.getAttachments()).singleElement().satisfies(attachment -> {
            assertThat(attachment.getObjectKey()).isEqualTo(generated.getObjectKey());
            assertThat(attachment.getContentType()).isEqualTo("application/pdf");
        });
    }

    @Test
    void shouldAnswerActiveThenRevokedAtOnce() {
        // Given
        String code = "7KQ2-M9XD-4HWT-C0RB";
        certificateEvents.pipeInput(code, generated(code, "ada@example.org", null), clock);
        assertThat(statusOf(code, clock)).isEqualTo(Status.ACTIVE);

        // When
        Instant revokedAt = next();
        certificateStatus.pipeInput(code, CertificateRevoked.newBuilder().setMetadata(metadata(revokedAt))
                .setVerificationCode(code).setReason("plagiarism").setRevokedBy("admin").setRevokedAt(revokedAt)
                .build(), revokedAt);
        // and a regeneration after it
        certificateEvents.pipeInput(code, CertificateGenerated.newBuilder(generated(code, null, null))
                .setRegenerated(true).setTemplateVersion(2).build(), next());

        // Then: revoked, and still revoked
        CertificateRecord record = recordOf(code);
        assertThat(CertificateVerification.status(record, clock)).isEqualTo(Status.REVOKED);
        assertThat(record.getRevoked().getReason()).isEqualTo("plagiarism");
        assertThat(record.getGenerated().getTemplateVersion()).isEqualTo(2);
    }

    @Test
    void shouldAnswerExpiredFromItsExpiryDateOrAnExpiryEvent() {
        // Given: one expiring in a day, one without expiry
        Instant expiresAt = clock.plus(Duration.ofDays(1));
        certificateEvents.pipeInput("AAAA-BBBB-CCCC-DDDD", generated("AAAA-BBBB-CCCC-DDDD", null, expiresAt), clock);
        certificateEvents.pipeInput("EEEE-FFFF-GGGG-HHHH", generated("EEEE-FFFF-GGGG-HHHH", null, null), clock);

        // When
        certificateStatus.pipeInput("EEEE-FFFF-GGGG-HHHH", CertificateExpired.newBuilder().setMetadata(metadata(next()))
                .setVerificationCode("EEEE-FFFF-GGGG-HHHH").setExpiredAt(clock).build(), clock);

        // Then
        assertThat(statusOf("AAAA-BBBB-CCCC-DDDD", expiresAt.minusSeconds(1))).isEqualTo(Status.ACTIVE);
        assertThat(statusOf("AAAA-BBBB-CCCC-DDDD", expiresAt)).isEqualTo(Status.EXPIRED);
        assertThat(statusOf("EEEE-FFFF-GGGG-HHHH", clock.minusSeconds(1))).isEqualTo(Status.ACTIVE);
        assertThat(statusOf("EEEE-FFFF-GGGG-HHHH", clock)).isEqualTo(Status.EXPIRED);
    }

    // ---- regeneration ---------------------------------------------------------------------------------------------

    @Test
    void shouldRegenerateACoursesCertificatesInBatchesKeepingTheirCodes() {
        // Given: three learners completed
        publishKafkaCourse(null);
        for (String learner : List.of(ADA, GRACE, ALAN)) {
            register(learner, "Learner " + learner.substring(0, 4), learner.substring(0, 4) + "@example.org",
                    "en-GB");
            episode(learner, "e1", 300);
            episode(learner, "e2", 300);
        }
        Map<String, String> codes = codesByLearner(certificateJobs());
        assertThat(codes).hasSize(3);

        // When: regenerate with template 2 in batches of 2
        GenerateCourseCertificates command = GenerateCourseCertificates.newBuilder().setMetadata(metadata(next()))
                .setCommandId("regen-1").setRequestedBy("admin").setCourseId(KAFKA).setTemplateVersion(2)
                .setBatchSize(2).setNotifyLearners(false).build();
        control.pipeInput("regen-1", command, clock);

        // Then: the first batch at once
        List<JobCommand> first = certificateJobs();
        assertThat(first).hasSize(2);
        List<CertificateRegenerationBatchEnqueued> reports = batchReports();
        assertThat(reports).extracting(CertificateRegenerationBatchEnqueued::getBatch,
                CertificateRegenerationBatchEnqueued::getJobs, CertificateRegenerationBatchEnqueued::getEnqueued,
                CertificateRegenerationBatchEnqueued::getTotal, CertificateRegenerationBatchEnqueued::getFinished)
                .containsExactly(tuple(1, 2, 2, 3, false));

        // When: the interval passes, and the command is replayed
        driver.advanceWallClockTime(LearningSettings.DEFAULTS.regenerationInterval());
        control.pipeInput("regen-1", command, clock);
        driver.advanceWallClockTime(LearningSettings.DEFAULTS.regenerationInterval());

        // Then: the last one, and nothing more
        List<JobCommand> second = certificateJobs();
        assertThat(second).hasSize(1);
        assertThat(batchReports()).extracting(CertificateRegenerationBatchEnqueued::getBatch,
                CertificateRegenerationBatchEnqueued::getEnqueued, CertificateRegenerationBatchEnqueued::getFinished)
                .containsExactly(tuple(2, 3, true));
        List<JobCommand> regenerated = new ArrayList<>(first);
        regenerated.addAll(second);
        assertThat(codesByLearner(regenerated)).isEqualTo(codes);
        assertThat(regenerated).allSatisfy(job -> {
            GenerateCourseCertificate payload = (GenerateCourseCertificate) job.getPayload();
            assertThat(payload.getTemplateVersion()).isEqualTo(2);
            assertThat(payload.getRegeneration()).isTrue();
            assertThat(payload.getDeliverByEmail()).isFalse();
            assertThat(job.getUniqueKey()).endsWith(":v2");
        });
    }

    @Test
    void shouldReportAFinishedEmptyBatchForACourseWithoutCertificates() {
        // When
        control.pipeInput("regen-2", GenerateCourseCertificates.newBuilder().setMetadata(metadata(next()))
                .setCommandId("regen-2").setRequestedBy("admin").setCourseId("course-nobody-finished")
                .setTemplateVersion(2).build(), clock);

        // Then
        assertThat(batchReports()).extracting(CertificateRegenerationBatchEnqueued::getJobs,
                CertificateRegenerationBatchEnqueued::getTotal, CertificateRegenerationBatchEnqueued::getFinished,
                CertificateRegenerationBatchEnqueued::getPartitions)
                .containsExactly(tuple(0, 0, true, Topics.LEARNING_EVENTS.partitions()));
        assertThat(certificateJobs()).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private TestInputTopic<String, SpecificRecord> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), avro.serializer());
    }

    private TestOutputTopic<String, SpecificRecord> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), avro.deserializer());
    }

    private Instant next() {
        clock = clock.plus(APART);
        return clock;
    }

    /** e1 and e2 required, e3 optional. */
    private void publishKafkaCourse(Integer validityDays) {
        catalogue.pipeInput(KAFKA, coursePublished(List.of(summary("e1", 1, true), summary("e2", 2, true),
                summary("e3", 3, false)), validityDays), clock);
    }

    private CoursePublished coursePublished(List<EpisodeSummary> episodes, Integer validityDays) {
        return CoursePublished.newBuilder().setMetadata(metadata(next())).setCourseId(KAFKA).setTitle("Kafka Streams")
                .setLocale("en").setPrice(new Money(4900L, "EUR")).setInstructorId("instructor-1")
                .setEpisodes(episodes).setCertificateValidityDays(validityDays).build();
    }

    private static EpisodeSummary summary(String episodeId, int position, boolean required) {
        return new EpisodeSummary(episodeId, "Episode " + episodeId, position, required, 600L);
    }

    private void register(String userId, String name, String email, String locale) {
        Instant at = next();
        users.pipeInput(userId, UserRegistered.newBuilder().setMetadata(metadata(at)).setUserId(userId)
                .setEmail(email).setDisplayName(name).setLocaleSettings(new LocaleSettings(locale, "Europe/Berlin"))
                .setCountry("DE").setReferralCode(null).setOwnReferralCode("CODE-" + userId.substring(0, 4))
                .setIpAddress("203.0.113.7").setDeviceId("device-" + userId).setUserAgent("Mozilla/5.0")
                .setMarketingOptIn(false).build(), at);
    }

    private void episode(String userId, String episodeId, long watchedSeconds) {
        Instant at = next();
        learning.pipeInput(userId, episodeCompleted(userId, episodeId, watchedSeconds, at), at);
    }

    private static EpisodeCompleted episodeCompleted(String userId, String episodeId, long watchedSeconds, Instant at) {
        return EpisodeCompleted.newBuilder().setMetadata(metadata(at)).setUserId(userId).setCourseId(KAFKA)
                .setEpisodeId(episodeId).setWatchedSeconds(watchedSeconds).build();
    }

    private CourseCompleted upstreamCompletion(String userId, List<String> episodeIds) {
        Instant at = next();
        CourseCompleted completed = CourseCompleted.newBuilder().setMetadata(metadata(at)).setUserId(userId)
                .setCourseId(KAFKA).setCompletedEpisodes(episodeIds.size()).setDetectedBy("player")
                .setCompletedEpisodeIds(episodeIds).build();
        learning.pipeInput(userId, completed, at);
        return completed;
    }

    private CertificateGenerated generated(String code, String email, Instant expiresAt) {
        return CertificateGenerated.newBuilder().setMetadata(metadata(clock)).setCertificateId("cert-" + code)
                .setVerificationCode(code).setVerificationUrl("https://learn.example/certificates/" + code)
                .setUserId(ADA).setCourseId(KAFKA).setCourseTitle("Kafka Streams").setLearnerName("Ada Lovelace")
                .setLocale("en").setCompletedAt(T0).setBucket("certificates")
                .setObjectKey("certificates/" + KAFKA + "/cert-" + code + "/v1.pdf").setSizeBytes(1000L)
                .setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").setTemplateVersion(1)
                .setIssuedAt(T0).setExpiresAt(expiresAt).setEmail(email).setRegenerated(false).build();
    }

    private CourseProgress progressOf(String userId) {
        KeyValueStore<String, CourseProgress> store = driver.getKeyValueStore(LearningTopology.PROGRESS_STORE);
        return store.get(LearningTopology.progressKey(userId, KAFKA));
    }

    private CertificateRecord recordOf(String code) {
        KeyValueStore<String, CertificateRecord> store = driver.getKeyValueStore(LearningTopology.VERIFICATION_STORE);
        return store.get(code);
    }

    private Status statusOf(String code, Instant now) {
        return CertificateVerification.status(recordOf(code), now);
    }

    private List<JobCommand> certificateJobs() {
        return defaultJobs.readValuesToList().stream().map(JobCommand.class::cast)
                .filter(job -> job.getType() == JobType.GENERATE_COURSE_CERTIFICATE).toList();
    }

    private List<CertificateRegenerationBatchEnqueued> batchReports() {
        return regenerations.readValuesToList().stream().map(CertificateRegenerationBatchEnqueued.class::cast)
                .toList();
    }

    private static Map<String, String> codesByLearner(List<JobCommand> jobs) {
        return jobs.stream().map(job -> (GenerateCourseCertificate) job.getPayload()).collect(
                Collectors.toMap(GenerateCourseCertificate::getUserId,
                        GenerateCourseCertificate::getVerificationCode));
    }

    private List<LedgerEntry> courseAwards(String userId) {
        return ledger.readValuesToList().stream().map(LedgerEntry.class::cast)
                .filter(entry -> entry.getUserId().equals(userId)
                        && entry.getActivityType() == ActivityType.COURSE_COMPLETED
                        && entry.getKind() == LedgerEntryKind.AWARD)
                .toList();
    }
}
