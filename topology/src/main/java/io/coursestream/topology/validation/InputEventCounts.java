package io.coursestream.topology.validation;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.topics.Topic;

/**
 * Counts the valid events per input topic and event type into {@link #STORE}, which the stream processor serves over
 * HTTP. Each task counts the events of its own input partitions, in the task that validated them: the store is
 * partitioned like the inputs, and a topic's count is the sum over the store's partitions. Nothing is re-keyed, so
 * counting costs no repartition topic, and the store caches, so a commit writes each count it changed to the
 * changelog once.
 *
 * <p>Input: {@link ValidatedInputs}. State: {@link #STORE} (changelog
 * {@code <application.id>-input-event-partition-counts-store-changelog}). No output topic.
 */
public final class InputEventCounts {

    /** The key-value store of one partition's counts: key {@link InputEventCount#storeKey}, value the count. */
    public static final String STORE = "input-event-partition-counts-store";

    private InputEventCounts() {
    }

    public static void build(StreamsBuilder builder, ValidatedInputs inputs) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.Long()).withCachingEnabled());
        for (Topic<String, SpecificRecord> topic : inputs.topics()) {
            inputs.stream(topic).process(() -> new Counter(topic.name()),
                    Named.as("input-event-counts-" + topic.name()), STORE);
        }
    }

    /** Adds one to the count of the record's topic and type. */
    private static final class Counter implements Processor<String, SpecificRecord, Void, Void> {

        private final String topic;
        private KeyValueStore<String, Long> counts;

        Counter(String topic) {
            this.topic = topic;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            String key = InputEventCount.storeKey(topic, record.value().getSchema().getName());
            Long count = counts.get(key);
            counts.put(key, count == null ? 1 : count + 1);
        }
    }
}
