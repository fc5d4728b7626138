package io.coursestream.topology.testing;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** State stores for processors under test with a {@link MockProcessorContext}. */
public final class MockStores {

    private MockStores() {
    }

    /** An in-memory store without a changelog, registered with {@code context} under {@code name}. */
    public static <V> KeyValueStore<String, V> inMemory(MockProcessorContext<?, ?> context, String name,
            Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
