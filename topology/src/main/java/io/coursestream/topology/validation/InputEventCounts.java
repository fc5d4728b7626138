package io.coursestream.topology.validation;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.topics.Topic;

/**
 * Counts the valid events per input topic and event type into {@link #STORE}, which the stream processor
 * serves over HTTP. The counts are re-keyed by {@code <topic>/<type>} through the repartition topic
 * {@code <application.id>-input-event-counts-by-type-repartition}, so each count has exactly one owner.
 *
 * <p>Input: {@link ValidatedInputs}. State: {@link #STORE} (changelog
 * {@code <application.id>-input-event-counts-store-changelog}). No output topic.
 */
public final class InputEventCounts {

    /** The key-value store of counts: key {@link InputEventCount#storeKey}, value the count. */
    public static final String STORE = "input-event-counts-store";

    private InputEventCounts() {
    }

    public static KTable<String, Long> build(ValidatedInputs inputs) {
        KStream<String, String> typesByCountKey = null;
        for (Topic<String, SpecificRecord> topic : inputs.topics()) {
            KStream<String, String> keyed = inputs.stream(topic).map(
                    (key, event) -> KeyValue.pair(InputEventCount.storeKey(topic.name(), event.getSchema().getName()),
                            event.getSchema().getName()),
                    Named.as("input-event-counts-key-" + topic.name()));
            typesByCountKey = typesByCountKey == null
                    ? keyed
                    : typesByCountKey.merge(keyed, Named.as("input-event-counts-merge-" + topic.name()));
        }
        return typesByCountKey
                .groupByKey(Grouped.with("input-event-counts-by-type", Serdes.String(), Serdes.String()))
                .count(Named.as("input-event-counts"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(Serdes.Long()));
    }
}
