// Tier: unit (the points commands' arguments, files and exit codes, before any broker is asked)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import picocli.CommandLine.ParseResult;

class PointsCommandsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int execute(String... args) {
        CommandLine cli = AdminCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static <T> T parsed(Class<T> type, String... args) {
        ParseResult result = AdminCli.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }

    @Test
    void shouldWaitSixtySecondsForAllCurvesAndChangeLevelsByDefault() {
        RecalculateLevelsCommand command = parsed(RecalculateLevelsCommand.class, "points", "levels", "recalculate");

        assertThat(command.timeout).isEqualTo(Duration.ofSeconds(60));
        assertThat(command.curveVersion).isNull();
        assertThat(command.dryRun).isFalse();
    }

    @Test
    void shouldTakeACurveVersionADryRunATimeoutAndTheOperator() {
        RecalculateLevelsCommand command = parsed(RecalculateLevelsCommand.class, "points", "levels", "recalculate",
                "--curve-version", "3", "--dry-run", "--timeout", "PT2M", "--operator", "alice");

        assertThat(command.curveVersion).isEqualTo(3);
        assertThat(command.dryRun).isTrue();
        assertThat(command.timeout).isEqualTo(Duration.ofMinutes(2));
        assertThat(command.levels.points.admin.operator()).isEqualTo("alice");
    }

    @Test
    void shouldRefuseATimeoutThatIsNotPositiveOrNotADurationAndACurveVersionBelowOne() throws IOException {
        String closed = "127.0.0.1:" + closedPort();
        int zero = execute("points", "levels", "recalculate", "--timeout", "PT0S", "--bootstrap-servers", closed);
        String zeroErr = err.toString();
        int words = execute("points", "levels", "recalculate", "--timeout", "a minute");
        String wordsErr = err.toString();
        int curve = execute("points", "levels", "recalculate", "--curve-version", "0", "--bootstrap-servers", closed);

        assertThat(zero).isEqualTo(2);
        assertThat(zeroErr).contains("--timeout must be positive");
        assertThat(words).isEqualTo(2);
        assertThat(wordsErr).contains("--timeout");
        assertThat(curve).isEqualTo(2);
        assertThat(err.toString()).contains("--curve-version starts at 1, not 0");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldPrintTheShippedDefaultsWithoutABroker() {
        int exit = execute("points", "rules", "defaults", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(RuleSetJson.parse(out.toString(), Instant.now()))
                .isEqualTo(PointsRuleSet.newBuilder(PointsRuleBook.DEFAULTS).setCreatedBy(null).build());
    }

    @Test
    void shouldRefuseAFileThatIsNotARuleSetBeforeAskingKafka() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.json"),
                "{\"ruleVersion\": 2, \"rules\": [{\"activity\": \"EPISODE\", \"points\": 15}]}");

        int exit = execute("points", "rules", "publish", file.toString(), "--bootstrap-servers",
                "127.0.0.1:" + closedPort());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: " + file + " is not a rule set: rules[0].activity: 'EPISODE' is"
                + " not an activity (one of EPISODE_COMPLETED, COURSE_COMPLETED, ACHIEVEMENT_UNLOCKED, "
                + "REFERRAL_COMPLETED, COURSE_ENROLLED, ADJUSTMENT)" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseRulesTheRuleBookRejectsBeforeAskingKafka() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.json"), """
                {"ruleVersion": 2, "rules": [{"activity": "EPISODE_COMPLETED", "points": -5},
                                             {"activity": "EPISODE_COMPLETED", "points": 5}]}
                """);

        int exit = execute("points", "rules", "publish", file.toString(), "--bootstrap-servers",
                "127.0.0.1:" + closedPort());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: rule version 2 in " + file + " breaks the rule book: ")
                .contains("points of EPISODE_COMPLETED must not be negative, got -5")
                .contains("more than one rule for EPISODE_COMPLETED");
    }

    @Test
    void shouldSaySoWhenTheFileCannotBeRead() {
        int exit = execute("points", "rules", "publish", dir.resolve("missing.json").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: cannot read " + dir.resolve("missing.json"));
    }

    /** A port nothing listens on: the OS gave it to us a moment ago and we closed it again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
