// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.onboarding;

import static io.coursestream.topology.testing.InputEvents.coursePublished;
import static io.coursestream.topology.testing.InputEvents.courseUpdated;
import static io.coursestream.topology.testing.InputEvents.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendWelcomeEmail;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.notifications.CoursePopularity;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.jobs.JobScheduler;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.notifications.CourseEnrolments;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * Onboarding as the stream processor wires it: validated inputs, the first enrolments, the popularity table, the
 * welcome requests and the real job scheduler, from input events to commands on {@code jobs.emails}.
 */
class OnboardingTopologyTest {

    /** A Monday in winter time: Berlin is UTC+1. */
    private static final Instant MONDAY_MIDNIGHT_UTC = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant CATALOGUE_AT = MONDAY_MIDNIGHT_UTC.minus(Duration.ofDays(30));
    private static final Instant ENROLMENTS_AT = MONDAY_MIDNIGHT_UTC.minus(Duration.ofDays(10));
    /** 23:00 in Berlin. */
    private static final Instant BERLIN_23_00 = Instant.parse("2026-11-02T22:00:00Z");
    /** 10:00 in Berlin. */
    private static final Instant BERLIN_10_00 = Instant.parse("2026-11-02T09:00:00Z");
    private static final Instant BERLIN_08_00_NEXT_DAY = Instant.parse("2026-11-03T07:00:00Z");

    private static final String ADA = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String GRACE = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String LINUS = "16fd2706-8baf-433b-82eb-8c7fada847da";
    private static final String KLAUS = "886313e1-3b8a-5372-9b90-0c9aee199e5d";

    private static final String KAFKA_EN = "course-kafka-en";
    private static final String STREAMS_DE = "course-streams-de";
    private static final String AVRO_DE_DE = "course-avro-de-de";
    private static final String UNPUBLISHED = "course-unpublished";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> users;
    private TestInputTopic<String, SpecificRecord> learning;
    private TestInputTopic<String, SpecificRecord> catalogue;
    private TestInputTopic<String, SpecificRecord> lifecycle;
    private TestOutputTopic<String, SpecificRecord> emails;
    private TestOutputTopic<String, SpecificRecord> popularity;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    // ---- popularity table -------------------------------------------------------------------------------------------

    @Test
    void shouldCountEachUsersEnrolmentInACourseOnce() {
        // Given
        startDriverAt(MONDAY_MIDNIGHT_UTC);
        publish(KAFKA_EN, "Kafka Streams in depth", "en");

        // When: Ada's enrolment is delivered twice, Grace enrols once
        CourseEnrolled adaEnrols = enrolment(ADA, KAFKA_EN, ENROLMENTS_AT);
        learning.pipeInput(ADA, adaEnrols, ENROLMENTS_AT);
        learning.pipeInput(ADA, adaEnrols, ENROLMENTS_AT);
        enrol(GRACE, KAFKA_EN, ENROLMENTS_AT.plusSeconds(60));

        // Then
        assertThat(popularity.readValuesToList()).extracting("courseId", "title", "locale", "enrolments", "updatedAt")
                .containsExactly(
                        tuple(KAFKA_EN, "Kafka Streams in depth", "en", 0L, CATALOGUE_AT),
                        tuple(KAFKA_EN, "Kafka Streams in depth", "en", 1L, ENROLMENTS_AT),
                        tuple(KAFKA_EN, "Kafka Streams in depth", "en", 2L, ENROLMENTS_AT.plusSeconds(60)));
        assertThat(popularity.isEmpty()).isTrue();
        assertThat(globalPopularity().get(KAFKA_EN).getEnrolments()).as("read back into the global store")
                .isEqualTo(2L);
    }

    @Test
    void shouldShowATitleChangedByCourseUpdated() {
        // Given
        startDriverAt(MONDAY_MIDNIGHT_UTC);
        publish(KAFKA_EN, "Kafka Streams in depth", "en");
        enrol(ADA, KAFKA_EN, ENROLMENTS_AT);
        popularity.readValuesToList();

        // When: a price change alone, then a new title
        Instant priceChangedAt = ENROLMENTS_AT.plusSeconds(60);
        catalogue.pipeInput(KAFKA_EN, courseUpdated(KAFKA_EN, priceChangedAt), priceChangedAt);
        Instant retitledAt = ENROLMENTS_AT.plusSeconds(120);
        CourseUpdated retitled = CourseUpdated.newBuilder(courseUpdated(KAFKA_EN, retitledAt))
                .setTitle("Kafka Streams, second edition").setPrice(null).setCertificateValidityDays(null).build();
        catalogue.pipeInput(KAFKA_EN, retitled, retitledAt);

        // Then: only the title change shows, language and count kept
        assertThat(popularity.readValuesToList()).extracting("courseId", "title", "locale", "enrolments", "updatedAt")
                .containsExactly(tuple(KAFKA_EN, "Kafka Streams, second edition", "en", 1L, retitledAt));
        assertThat(popularity.isEmpty()).isTrue();
        assertThat(globalPopularity().get(KAFKA_EN).getTitle()).isEqualTo("Kafka Streams, second edition");
    }

    @Test
    void shouldNotRecommendACourseTheCatalogueNeverPublished() {
        // Given: the unpublished course has more enrolments and even a CourseUpdated with a title
        startDriverAt(BERLIN_10_00);
        publish(KAFKA_EN, "Kafka Streams in depth", "en");
        enrol(ADA, UNPUBLISHED, ENROLMENTS_AT);
        enrol(GRACE, UNPUBLISHED, ENROLMENTS_AT);
        enrol(LINUS, KAFKA_EN, ENROLMENTS_AT);
        CourseUpdated titleOnly = CourseUpdated.newBuilder(courseUpdated(UNPUBLISHED, ENROLMENTS_AT))
                .setTitle("Leaked draft").setPrice(null).setCertificateValidityDays(null).build();
        catalogue.pipeInput(UNPUBLISHED, titleOnly, ENROLMENTS_AT);

        // When
        register(KLAUS, "en-US", "Europe/London", BERLIN_10_00);

        // Then
        CoursePopularity unpublished = globalPopularity().get(UNPUBLISHED);
        assertThat(unpublished.getEnrolments()).isEqualTo(2L);
        assertThat(unpublished.getTitle()).isNull();
        assertThat(welcomeMail(emails.readValue()).getRecommendations()).extracting(CourseRecommendation::getCourseId)
                .containsExactly(KAFKA_EN);
        assertThat(emails.isEmpty()).isTrue();
    }

    @Test
    void shouldRecommendCoursesInTheUsersLanguageFirstThenByPopularity() {
        // Given: English is the most popular; two German courses (de, de-DE); a French one with one enrolment
        startDriverAt(BERLIN_10_00);
        publish(KAFKA_EN, "Kafka Streams in depth", "en");
        publish(STREAMS_DE, "Streams verstehen", "de");
        publish(AVRO_DE_DE, "Avro für Einsteiger", "de-DE");
        publish("course-fr", "Kafka pour tous", "fr");
        enrol(ADA, KAFKA_EN, ENROLMENTS_AT);
        enrol(GRACE, KAFKA_EN, ENROLMENTS_AT);
        enrol(LINUS, KAFKA_EN, ENROLMENTS_AT);
        enrol(ADA, AVRO_DE_DE, ENROLMENTS_AT);
        enrol(GRACE, AVRO_DE_DE, ENROLMENTS_AT);
        enrol(ADA, STREAMS_DE, ENROLMENTS_AT);
        enrol(ADA, "course-fr", ENROLMENTS_AT);

        // When: an Austrian user
        register(KLAUS, "de-AT", "Europe/Vienna", BERLIN_10_00);

        // Then: both German courses (more enrolled first), then the most popular of the rest; three in all
        SendWelcomeEmail mail = welcomeMail(emails.readValue());
        assertThat(mail.getRecommendations()).extracting("courseId", "title", "locale", "enrolments").containsExactly(
                tuple(AVRO_DE_DE, "Avro für Einsteiger", "de-DE", 2L),
                tuple(STREAMS_DE, "Streams verstehen", "de", 1L),
                tuple(KAFKA_EN, "Kafka Streams in depth", "en", 3L));
        assertThat(emails.isEmpty()).isTrue();
    }

    // ---- welcome jobs through the scheduler -------------------------------------------------------------------------

    @Test
    void shouldHoldAWelcomeMailForANightTimeRegistrationUntilEightInTheUsersMorning() {
        // Given: the catalogue and its enrolments; the wall clock a few seconds after the registration
        startDriverAt(BERLIN_23_00.plusSeconds(5));
        publish(STREAMS_DE, "Streams verstehen", "de");
        publish(KAFKA_EN, "Kafka Streams in depth", "en");
        enrol(ADA, KAFKA_EN, ENROLMENTS_AT);
        enrol(GRACE, KAFKA_EN, ENROLMENTS_AT);
        enrol(ADA, STREAMS_DE, ENROLMENTS_AT);

        // When: a user in Berlin registers at 23:00 local time
        UserRegistered registered = register(KLAUS, "de-DE", "Europe/Berlin", BERLIN_23_00);

        // Then: nothing on the queue through the night, up to 07:59 local
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(emails.isEmpty()).as("held right after registering").isTrue();
        driver.advanceWallClockTime(Duration.between(BERLIN_23_00.plusSeconds(6), BERLIN_08_00_NEXT_DAY.minusSeconds(60)));
        assertThat(emails.isEmpty()).as("held at 07:59 local").isTrue();

        // When: the clock passes 08:00 local
        driver.advanceWallClockTime(Duration.ofSeconds(61));

        // Then: exactly one welcome mail command
        JobCommand command = (JobCommand) emails.readValue();
        assertThat(command.getType()).isEqualTo(JobType.SEND_WELCOME_EMAIL);
        assertThat(command.getQueue()).isEqualTo(JobQueue.EMAILS);
        assertThat(command.getJobId()).isEqualTo(WelcomeJobs.jobId(KLAUS));
        assertThat(command.getUniqueKey()).isEqualTo("welcome:" + KLAUS);
        assertThat(command.getAttempt()).isEqualTo(1);
        assertThat(command.getMaxAttempts()).as("filled in from the emails policy").isEqualTo(6);
        assertThat(command.getNotBefore()).isEqualTo(BERLIN_08_00_NEXT_DAY);
        assertThat(command.getCorrelationId()).isEqualTo(registered.getMetadata().getCorrelationId());
        assertThat(command.getCausationId()).isEqualTo(registered.getMetadata().getEventId().toString());
        assertThat(command.getEnqueuedAt()).isEqualTo(BERLIN_23_00.plusSeconds(5));
        SendWelcomeEmail mail = welcomeMail(command);
        assertThat(mail.getUserId()).isEqualTo(KLAUS);
        assertThat(mail.getEmail()).isEqualTo("klaus@example.org");
        assertThat(mail.getDisplayName()).isEqualTo("Klaus");
        assertThat(mail.getLocaleSettings()).isEqualTo(new LocaleSettings("de-DE", "Europe/Berlin"));
        assertThat(mail.getOwnReferralCode()).isEqualTo("KLAUS-1");
        assertThat(mail.getRegisteredAt()).isEqualTo(BERLIN_23_00);
        assertThat(mail.getRecommendations()).extracting(CourseRecommendation::getCourseId)
                .containsExactly(STREAMS_DE, KAFKA_EN);
        assertThat(emails.isEmpty()).isTrue();

        // And no second one later
        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(emails.isEmpty()).isTrue();
    }

    @Test
    void shouldSendTheWelcomeMailAtOnceForADaytimeRegistration() {
        // Given
        startDriverAt(BERLIN_10_00.plusSeconds(5));

        // When: a user in Berlin registers at 10:00 local time
        register(KLAUS, "de-DE", "Europe/Berlin", BERLIN_10_00);

        // Then: on the queue without any wall-clock time passing, recommending nothing from an empty catalogue
        JobCommand command = (JobCommand) emails.readValue();
        assertThat(command.getJobId()).isEqualTo(WelcomeJobs.jobId(KLAUS));
        assertThat(command.getNotBefore()).isNull();
        assertThat(welcomeMail(command).getRecommendations()).isEmpty();
        assertThat(emails.isEmpty()).isTrue();
    }

    @Test
    void shouldHoldTheMailOfAnEveningRegistrationDecidedAfterTheWindowCloses() {
        // Given: the processor lags; it is 21:30 in Berlin
        startDriverAt(Instant.parse("2026-11-02T20:30:00Z"));

        // When: a registration of 20:30 local comes in
        register(KLAUS, "de-DE", "Europe/Berlin", Instant.parse("2026-11-02T19:30:00Z"));

        // Then: held until the morning
        driver.advanceWallClockTime(Duration.between(Instant.parse("2026-11-02T20:30:00Z"),
                BERLIN_08_00_NEXT_DAY.minusSeconds(1)));
        assertThat(emails.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(((JobCommand) emails.readValue()).getNotBefore()).isEqualTo(BERLIN_08_00_NEXT_DAY);
        assertThat(emails.isEmpty()).isTrue();
    }

    @Test
    void shouldNotEnqueueASecondWelcomeMailForAReplayedRegistration() {
        // Given: the welcome mail was sent and its job ended, which released the scheduler's unique lock
        startDriverAt(BERLIN_10_00.plusSeconds(5));
        UserRegistered registered = register(KLAUS, "de-DE", "Europe/Berlin", BERLIN_10_00);
        JobCommand sent = (JobCommand) emails.readValue();
        lifecycle.pipeInput(sent.getJobId(), succeeded(sent, BERLIN_10_00.plusSeconds(30)),
                BERLIN_10_00.plusSeconds(30));

        // When: the registration is delivered again, and again with a new event id (a replay by the producer)
        users.pipeInput(KLAUS, registered, BERLIN_10_00);
        UserRegistered republished = UserRegistered.newBuilder(registered).setMetadata(metadata(BERLIN_10_00)).build();
        users.pipeInput(KLAUS, republished, BERLIN_10_00);
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        // Then
        assertThat(emails.isEmpty()).isTrue();
        assertThat(welcomeDecisions().get(KLAUS)).isEqualTo(BERLIN_10_00.plusSeconds(5).toEpochMilli());
    }

    @Test
    void shouldNotWelcomeARegistrationOlderThanTheStaleLimit() {
        // Given: the wall clock three days after Ada's registration and one day after Grace's
        Instant now = BERLIN_10_00.plus(Duration.ofDays(3));
        startDriverAt(now);

        // When
        register(ADA, "en-GB", "Europe/London", BERLIN_10_00);
        register(GRACE, "en-GB", "Europe/London", now.minus(Duration.ofDays(1)));
        driver.advanceWallClockTime(Duration.ofDays(1));

        // Then: Grace's mail only, Ada is remembered as decided, and counted as a stale registration
        assertThat(emails.readValuesToList()).extracting(command -> welcomeMail((JobCommand) command).getUserId())
                .containsExactly(GRACE);
        assertThat(emails.isEmpty()).isTrue();
        assertThat(welcomeDecisions().get(ADA)).isEqualTo(now.toEpochMilli());
        assertThat(driver.metrics().entrySet().stream()
                .filter(metric -> metric.getKey().group().equals("stream-onboarding-metrics")
                        && metric.getKey().name().equals("stale-registrations-total"))
                .mapToDouble(metric -> (Double) metric.getValue().metricValue()).sum()).isEqualTo(1.0);
    }

    @Test
    void shouldNameEveryOnboardingNodeStoreAndTopic() {
        // Given
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        OnboardingTopology.build(builder, inputs, CourseEnrolments.build(builder, inputs), avro,
                OnboardingSettings.DEFAULTS).to("test.requests");

        // When
        TopologyDescription description = builder.build().describe();

        // Then
        List<String> names = description.subtopologies().stream().flatMap(sub -> sub.nodes().stream())
                .map(TopologyDescription.Node::name).filter(name -> name.startsWith("onboarding-")).sorted().toList();
        assertThat(names).containsExactly("onboarding-catalog-courses", "onboarding-enrolments-by-course-repartition-filter",
                "onboarding-enrolments-by-course-repartition-sink", "onboarding-enrolments-by-course-repartition-source",
                "onboarding-enrolments-key-by-course", "onboarding-popularity", "onboarding-popularity-merge-enrolments",
                "onboarding-popularity-sink", "onboarding-welcome");
        assertThat(description.globalStores()).singleElement().satisfies(global -> {
            assertThat(global.source().name()).isEqualTo("onboarding-course-popularity-source");
            assertThat(global.source().topicSet()).containsExactly("notifications.course-popularity");
            assertThat(global.processor().name()).isEqualTo("onboarding-course-popularity");
            assertThat(global.processor().stores()).containsExactly(OnboardingTopology.COURSE_POPULARITY_STORE);
        });
        assertThat(description.subtopologies().stream().flatMap(sub -> sub.nodes().stream())
                .filter(node -> node instanceof TopologyDescription.Processor)
                .filter(node -> node.name().startsWith("onboarding-"))
                .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
                .toList()).containsExactlyInAnyOrder(OnboardingTopology.POPULARITY_STORE, OnboardingTopology.WELCOME_STORE);
        assertThat(description.subtopologies().stream().flatMap(sub -> sub.nodes().stream())
                .filter(node -> node instanceof TopologyDescription.Sink && node.name().startsWith("onboarding-"))
                .map(node -> ((TopologyDescription.Sink) node).topic()))
                .containsExactlyInAnyOrder("onboarding-enrolments-by-course-repartition", "notifications.course-popularity");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    private void startDriverAt(Instant wallClock) {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        KStream<String, CourseEnrolled> firstEnrolments = CourseEnrolments.build(builder, inputs);
        KStream<String, JobCommand> requests = OnboardingTopology.build(builder, inputs, firstEnrolments, avro,
                OnboardingSettings.DEFAULTS);
        JobScheduler.build(builder, requests, QueuePolicies.defaults(), AvroSerdes.typed(avro), avro);
        driver = new TopologyTestDriver(builder.build(), DriverConfig.of("onboarding-test", stateDir), wallClock);
        users = input(Topics.USER_EVENTS.name());
        learning = input(Topics.LEARNING_EVENTS.name());
        catalogue = input(Topics.CATALOG_EVENTS.name());
        lifecycle = input(Topics.JOB_LIFECYCLE.name());
        emails = driver.createOutputTopic(Topics.JOBS_EMAILS.name(), new StringDeserializer(), avro.deserializer());
        popularity = driver.createOutputTopic(Topics.COURSE_POPULARITY.name(), new StringDeserializer(),
                avro.deserializer());
    }

    private TestInputTopic<String, SpecificRecord> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), avro.serializer());
    }

    private void publish(String courseId, String title, String locale) {
        CoursePublished published = CoursePublished.newBuilder(coursePublished(courseId, CATALOGUE_AT))
                .setTitle(title).setLocale(locale).build();
        catalogue.pipeInput(courseId, published, CATALOGUE_AT);
    }

    private void enrol(String userId, String courseId, Instant at) {
        learning.pipeInput(userId, enrolment(userId, courseId, at), at);
    }

    private static CourseEnrolled enrolment(String userId, String courseId, Instant at) {
        return InputEvents.courseEnrolled(userId, courseId, at);
    }

    private UserRegistered register(String userId, String locale, String timezone, Instant at) {
        UserRegistered registered = UserRegistered.newBuilder(InputEvents.userRegistered(userId, at))
                .setEmail(userId.equals(KLAUS) ? "klaus@example.org" : "someone@example.org")
                .setDisplayName(userId.equals(KLAUS) ? "Klaus" : "Someone")
                .setLocaleSettings(new LocaleSettings(locale, timezone))
                .setOwnReferralCode(userId.equals(KLAUS) ? "KLAUS-1" : "SOMEONE-1")
                .build();
        users.pipeInput(userId, registered, at);
        return registered;
    }

    private static SendWelcomeEmail welcomeMail(SpecificRecord command) {
        return (SendWelcomeEmail) ((JobCommand) command).getPayload();
    }

    private static JobSucceeded succeeded(JobCommand command, Instant at) {
        return JobSucceeded.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID()).setOccurredAt(at).setCorrelationId(command.getCorrelationId())
                        .setCausationId(command.getJobId()).setProducer("workers").build())
                .setJobId(command.getJobId()).setType(command.getType()).setQueue(command.getQueue())
                .setAttempt(command.getAttempt()).setWorkerId("worker-1").setDurationMillis(250L).setOutputs(Map.of())
                .build();
    }

    private KeyValueStore<String, CoursePopularity> globalPopularity() {
        return driver.getKeyValueStore(OnboardingTopology.COURSE_POPULARITY_STORE);
    }

    private KeyValueStore<String, Long> welcomeDecisions() {
        return driver.getKeyValueStore(OnboardingTopology.WELCOME_STORE);
    }
}
