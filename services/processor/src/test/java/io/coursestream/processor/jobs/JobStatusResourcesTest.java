// Tier: unit (the resources against a Kafka Streams instance that has not started, no broker).
package io.coursestream.processor.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;

import jakarta.ws.rs.core.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.processor.inputs.ApiError;
import io.coursestream.topology.StreamProcessorTopology;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

class JobStatusResourcesTest {

    private static final String NOT_QUERYABLE =
            "The job status store is not queryable yet (Kafka Streams is CREATED); retry in 2 seconds.";

    @TempDir
    Path stateDir;

    private KafkaStreams streams;

    @BeforeEach
    void createStreams() {
        // Kafka Streams created but not started: its stores cannot be queried
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "job-status-resources-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        streams = new KafkaStreams(StreamProcessorTopology.build(new SingleObjectAvroSerde()), config);
    }

    @AfterEach
    void closeStreams() {
        streams.close();
    }

    @Test
    void shouldAnswerServiceUnavailableForAJobAtOnceWhileTheStoreIsNotQueryable() {
        // when
        Response response = new JobsResource(streams).job("job-1");

        // then
        assertNotQueryable(response);
    }

    @Test
    void shouldAnswerServiceUnavailableForTheQueuesAtOnceWhileTheStoreIsNotQueryable() {
        // when
        Response response = new QueuesResource(streams, new QueueLag("127.0.0.1:1", "coursestream-workers-")).queues();

        // then
        assertNotQueryable(response);
    }

    private static void assertNotQueryable(Response response) {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(((ApiError) response.getEntity()).message()).isEqualTo(NOT_QUERYABLE);
    }
}
