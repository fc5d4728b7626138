// Tier: unit (the broker's settings; LocalStackIT runs the broker)
package io.coursestream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KafkaBrokerProcessTest {

    private final Map<String, String> properties =
            KafkaBrokerProcess.serverProperties(Path.of("/state/kafka/data"), 19092, 19093);

    @Test
    void shouldListenOnLoopbackOnlyAsCombinedKraftNode() {
        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:19093")
                .containsEntry("log.dirs", "/state/kafka/data")
                .doesNotContainKey("controller.quorum.voters");
    }

    @Test
    void shouldAllowExactlyOnceOnOneNodeAndNeverAutoCreateTopics() {
        assertThat(properties)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("offsets.topic.num.partitions", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void shouldRenderOneKeyValueLinePerSetting() {
        String rendered = KafkaBrokerProcess.render(Map.of("node.id", "1"));

        assertThat(rendered.lines().filter(line -> !line.startsWith("#"))).containsExactly("node.id=1");
    }
}
