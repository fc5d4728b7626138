package io.coursestream.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;

/**
 * Apicurio's datum provider with its readers and writers cached by schema instance.
 *
 * <p>{@link DefaultAvroDatumProvider} caches them by the schema's parsing fingerprint, which it computes for every
 * record it reads or writes: it renders the schema's canonical form and hashes it, and for {@code JobCommand}, with
 * its many payload types, that was the stream processor's hottest frame. The schemas a serde sees are few, long-
 * lived instances (the generated classes' {@code SCHEMA$} and the registry client's cache), and {@link Schema}
 * caches its hash code, so a lookup by the schema itself costs a hash and an identity check.
 */
public class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final Map<WriterKey, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return writers.computeIfAbsent(new WriterKey(schema, data == null ? null : data.getClass()),
                key -> super.createDatumWriter(data, schema));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return readers.computeIfAbsent(schema, key -> super.createDatumReader(schema));
    }

    /** The default provider picks a writer by schema and by whether the datum is a specific record. */
    private record WriterKey(Schema schema, Class<?> type) {
    }
}
