package io.coursestream.processor.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.jboss.logging.Logger;

/**
 * What readiness needs to know and Kafka Streams only tells listeners: whether the application has been
 * RUNNING yet, and which state store partitions are still restoring from their changelogs. quarkus-kafka-streams
 * registers this bean as the state listener and the global restore listener.
 */
@ApplicationScoped
public class StreamsLifecycle implements KafkaStreams.StateListener, StateRestoreListener {

    private static final Logger LOG = Logger.getLogger(StreamsLifecycle.class);

    private final Map<TopicPartition, Restoration> restoring = new ConcurrentHashMap<>();
    private volatile boolean hasBeenRunning;

    /** A store partition being restored: which store, and how many changelog records are left. */
    public record Restoration(String store, long remainingRecords) {
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        LOG.infof("Kafka Streams state %s -> %s", oldState, newState);
        if (newState == KafkaStreams.State.RUNNING) {
            hasBeenRunning = true;
        }
    }

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        LOG.infof("Restoring %s from %s, offsets %d to %d", store, changelog, startingOffset, endingOffset);
        restoring.put(changelog, new Restoration(store, Math.max(0, endingOffset - startingOffset)));
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
        restoring.computeIfPresent(changelog,
                (partition, restoration) -> new Restoration(store, Math.max(0, restoration.remainingRecords() - numRestored)));
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        LOG.infof("Restored %s from %s: %d records", store, changelog, totalRestored);
        restoring.remove(changelog);
    }

    @Override
    public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
        // The task moved to another instance mid-restore: nothing left to wait for here.
        restoring.remove(changelog);
    }

    /** True once Kafka Streams reached RUNNING: every task assigned at start-up has been restored. */
    public boolean hasBeenRunning() {
        return hasBeenRunning;
    }

    /** The store partitions restoring right now (after a rebalance moved tasks here, for example). */
    public Map<TopicPartition, Restoration> restoring() {
        return Map.copyOf(restoring);
    }
}
