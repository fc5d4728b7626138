package io.coursestream.processor.streams;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the state stores can answer: Kafka Streams has been RUNNING, is RUNNING or REBALANCING now, and no
 * store partition is restoring. quarkus-kafka-streams' own checks cover the rest: liveness is "RUNNING or
 * REBALANCING", readiness "the configured topics exist"; neither waits for restoration.
 *
 * <p>A plain rebalance keeps the instance ready (every instance rebalances at once, and taking them all out of
 * service for it would be an outage); a rebalance that brings stores to restore here makes it unready until done.
 */
@Readiness
@ApplicationScoped
public class StateStoresReadinessCheck implements HealthCheck {

    static final String NAME = "Kafka Streams state stores restored";

    private final KafkaStreams streams;
    private final StreamsLifecycle lifecycle;

    StateStoresReadinessCheck(KafkaStreams streams, StreamsLifecycle lifecycle) {
        this.streams = streams;
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        Map<TopicPartition, StreamsLifecycle.Restoration> restoring = lifecycle.restoring();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(isReady(state, lifecycle.hasBeenRunning(), restoring.size()))
                .withData("state", state.name())
                .withData("restoring", restoring.size());
        if (!restoring.isEmpty()) {
            response.withData("restoring_partitions", restoring.entrySet().stream()
                    .map(entry -> entry.getValue().store() + "@" + entry.getKey() + " ("
                            + entry.getValue().remainingRecords() + " left)")
                    .sorted()
                    .collect(Collectors.joining(", ")));
        }
        if (!lifecycle.hasBeenRunning()) {
            response.withData("reason", "not yet RUNNING: starting, waiting for topics or restoring");
        }
        return response.build();
    }

    /** The readiness rule on its own: running (or rebalancing after having run) with nothing restoring. */
    static boolean isReady(KafkaStreams.State state, boolean hasBeenRunning, int restoringPartitions) {
        return hasBeenRunning && state.isRunningOrRebalancing() && restoringPartitions == 0;
    }
}
