// Tier: IT (the processor in Quarkus on the shared test broker and registry; one instance, so every key is local).
package io.coursestream.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.certificates.CertificateRevoked;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.EpisodeSummary;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.topology.testing.InputEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Learning progress and certificate verification over HTTP: a learner's episodes show as progress until the course is
 * complete; a certificate the workers report answers active, and revoked the moment an administrator revokes it.
 */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class LearningApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void shouldShowProgressUntilTheCourseIsComplete() throws Exception {
        // given a course of two required episodes and one optional
        String course = "course-" + UUID.randomUUID();
        String learner = UUID.randomUUID().toString();
        Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaClients(bootstrapServers, registryUrl).eventProducer()) {
            producer.send(new ProducerRecord<>(Topics.CATALOG_EVENTS.name(), course, CoursePublished.newBuilder()
                    .setMetadata(InputEvents.metadata(at)).setCourseId(course).setTitle("Stream Processing")
                    .setLocale("en").setPrice(new Money(0L, "EUR")).setInstructorId("instructor-1")
                    .setEpisodes(List.of(new EpisodeSummary("e1", "One", 1, true, 60L),
                            new EpisodeSummary("e2", "Two", 2, true, 60L),
                            new EpisodeSummary("e3", "Extra", 3, false, 60L)))
                    .setCertificateValidityDays(null).build())).get();
            // (an optional episode first; its progress is measured against the course once the course is known)
            awaitProgressAfter(producer, learner, course, "e3", at.plusSeconds(60), 0, 3);

            // when the learner completes the first required episode, then the second
            awaitProgressAfter(producer, learner, course, "e1", at.plusSeconds(120), 50, 3);
            JsonPath complete = awaitProgressAfter(producer, learner, course, "e2", at.plusSeconds(180), 100, 3);

            // then the course is complete, detected from the episodes
            assertThat(complete.getBoolean("completed")).isTrue();
            assertThat(complete.getString("completionDetectedBy")).isEqualTo("stream-processor");
            assertThat(complete.getList("completedEpisodeIds")).containsExactly("e3", "e1", "e2");
            assertThat(complete.getInt("requiredEpisodeCount")).isEqualTo(2);
        }
    }

    @Test
    void shouldAnswerActiveThenRevokedAndRefuseMalformedCodes() throws Exception {
        // given a certificate as the workers report it
        String code = new VerificationCodes().next();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaClients(bootstrapServers, registryUrl).eventProducer()) {
            producer.send(new ProducerRecord<>(Topics.CERTIFICATE_EVENTS.name(), code, CertificateGenerated.newBuilder()
                    .setMetadata(InputEvents.metadata(at)).setCertificateId(UUID.randomUUID().toString())
                    .setVerificationCode(code).setVerificationUrl("http://127.0.0.1:8080/api/certificates/" + code)
                    .setUserId("learner-1").setCourseId("course-1").setCourseTitle("Stream Processing")
                    .setLearnerName("Zoë Ångström").setLocale("en").setCompletedAt(at.minusSeconds(60))
                    .setBucket("certificates").setObjectKey("certificates/course-1/x/v1.pdf").setSizeBytes(1000L)
                    .setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                    .setTemplateVersion(1).setIssuedAt(at).setExpiresAt(null).setEmail(null).setRegenerated(false)
                    .build())).get();

            // then it is active (also when typed in lower case)
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().get("/api/certificates/" + code).statusCode() == 200);
            JsonPath active = given().get("/api/certificates/" + code.toLowerCase()).then().statusCode(200).extract()
                    .jsonPath();
            assertThat(active.getString("status")).isEqualTo("ACTIVE");
            assertThat(active.getString("learnerName")).isEqualTo("Zoë Ångström");
            assertThat(active.getString("courseTitle")).isEqualTo("Stream Processing");
            assertThat(active.getString("revokedAt")).isNull();

            // when an administrator revokes it
            producer.send(new ProducerRecord<>(Topics.CERTIFICATE_STATUS.name(), code, CertificateRevoked.newBuilder()
                    .setMetadata(InputEvents.metadata(at)).setVerificationCode(code).setReason("issued in error")
                    .setRevokedBy("ops-anna").setRevokedAt(at).build())).get();
        }

        // then it answers revoked, without the reason
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(
                () -> "REVOKED".equals(given().get("/api/certificates/" + code).jsonPath().getString("status")));
        assertThat(given().get("/api/certificates/" + code).asString()).doesNotContain("issued in error");
        assertThat(given().get("/api/certificates/not-a-code").then().statusCode(400).extract().jsonPath()
                .getString("message")).contains("not a verification code");
        given().get("/api/certificates/" + new VerificationCodes().next()).then().statusCode(404);
        given().get("/api/users/" + UUID.randomUUID() + "/courses/none/progress").then().statusCode(404);
    }

    /** Sends one episode and waits until the progress shows it at {@code percent} of a course of {@code total}. */
    private static JsonPath awaitProgressAfter(KafkaProducer<String, SpecificRecord> producer, String learner,
            String course, String episode, Instant at, int percent, int total) throws Exception {
        producer.send(new ProducerRecord<>(Topics.LEARNING_EVENTS.name(), learner, EpisodeCompleted.newBuilder()
                .setMetadata(InputEvents.metadata(at)).setUserId(learner).setCourseId(course).setEpisodeId(episode)
                .setWatchedSeconds(60L).build())).get();
        String path = "/api/users/" + learner + "/courses/" + course + "/progress";
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            io.restassured.response.Response answer = given().get(path);
            return answer.statusCode() == 200 ? answer.jsonPath() : null;
        }, progress -> progress != null && progress.getList("completedEpisodeIds").contains(episode)
                && progress.getInt("totalEpisodeCount") == total && progress.getInt("percentComplete") == percent);
    }
}
