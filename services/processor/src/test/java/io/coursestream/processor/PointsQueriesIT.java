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

import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.testing.InputEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The points queries of one instance: a user's points with level and rank, the ledger paged, the leaderboard. */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class PointsQueriesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void shouldAnswerPointsLedgerAndLeaderboardForAUser() throws Exception {
        // given a learner with an episode (10), a course (100) and an achievement (50), 20 s apart in event time,
        // and another with one episode
        String learner = "points-it-" + UUID.randomUUID();
        String beginner = "points-it-" + UUID.randomUUID();
        Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<String, SpecificRecord>> events = List.of(
                record(learner, InputEvents.episodeCompleted(learner, "course-1", at)),
                record(learner, InputEvents.courseCompleted(learner, "course-1", at.plusSeconds(20))),
                record(learner, InputEvents.achievementUnlocked(learner, at.plusSeconds(40))),
                record(beginner, InputEvents.episodeCompleted(beginner, "course-1", at)));

        // when
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaClients(bootstrapServers, registryUrl).eventProducer()) {
            for (ProducerRecord<String, SpecificRecord> event : events) {
                producer.send(event).get();
            }
        }

        // then the learner has 160 points: level 2 (from 100), 90 to level 3 (250), ranked above the beginner
        JsonPath points = awaitPoints(learner, 160);
        assertThat(points.getInt("level")).isEqualTo(2);
        assertThat(points.getInt("levelCurveVersion")).isEqualTo(1);
        assertThat(points.getLong("currentLevelThreshold")).isEqualTo(100);
        assertThat(points.getLong("nextLevelThreshold")).isEqualTo(250);
        assertThat(points.getLong("pointsToNextLevel")).isEqualTo(90);
        assertThat(points.getInt("ruleVersion")).isEqualTo(1);
        assertThat(points.getLong("rank")).isPositive()
                .isLessThan(awaitPoints(beginner, 10).getLong("rank"));

        // and the ledger lists the three awards newest first, two to a page
        JsonPath firstPage = given().get("/api/users/" + learner + "/ledger?size=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(firstPage.getLong("totalEntries")).isEqualTo(3);
        assertThat(firstPage.getList("entries.activityType"))
                .containsExactly("ACHIEVEMENT_UNLOCKED", "COURSE_COMPLETED");
        assertThat(firstPage.getList("entries.balanceAfter", Long.class)).containsExactly(160L, 110L);
        JsonPath secondPage = given().get("/api/users/" + learner + "/ledger?page=1&size=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(secondPage.getList("entries.activityType")).containsExactly("EPISODE_COMPLETED");
        assertThat(secondPage.getList("entries.kind")).containsExactly("AWARD");

        // and the leaderboard ranks every user by total, highest first
        JsonPath leaderboard = given().get("/api/leaderboard?top=100").then().statusCode(200).extract().jsonPath();
        List<Long> totals = leaderboard.getList("entries.totalPoints", Long.class);
        assertThat(totals).isNotEmpty().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(leaderboard.getList("entries.rank", Long.class).get(0)).isEqualTo(1L);
    }

    @Test
    void shouldAnswerNotFoundForAUserWithoutPointsAndAnEmptyLedger() {
        String stranger = "points-it-" + UUID.randomUUID();

        given().get("/api/users/" + stranger + "/points").then().statusCode(404);
        JsonPath ledger = given().get("/api/users/" + stranger + "/ledger").then().statusCode(200).extract().jsonPath();
        assertThat(ledger.getLong("totalEntries")).isZero();
        assertThat(ledger.getList("entries")).isEmpty();
        assertThat(ledger.getInt("size")).isEqualTo(50);
    }

    private static JsonPath awaitPoints(String userId, long total) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            var response = given().get("/api/users/" + userId + "/points");
            return response.statusCode() == 200 && response.jsonPath().getLong("totalPoints") == total;
        });
        return given().get("/api/users/" + userId + "/points").then().statusCode(200).extract().jsonPath();
    }

    private static ProducerRecord<String, SpecificRecord> record(String userId, SpecificRecord event) {
        return new ProducerRecord<>(Topics.LEARNING_EVENTS.name(), userId, event);
    }
}
