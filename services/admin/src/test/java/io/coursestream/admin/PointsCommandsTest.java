// Tier: unit (the points commands' arguments, files and exit codes, before any broker is asked)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.topology.points.PointsRuleBook;
import picocli.CommandLine;

class PointsCommandsTest {

    private final CliHarness cli = new CliHarness();

    @TempDir
    Path dir;

    @Test
    void shouldWaitSixtySecondsForAllCurvesAndChangeLevelsByDefault() {
        RecalculateLevelsCommand command = CliHarness.parsed(RecalculateLevelsCommand.class, "points", "levels", "recalculate");

        assertThat(command.timeout).isEqualTo(Duration.ofSeconds(60));
        assertThat(command.curveVersion).isNull();
        assertThat(command.dryRun).isFalse();
    }

    @Test
    void shouldTakeACurveVersionADryRunATimeoutAndTheOperator() {
        RecalculateLevelsCommand command = CliHarness.parsed(RecalculateLevelsCommand.class, "points", "levels", "recalculate",
                "--curve-version", "3", "--dry-run", "--timeout", "PT2M", "--operator", "alice");

        assertThat(command.curveVersion).isEqualTo(3);
        assertThat(command.dryRun).isTrue();
        assertThat(command.timeout).isEqualTo(Duration.ofMinutes(2));
        assertThat(command.levels.points.admin.operator()).isEqualTo("alice");
    }

    @Test
    void shouldRefuseATimeoutThatIsNotPositiveOrNotADurationAndACurveVersionBelowOne() throws IOException {
        String closed = "127.0.0.1:" + closedPort();
        int zero = cli.execute("points", "levels", "recalculate", "--timeout", "PT0S", "--bootstrap-servers", closed);
        String zeroErr = cli.err();
        int words = cli.execute("points", "levels", "recalculate", "--timeout", "a minute");
        String wordsErr = cli.err();
        int curve = cli.execute("points", "levels", "recalculate", "--curve-version", "0", "--bootstrap-servers", closed);

        assertThat(zero).isEqualTo(2);
        assertThat(zeroErr).contains("--timeout must be positive");
        assertThat(words).isEqualTo(2);
        assertThat(wordsErr).contains("--timeout");
        assertThat(curve).isEqualTo(2);
        assertThat(cli.err()).contains("--curve-version starts at 1, not 0");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldPrintTheShippedDefaultsWithoutABroker() {
        int exit = cli.execute("points", "rules", "defaults", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(RuleSetJson.parse(cli.out(), Instant.now()))
                .isEqualTo(PointsRuleSet.newBuilder(PointsRuleBook.DEFAULTS).setCreatedBy(null).build());
    }

    @Test
    void shouldRefuseAFileThatIsNotARuleSetBeforeAskingKafka() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.json"),
                "{\"ruleVersion\": 2, \"rules\": [{\"activity\": \"EPISODE\", \"points\": 15}]}");

        int exit = cli.execute("points", "rules", "publish", file.toString(), "--bootstrap-servers",
                "127.0.0.1:" + closedPort());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("error: " + file + " is not a rule set: rules[0].activity: 'EPISODE' is"
                + " not an activity (one of EPISODE_COMPLETED, COURSE_COMPLETED, ACHIEVEMENT_UNLOCKED, "
                + "REFERRAL_COMPLETED, COURSE_ENROLLED, ADJUSTMENT)" + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldRefuseRulesTheRuleBookRejectsBeforeAskingKafka() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.json"), """
                {"ruleVersion": 2, "rules": [{"activity": "EPISODE_COMPLETED", "points": -5},
                                             {"activity": "EPISODE_COMPLETED", "points": 5}]}
                """);

        int exit = cli.execute("points", "rules", "publish", file.toString(), "--bootstrap-servers",
                "127.0.0.1:" + closedPort());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err()).startsWith("error: rule version 2 in " + file + " breaks the rule book: ")
                .contains("points of EPISODE_COMPLETED must not be negative, got -5")
                .contains("more than one rule for EPISODE_COMPLETED");
    }

    @Test
    void shouldSaySoWhenTheFileCannotBeRead() {
        int exit = cli.execute("points", "rules", "publish", dir.resolve("missing.json").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err()).startsWith("error: cannot read " + dir.resolve("missing.json"));
    }

    /** A port nothing listens on: the OS gave it to us a moment ago and we closed it again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
