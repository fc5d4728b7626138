package io.coursestream.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.coursestream.schemas.topics.Topics;

/**
 * How far the stream processor has got on an input topic, from its consumer group's committed offsets: what the crash
 * tests pace their producers and time their kills by, and wait on before they check the outputs.
 */
final class ProcessorProgress {

    /** The processor's consumer group: its application id. */
    static final String GROUP = "coursestream-stream-processor";

    private final Admin admin;

    ProcessorProgress(Admin admin) {
        this.admin = admin;
    }

    /** The end offsets of every partition of {@code topic} now. */
    Map<TopicPartition, Long> endOffsets(String topic) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < Topics.byName(topic).orElseThrow().partitions(); p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return call(() -> admin.listOffsets(latest).all().get()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
    }

    /** The group's committed offsets on {@code topic}. */
    Map<TopicPartition, Long> committed(String topic) {
        Map<TopicPartition, OffsetAndMetadata> offsets = call(() -> admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get());
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null && partition.topic().equals(topic)) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    /** The records of {@code topic} the processor committed beyond {@code start} (its end offsets at some moment). */
    LongSupplier committedSince(String topic, Map<TopicPartition, Long> start) {
        return () -> {
            Map<TopicPartition, Long> committed = committed(topic);
            return start.entrySet().stream().mapToLong(partition -> Math.max(0,
                    committed.getOrDefault(partition.getKey(), partition.getValue()) - partition.getValue())).sum();
        };
    }

    /** Waits until the processor has committed everything written to {@code topic} so far. */
    void awaitCommitted(String topic, Duration timeout) {
        Map<TopicPartition, Long> end = endOffsets(topic);
        await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> committed(topic).entrySet().containsAll(end.entrySet()));
    }

    private interface AdminCall<T> {
        T get() throws InterruptedException, ExecutionException;
    }

    private static <T> T call(AdminCall<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not answer", e.getCause());
        }
    }
}
