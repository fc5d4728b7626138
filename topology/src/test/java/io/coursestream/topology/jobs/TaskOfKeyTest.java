// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.IntStream;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.topology.testing.DriverConfig;

/** The test driver runs one task, partition 0: keys of partition 0 stay, the others cross the repartition topic. */
class TaskOfKeyTest {

    private static final int PARTITIONS = 6;

    @TempDir
    Path stateDir;

    @Test
    void shouldMoveOnlyTheRecordsWhoseKeyBelongsToAnotherTask() {
        // Given
        StreamsBuilder builder = new StreamsBuilder();
        TaskOfKey.route(builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())), "test-by-key",
                Serdes.String(), PARTITIONS).to("out", Produced.with(Serdes.String(), Serdes.String()));
        String local = key(0);
        String remote = key(3);

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), DriverConfig.of("task-of-key", stateDir))) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(),
                    new StringDeserializer());

            // When
            in.pipeInput(local, "stays");

            // Then
            assertThat(out.readValue()).isEqualTo("stays");
            assertThat(driver.producedTopicNames()).doesNotContain("task-of-key-test-by-key-repartition");

            // When
            in.pipeInput(remote, "moves");

            // Then
            assertThat(out.readValue()).isEqualTo("moves");
            assertThat(driver.producedTopicNames()).contains("task-of-key-test-by-key-repartition");
        }
    }

    private static String key(int partition) {
        return IntStream.range(0, 1_000).mapToObj(i -> "job-" + i)
                .filter(key -> TaskOfKey.partitionOf(key, PARTITIONS) == partition).findFirst().orElseThrow();
    }
}
