// Tier: system IT (two stream processor instances as processes, on the shared test broker and registry)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.points.LevelCurve;

/**
 * Interactive queries over the points ledger with two processor instances: every user's points and ledger are the
 * same answer from either instance (one of them forwards to the owner), and the leaderboard merged over both
 * instances is the same from either and matches {@code points.totals}.
 */
class PointsQueriesSystemIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SERVED_BY = "X-Coursestream-Served-By";
    private static final int USERS = 60;

    @TempDir
    static Path stateDir;

    private static TestEnvironment env;
    private static Applications apps;
    /** Per user of this run: the shipped rules' total of what was sent, and how many events. */
    private static final Map<String, Long> expectedTotals = new LinkedHashMap<>();
    private static final Map<String, Integer> expectedEntries = new LinkedHashMap<>();

    @BeforeAll
    static void startTwoProcessorsAndSendLearningEvents() {
        env = TestEnvironment.get();
        apps = Applications.processors(env, stateDir, 2);
        sendLearningEvents();
        // then wait until every user's total is on points.totals
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, PointsTotal> totals = PointsTopics.totals(env);
            expectedTotals.forEach((userId, total) -> assertThat(totals.get(userId)).as(userId).isNotNull()
                    .extracting(PointsTotal::getTotalPoints).isEqualTo(total));
        });
        // and until both instances answer for every partition (the group has settled after the second joined)
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() ->
                get(0, "/api/leaderboard").statusCode() == 200 && get(1, "/api/leaderboard").statusCode() == 200);
    }

    @AfterAll
    static void stopProcessors() {
        if (apps != null) {
            apps.close();
        }
    }

    /**
     * Users with 0 to 6 episodes, 0 to 2 courses and 0 to 3 achievements (many share a total), each user's events
     * 20 s apart in event time on distinct subjects, so the cheat guard (10 per 60 s, 180 s per identical action)
     * refuses none.
     */
    private static void sendLearningEvents() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<String, SpecificRecord> producer = LearningEvents.producer(env)) {
            for (int u = 0; u < USERS; u++) {
                String userId = "pq-" + run + "-user-" + u;
                List<SpecificRecord> events = new ArrayList<>();
                Instant at = start;
                for (int e = 0; e < u % 7; e++, at = at.plusSeconds(20)) {
                    events.add(LearningEvents.episodeCompleted(userId, "course-a", "episode-" + e, at));
                }
                for (int c = 0; c < u % 3; c++, at = at.plusSeconds(20)) {
                    events.add(LearningEvents.courseCompleted(userId, "course-" + c, at));
                }
                for (int a = 0; a < u % 4 + 1; a++, at = at.plusSeconds(20)) {
                    events.add(LearningEvents.achievementUnlocked(userId, userId + "-achievement-" + a, at));
                }
                expectedTotals.put(userId, events.stream().mapToLong(LearningEvents::points).sum());
                expectedEntries.put(userId, events.size());
                events.forEach(event -> producer.send(new ProducerRecord<>(Topics.LEARNING_EVENTS.name(), userId,
                        event)));
            }
            producer.flush();
        }
    }

    @Test
    void shouldGiveTheSamePointsAndLedgerForEveryUserFromEitherInstance() throws Exception {
        Map<String, PointsTotal> totals = PointsTopics.totals(env);
        Set<String> servedBy = new HashSet<>();
        for (String userId : expectedTotals.keySet()) {
            // when both instances are asked
            HttpResponse<String> fromFirst = get(0, "/api/users/" + userId + "/points");
            HttpResponse<String> fromSecond = get(1, "/api/users/" + userId + "/points");

            // then both answer the same, read on the same instance
            assertThat(fromFirst.statusCode()).as(userId + ": " + fromFirst.body()).isEqualTo(200);
            assertThat(fromSecond.statusCode()).as(userId + ": " + fromSecond.body()).isEqualTo(200);
            assertThat(JSON.readTree(fromSecond.body())).as(userId).isEqualTo(JSON.readTree(fromFirst.body()));
            String owner = fromFirst.headers().firstValue(SERVED_BY).orElseThrow();
            assertThat(fromSecond.headers().firstValue(SERVED_BY)).as(userId).contains(owner);
            servedBy.add(owner);
            // and it is the user's record on points.totals, ranked among every user there
            JsonNode points = JSON.readTree(fromFirst.body());
            PointsTotal total = totals.get(userId);
            assertThat(points.path("userId").asText()).isEqualTo(userId);
            assertThat(points.path("totalPoints").asLong()).as(userId).isEqualTo(expectedTotals.get(userId));
            assertThat(points.path("level").asInt()).as(userId).isEqualTo(total.getLevel())
                    .isEqualTo(LevelCurve.DEFAULT.levelFor(total.getTotalPoints()));
            assertThat(points.path("currentLevelThreshold").asLong()).isEqualTo(total.getCurrentLevelThreshold());
            if (total.getNextLevelThreshold() == null) {
                assertThat(points.path("nextLevelThreshold").isNull()).isTrue();
                assertThat(points.path("pointsToNextLevel").isNull()).isTrue();
            } else {
                assertThat(points.path("nextLevelThreshold").asLong()).isEqualTo(total.getNextLevelThreshold());
                assertThat(points.path("pointsToNextLevel").asLong())
                        .isEqualTo(total.getNextLevelThreshold() - total.getTotalPoints());
            }
            assertThat(points.path("ruleVersion").asInt()).isEqualTo(1);
            assertThat(Instant.parse(points.path("updatedAt").asText())).isEqualTo(total.getUpdatedAt());
            long above = totals.values().stream().filter(other -> other.getTotalPoints() > total.getTotalPoints())
                    .count();
            assertThat(points.path("rank").asLong()).as(userId).isEqualTo(above + 1);

            // and the ledger, whole and a page of it, is the same from both
            JsonNode ledger = sameFromBoth("/api/users/" + userId + "/ledger?page=0&size=500");
            assertThat(ledger.path("totalEntries").asInt()).as(userId).isEqualTo(expectedEntries.get(userId));
            List<JsonNode> entries = new ArrayList<>();
            ledger.path("entries").forEach(entries::add);
            assertThat(entries).hasSize(expectedEntries.get(userId));
            assertThat(entries).allSatisfy(entry -> assertThat(entry.path("kind").asText()).isEqualTo("AWARD"));
            assertThat(entries.get(0).path("balanceAfter").asLong()).isEqualTo(expectedTotals.get(userId));
            assertThat(entries.stream().mapToLong(entry -> entry.path("points").asLong()).sum())
                    .isEqualTo(expectedTotals.get(userId));
            assertThat(entries).extracting(entry -> entry.path("balanceAfter").asLong())
                    .isSortedAccordingTo(Comparator.reverseOrder());
            JsonNode secondPage = sameFromBoth("/api/users/" + userId + "/ledger?page=1&size=2");
            assertThat(secondPage.path("entries")).hasSize(Math.max(0, Math.min(2, expectedEntries.get(userId) - 2)));
        }

        // then each instance owns some of the users, so the other one forwarded their requests
        assertThat(servedBy).containsExactlyInAnyOrder(apps.processorAddress(0), apps.processorAddress(1));
    }

    @Test
    void shouldGiveTheSameLeaderboardFromEitherInstanceAsPointsTotalsRanksIt() throws Exception {
        // given every total on points.totals, highest first, ties by user id, with competition ranks
        List<PointsTotal> ranked = new ArrayList<>(PointsTopics.totals(env).values());
        ranked.sort(Comparator.comparingLong(PointsTotal::getTotalPoints).reversed()
                .thenComparing(PointsTotal::getUserId));
        int top = Math.min(100, ranked.size());
        List<String> expected = new ArrayList<>();
        long rank = 0;
        for (int i = 0; i < top; i++) {
            if (i == 0 || ranked.get(i).getTotalPoints() != ranked.get(i - 1).getTotalPoints()) {
                rank = i + 1;
            }
            expected.add(rank + " " + ranked.get(i).getUserId() + " " + ranked.get(i).getTotalPoints() + " "
                    + ranked.get(i).getLevel());
        }

        // when
        JsonNode leaderboard = sameFromBoth("/api/leaderboard?top=" + top);

        // then
        assertThat(leaderboard.path("top").asInt()).isEqualTo(top);
        List<String> entries = new ArrayList<>();
        leaderboard.path("entries").forEach(entry -> entries.add(entry.path("rank").asLong() + " "
                + entry.path("userId").asText() + " " + entry.path("totalPoints").asLong() + " "
                + entry.path("level").asInt()));
        assertThat(entries).containsExactlyElementsOf(expected);
        assertThat(sameFromBoth("/api/leaderboard").path("entries")).hasSize(Math.min(10, ranked.size()));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownUserAndBadRequestForAnInvalidPageFromEitherInstance() throws Exception {
        for (int instance = 0; instance < 2; instance++) {
            HttpResponse<String> unknown = get(instance, "/api/users/nobody-" + UUID.randomUUID() + "/points");
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).path("message").asText()).contains("has no points");

            HttpResponse<String> tooLarge = get(instance, "/api/users/anyone/ledger?size=501");
            assertThat(tooLarge.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(tooLarge.body()).path("message").asText())
                    .isEqualTo("size must be between 1 and 500, was 501.");

            HttpResponse<String> noTop = get(instance, "/api/leaderboard?top=0");
            assertThat(noTop.statusCode()).isEqualTo(400);
        }
    }

    /** GETs {@code path} from both instances; both must answer 200 with equal JSON, which is returned. */
    private static JsonNode sameFromBoth(String path) throws IOException, InterruptedException {
        HttpResponse<String> first = get(0, path);
        HttpResponse<String> second = get(1, path);
        assertThat(first.statusCode()).as(path + ": " + first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(path + ": " + second.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(first.body());
        assertThat(JSON.readTree(second.body())).as(path).isEqualTo(answer);
        return answer;
    }

    private static HttpResponse<String> get(int instance, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(apps.api(instance) + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
