// Tier: unit (stopping leftover processes by PID file; plain `sh` processes stand in for servers)
package io.coursestream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {

    @TempDir
    Path stateDir;

    @TempDir
    Path elsewhere;

    private Process ours;
    private Process someoneElses;

    @AfterEach
    void killWhatIsLeft() {
        for (Process process : new Process[] {ours, someoneElses}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void shouldStopALeftoverWhoseCommandLineNamesTheStateDirAndLeaveOtherProcessesAlone() throws Exception {
        // `sleep; true` keeps sh from exec-ing sleep, so the command line keeps its last argument: the directory.
        ours = new ProcessBuilder("sh", "-c", "sleep 60; true", stateDir.toString()).start();
        someoneElses = new ProcessBuilder("sh", "-c", "sleep 60; true", elsewhere.toString()).start();
        Files.createDirectories(stateDir.resolve("run"));
        Files.writeString(stateDir.resolve("run").resolve("registry.pid"), ours.pid() + "\n");
        // A PID file that names a process this state directory never started.
        Files.writeString(stateDir.resolve("run").resolve("s3.pid"), someoneElses.pid() + "\n");

        Leftovers.stopAll(stateDir);

        assertThat(ours.waitFor(10, TimeUnit.SECONDS)).as("our leftover stopped").isTrue();
        assertThat(someoneElses.isAlive()).as("another program's process").isTrue();
    }

    @Test
    void shouldIgnoreAStateDirWithoutPidFiles() {
        Leftovers.stopAll(stateDir);

        assertThat(stateDir.resolve("run")).doesNotExist();
    }
}
