// Tier: system IT (the stream processor as a process with the points topology, driven by coursestream-admin)
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
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * {@code coursestream-admin points levels recalculate} against the real points topology: the command reaches every
 * partition, each answers once, and the CLI adds the answers up. Only dry runs and refused runs, so nothing changes
 * for the other tests on the shared broker.
 */
class PointsLevelsSystemIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int USERS = 30;
    private static final Pattern DRY_RUN = Pattern.compile("dry run of level run \\S+ on 6 of 6 partitions \\(curve "
            + "version (\\d+)\\): (\\d+) users evaluated, (\\d+) would move up, (\\d+) would move down; nothing changed");

    @TempDir
    static Path stateDir;

    private static Applications apps;
    private static Cli cli;
    private static final List<String> users = new ArrayList<>();

    @BeforeAll
    static void startTheProcessorWithUsersOnEveryPartition() {
        TestEnvironment env = TestEnvironment.get();
        apps = Applications.start(env, stateDir);
        cli = new Cli(env, apps.api());
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<String, SpecificRecord> producer = LearningEvents.producer(env)) {
            for (int u = 0; u < USERS; u++) {
                String userId = "levels-" + run + "-user-" + u;
                users.add(userId);
                producer.send(new ProducerRecord<>(Topics.LEARNING_EVENTS.name(), userId,
                        LearningEvents.episodeCompleted(userId, "course-a", "episode-1", at)));
            }
            producer.flush();
        }
        // A level run and the events come through different topics: start it once every user has a total.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> users.stream().allMatch(PointsLevelsSystemIT::hasPoints));
    }

    @AfterAll
    static void stopTheProcessor() {
        if (apps != null) {
            apps.close();
        }
    }

    private static boolean hasPoints(String userId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apps.api() + "/api/users/" + userId + "/points"))
                .GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @Test
    void shouldEvaluateEveryUserOnEveryPartitionInADryRunAndMoveNobodyWhoseLevelFollowsTheCurve() {
        Cli.Result result = cli.run("points", "levels", "recalculate", "--dry-run", "--timeout", "PT60S");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Matcher summary = DRY_RUN.matcher(result.lastLine());
        assertThat(summary.matches()).as(result.out()).isTrue();
        assertThat(summary.group(1)).isEqualTo("1");
        assertThat(Long.parseLong(summary.group(2))).as("users evaluated").isGreaterThanOrEqualTo(USERS);
        assertThat(summary.group(3)).as("moved up").isEqualTo("0");
        assertThat(summary.group(4)).as("moved down").isEqualTo("0");
        assertThat(result.out().lines().filter(line -> line.matches("[0-5] .*"))).hasSize(6)
                .allSatisfy(line -> assertThat(line).contains(" yes ").endsWith("-"));
    }

    @Test
    void shouldExitOneWhenEveryPartitionRefusesACurveVersionTheProcessorDoesNotRun() {
        Cli.Result result = cli.run("points", "levels", "recalculate", "--curve-version", "9", "--timeout", "PT60S");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("on 6 of 6 partitions").contains("6 partitions refused");
        assertThat(result.err()).startsWith("error: level run ").contains(" refused by 6 of 6 partitions (partition 0:"
                + " this processor runs level curve version 1, not 9;").doesNotContain("have applied it");
    }
}
