// Tier: unit (the upgrade commands as the CLI lists them; no broker)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpgradeCommandTest {

    private final CliHarness cli = new CliHarness();

    @Test
    void shouldNameUpgradeInTheTopLevelHelp() {
        int exit = cli.execute("--help");

        assertThat(exit).isZero();
        assertThat(cli.out()).containsPattern("(?m)^  upgrade ").contains("the steps an upgrade asks for");
    }

    @Test
    void shouldListTheJobRequestsStepWithTheProcessorsApplicationIdAsItsDefault() {
        int exit = cli.execute("upgrade", "job-requests", "--help");

        assertThat(exit).isZero();
        assertThat(cli.out()).contains("<application-id>-jobs-requests-by-job-id-repartition")
                .contains("default: coursestream-stream-processor");
    }
}
