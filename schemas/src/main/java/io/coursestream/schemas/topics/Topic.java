package io.coursestream.schemas.topics;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;

/**
 * A topic as the catalogue declares it: name, key and value types, the record types it carries,
 * its single writer and the settings it is created with.
 *
 * @param <K> the key's Java type
 * @param <V> the value's Java type: a record class, {@link SpecificRecord} for topics that carry
 *            several event types, or {@code byte[]} for dead letters
 */
public record Topic<K, V>(
        String name,
        Class<K> keyType,
        Class<V> valueType,
        List<Class<? extends SpecificRecord>> valueSchemas,
        TopicRole role,
        Component writer,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Duration retention,
        String description) {

    /** Retention of an event log that is the source of truth: never deleted. */
    public static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    public Topic {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("topic name must be <context>.<stream> in lower kebab case: " + name);
        }
        valueSchemas = List.copyOf(valueSchemas);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + name);
        }
    }

    /** True when {@code type} is one of the record types this topic carries. */
    public boolean carries(Class<?> type) {
        return valueSchemas.contains(type);
    }

    /** Retention in milliseconds as Kafka expects it; {@code -1} for {@link #FOREVER}. */
    public long retentionMs() {
        return FOREVER.equals(retention) ? -1L : retention.toMillis();
    }

    /** The topic-level configuration the topic is created with. */
    public Map<String, String> configs() {
        return Map.of(
                "cleanup.policy", cleanupPolicy.configValue(),
                "retention.ms", Long.toString(retentionMs()));
    }
}
