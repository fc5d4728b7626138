// Tier: unit (argument parsing and exit codes; no broker, no processor)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.topology.jobs.FailedJobCommands;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class AdminCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = AdminCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** The command object picocli filled in for the innermost subcommand of {@code args}, without running it. */
    private static <T> T parsed(Class<T> type, String... args) {
        ParseResult result = AdminCli.commandLine().parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }

    @Test
    void shouldRefuseRetryWithoutASelector() {
        int exit = execute("failed-jobs", "retry");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required argument").contains("--all").contains("--queue");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseRetryOfAJobIdTogetherWithAll() {
        int exit = execute("failed-jobs", "retry", "4f1c2a", "--all");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void shouldRefuseForgetOfAQueueTogetherWithAll() {
        int exit = execute("failed-jobs", "forget", "--queue", "emails", "--all");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void shouldSelectOneJobAQueueOrAllFailedJobs() {
        assertThat(parsed(RetryFailedJobsCommand.class, "failed-jobs", "retry", "4f1c2a").selection.selector())
                .isEqualTo(FailedJobCommands.job("4f1c2a"));
        assertThat(parsed(ForgetFailedJobsCommand.class, "failed-jobs", "forget", "--queue", "media")
                .selection.selector()).isEqualTo(FailedJobCommands.queue(JobQueue.MEDIA));
        assertThat(parsed(RetryFailedJobsCommand.class, "failed-jobs", "retry", "--all").selection.selector())
                .isEqualTo(FailedJobCommands.all());
    }

    @Test
    void shouldAcceptQueueNamesInAnyCase() {
        assertThat(parsed(RetryFailedJobsCommand.class, "failed-jobs", "retry", "--queue", "eMaIlS").selection.queue)
                .isEqualTo(JobQueue.EMAILS);
        assertThat(parsed(ListFailedJobsCommand.class, "failed-jobs", "list", "--queue", "payments").queue)
                .isEqualTo(JobQueue.PAYMENTS);
        assertThat(parsed(ProbeJobCommand.class, "jobs", "probe", "--queue", "BACKUPS").queue)
                .isEqualTo(JobQueue.BACKUPS);
    }

    @Test
    void shouldRefuseAQueueThatIsNotOneOfTheSix() {
        int unknownSymbol = execute("jobs", "probe", "--queue", "unknown");
        String unknownSymbolErr = err.toString();
        int misspelt = execute("failed-jobs", "list", "--queue", "mails");

        assertThat(unknownSymbol).isEqualTo(2);
        assertThat(unknownSymbolErr).contains("'unknown' is not a queue")
                .contains("default, payments, media, emails, backups, affiliates");
        assertThat(misspelt).isEqualTo(2);
        assertThat(err.toString()).contains("'mails' is not a queue");
    }

    @Test
    void shouldRequireAQueueForAProbe() {
        int exit = execute("jobs", "probe");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--queue");
    }

    @Test
    void shouldRefuseAMalformedNotBeforeAndNegativeProbeSettings() {
        int malformed = execute("jobs", "probe", "--queue", "emails", "--not-before", "tomorrow");
        String malformedErr = err.toString();
        int negative = execute("jobs", "probe", "--queue", "emails", "--fail-attempts", "-1");

        assertThat(malformed).isEqualTo(2);
        assertThat(malformedErr).contains("--not-before");
        assertThat(negative).isEqualTo(2);
        assertThat(err.toString()).contains("must not be negative");
    }

    @Test
    void shouldRefuseALimitBelowOneBeforeAskingTheApi() {
        int exit = execute("failed-jobs", "list", "--limit", "0", "--api-url", "http://127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--limit must be at least 1").doesNotContain("cannot reach");
    }

    @Test
    void shouldRefuseAnUnknownCommand() {
        int exit = execute("failed-jobs", "flush");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("flush");
    }

    @Test
    void shouldTakeGlobalOptionsBeforeOrAfterTheSubcommand() {
        FailedJobsRequest after = parsed(RetryFailedJobsCommand.class, "failed-jobs", "retry", "--all",
                "--bootstrap-servers", "kafka:9093", "--operator", "alice", "--api-url", "http://processor:8080");
        ListFailedJobsCommand before = parsed(ListFailedJobsCommand.class,
                "--registry-url", "http://registry:8081/apis/registry/v3", "failed-jobs", "list");

        assertThat(after.failedJobs.admin.bootstrapServers).isEqualTo("kafka:9093");
        assertThat(after.failedJobs.admin.operator()).isEqualTo("alice");
        assertThat(after.failedJobs.admin.apiUrl()).isEqualTo(URI.create("http://processor:8080"));
        assertThat(before.failedJobs.admin.registryUrl).isEqualTo("http://registry:8081/apis/registry/v3");
    }

    @Test
    void shouldExitOneWithAOneLineMessageWhenTheApiCannotBeReached() throws IOException {
        String apiUrl = "http://127.0.0.1:" + closedPort();

        int exit = execute("failed-jobs", "list", "--api-url", apiUrl);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: cannot reach the stream processor's API at " + apiUrl)
                .doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldPrintTheStackTraceOfAFailureWithVerbose() throws IOException {
        int exit = execute("failed-jobs", "show", "4f1c2a", "--verbose",
                "--api-url", "http://127.0.0.1:" + closedPort());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("error: cannot reach").contains("\tat ");
    }

    /** A port nothing listens on: the OS gave it to us a moment ago and we closed it again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
