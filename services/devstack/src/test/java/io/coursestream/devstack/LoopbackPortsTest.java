// Tier: unit (ports remembered across runs of the local stack)
package io.coursestream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackPortsTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldGiveTheSamePortsToTheNextRunWhileTheyAreFree() {
        LoopbackPorts firstRun = LoopbackPorts.remembered(stateDir);
        int broker = firstRun.port("kafka.broker");
        int registry = firstRun.port("registry.http");

        LoopbackPorts secondRun = LoopbackPorts.remembered(stateDir);

        assertThat(broker).isNotEqualTo(registry);
        assertThat(secondRun.port("kafka.broker")).isEqualTo(broker);
        assertThat(secondRun.port("registry.http")).isEqualTo(registry);
    }

    @Test
    void shouldPickAnotherPortWhenTheRememberedOneIsTaken() throws Exception {
        int remembered = LoopbackPorts.remembered(stateDir).port("s3");

        try (ServerSocket squatter = new ServerSocket(remembered, 1, InetAddress.getByName(LoopbackPorts.HOST))) {
            int next = LoopbackPorts.remembered(stateDir).port("s3");

            assertThat(next).isNotEqualTo(remembered);
            assertThat(LoopbackPorts.remembered(stateDir).port("s3")).as("the new port is remembered").isEqualTo(next);
        }
    }
}
