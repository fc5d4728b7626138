// Tier: unit (argument parsing and exit codes; no broker, no processor)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.topology.jobs.FailedJobCommands;
import picocli.CommandLine;

class AdminCliTest {

    private final CliHarness cli = new CliHarness();

    @Test
    void shouldRefuseRetryWithoutASelector() {
        int exit = cli.execute("failed-jobs", "retry");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("Missing required argument").contains("--all").contains("--queue");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldRefuseRetryOfAJobIdTogetherWithAll() {
        int exit = cli.execute("failed-jobs", "retry", "4f1c2a", "--all");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("mutually exclusive");
    }

    @Test
    void shouldRefuseForgetOfAQueueTogetherWithAll() {
        int exit = cli.execute("failed-jobs", "forget", "--queue", "emails", "--all");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("mutually exclusive");
    }

    @Test
    void shouldSelectOneJobAQueueOrAllFailedJobs() {
        assertThat(CliHarness.parsed(RetryFailedJobsCommand.class, "failed-jobs", "retry", "4f1c2a").selection.selector())
                .isEqualTo(FailedJobCommands.job("4f1c2a"));
        assertThat(CliHarness.parsed(ForgetFailedJobsCommand.class, "failed-jobs", "forget", "--queue", "media")
                .selection.selector()).isEqualTo(FailedJobCommands.queue(JobQueue.MEDIA));
        assertThat(CliHarness.parsed(RetryFailedJobsCommand.class, "failed-jobs", "retry", "--all").selection.selector())
                .isEqualTo(FailedJobCommands.all());
    }

    @Test
    void shouldAcceptQueueNamesInAnyCase() {
        assertThat(CliHarness.parsed(RetryFailedJobsCommand.class, "failed-jobs", "retry", "--queue", "eMaIlS").selection.queue)
                .isEqualTo(JobQueue.EMAILS);
        assertThat(CliHarness.parsed(ListFailedJobsCommand.class, "failed-jobs", "list", "--queue", "payments").queue)
                .isEqualTo(JobQueue.PAYMENTS);
        assertThat(CliHarness.parsed(ProbeJobCommand.class, "jobs", "probe", "--queue", "BACKUPS").queue)
                .isEqualTo(JobQueue.BACKUPS);
    }

    @Test
    void shouldRefuseAQueueThatIsNotOneOfTheSix() {
        int unknownSymbol = cli.execute("jobs", "probe", "--queue", "unknown");
        String unknownSymbolErr = cli.err();
        int misspelt = cli.execute("failed-jobs", "list", "--queue", "mails");

        assertThat(unknownSymbol).isEqualTo(2);
        assertThat(unknownSymbolErr).contains("'unknown' is not a queue")
                .contains("default, payments, media, emails, backups, affiliates");
        assertThat(misspelt).isEqualTo(2);
        assertThat(cli.err()).contains("'mails' is not a queue");
    }

    @Test
    void shouldRequireAQueueForAProbe() {
        int exit = cli.execute("jobs", "probe");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("Missing required option: '--queue");
    }

    @Test
    void shouldRefuseAMalformedNotBeforeAndNegativeProbeSettings() {
        int malformed = cli.execute("jobs", "probe", "--queue", "emails", "--not-before", "tomorrow");
        String malformedErr = cli.err();
        int negative = cli.execute("jobs", "probe", "--queue", "emails", "--fail-attempts", "-1");

        assertThat(malformed).isEqualTo(2);
        assertThat(malformedErr).contains("--not-before");
        assertThat(negative).isEqualTo(2);
        assertThat(cli.err()).contains("must not be negative");
    }

    @Test
    void shouldRefuseALimitBelowOneBeforeAskingTheApi() {
        int exit = cli.execute("failed-jobs", "list", "--limit", "0", "--api-url", "http://127.0.0.1:1");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("--limit must be at least 1").doesNotContain("cannot reach");
    }

    @Test
    void shouldRefuseAnUnknownCommand() {
        int exit = cli.execute("failed-jobs", "flush");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("flush");
    }

    @Test
    void shouldTakeGlobalOptionsBeforeOrAfterTheSubcommand() {
        FailedJobsRequest after = CliHarness.parsed(RetryFailedJobsCommand.class, "failed-jobs", "retry", "--all",
                "--bootstrap-servers", "kafka:9093", "--operator", "alice", "--api-url", "http://processor:8080");
        ListFailedJobsCommand before = CliHarness.parsed(ListFailedJobsCommand.class,
                "--registry-url", "http://registry:8081/apis/registry/v3", "failed-jobs", "list");

        assertThat(after.failedJobs.admin.bootstrapServers).isEqualTo("kafka:9093");
        assertThat(after.failedJobs.admin.operator()).isEqualTo("alice");
        assertThat(after.failedJobs.admin.apiUrl()).isEqualTo(URI.create("http://processor:8080"));
        assertThat(before.failedJobs.admin.registryUrl).isEqualTo("http://registry:8081/apis/registry/v3");
    }

    @Test
    void shouldExitOneWithAOneLineMessageWhenTheApiCannotBeReached() throws IOException {
        String apiUrl = "http://127.0.0.1:" + closedPort();

        int exit = cli.execute("failed-jobs", "list", "--api-url", apiUrl);

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err()).startsWith("error: cannot reach the stream processor's API at " + apiUrl)
                .doesNotContain("\tat ");
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldPrintTheStackTraceOfAFailureWithVerbose() throws IOException {
        int exit = cli.execute("failed-jobs", "show", "4f1c2a", "--verbose",
                "--api-url", "http://127.0.0.1:" + closedPort());

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err()).contains("error: cannot reach").contains("\tat ");
    }

    /** A port nothing listens on: the OS gave it to us a moment ago and we closed it again. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
