package io.coursestream.topology.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The processor of a global store over a compacted table topic: copies each record into the store, a tombstone
 * removes the key. It must do nothing else: a global store is restored from its topic byte for byte, bypassing the
 * processor, so anything it computed would be lost on restoration (fold first, into the topic, then read it back).
 *
 * @param <V> the table's value type
 */
public final class GlobalStoreCopy<V> implements Processor<String, V, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, V> store;

    public GlobalStoreCopy(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
