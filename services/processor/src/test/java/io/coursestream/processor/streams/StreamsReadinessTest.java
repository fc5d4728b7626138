// Tier: unit (readiness rule and restoration tracking, no Kafka).
package io.coursestream.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsReadinessTest {

    private static final TopicPartition CHANGELOG =
            new TopicPartition("coursestream-stream-processor-input-event-partition-counts-store-changelog", 2);

    @Test
    void shouldNotBeReadyBeforeKafkaStreamsHasRun() {
        StreamsLifecycle lifecycle = new StreamsLifecycle();

        lifecycle.onChange(State.REBALANCING, State.CREATED);

        assertThat(lifecycle.hasBeenRunning()).isFalse();
        assertThat(StateStoresReadinessCheck.isReady(State.REBALANCING, lifecycle.hasBeenRunning(), 0)).isFalse();
    }

    @Test
    void shouldStayReadyThroughAPlainRebalanceButNotWhileStoresRestore() {
        // given an application that has been running
        StreamsLifecycle lifecycle = new StreamsLifecycle();
        lifecycle.onChange(State.RUNNING, State.REBALANCING);

        // when a rebalance brings a store partition to restore here
        lifecycle.onChange(State.REBALANCING, State.RUNNING);
        assertThat(StateStoresReadinessCheck.isReady(State.REBALANCING, true, lifecycle.restoring().size())).isTrue();
        lifecycle.onRestoreStart(CHANGELOG, "input-event-partition-counts-store", 100L, 1_100L);
        lifecycle.onBatchRestored(CHANGELOG, "input-event-partition-counts-store", 600L, 400L);

        // then it is unready until the restoration ends
        assertThat(lifecycle.restoring()).containsEntry(CHANGELOG,
                new StreamsLifecycle.Restoration("input-event-partition-counts-store", 600L));
        assertThat(StateStoresReadinessCheck.isReady(State.REBALANCING, true, lifecycle.restoring().size())).isFalse();
        lifecycle.onRestoreEnd(CHANGELOG, "input-event-partition-counts-store", 1_000L);
        assertThat(StateStoresReadinessCheck.isReady(State.RUNNING, true, lifecycle.restoring().size())).isTrue();
    }

    @Test
    void shouldForgetARestorationSuspendedBecauseTheTaskMovedAway() {
        StreamsLifecycle lifecycle = new StreamsLifecycle();
        lifecycle.onRestoreStart(CHANGELOG, "input-event-partition-counts-store", 0L, 10L);

        lifecycle.onRestoreSuspended(CHANGELOG, "input-event-partition-counts-store", 3L);

        assertThat(lifecycle.restoring()).isEmpty();
    }

    @Test
    void shouldNotBeReadyOnceKafkaStreamsHasFailedOrStopped() {
        assertThat(StateStoresReadinessCheck.isReady(State.ERROR, true, 0)).isFalse();
        assertThat(StateStoresReadinessCheck.isReady(State.PENDING_SHUTDOWN, true, 0)).isFalse();
    }
}
