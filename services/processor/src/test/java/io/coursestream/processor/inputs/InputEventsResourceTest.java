// Tier: unit (the resource against a Kafka Streams instance that has not started, no broker).
package io.coursestream.processor.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;

import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.topology.StreamProcessorTopology;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

class InputEventsResourceTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldAnswerServiceUnavailableAtOnceWhileTheStoreIsNotQueryable() {
        // given Kafka Streams created but not started: its stores cannot be queried
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "input-events-resource-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(
                StreamProcessorTopology.build(new SingleObjectAvroSerde()), config)) {

            // when
            Response response = new InputEventsResource(streams).counts();

            // then
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
            assertThat(((ApiError) response.getEntity()).message())
                    .isEqualTo("The input event counts are not queryable yet (Kafka Streams is CREATED); retry in 2 seconds.");
        }
    }
}
