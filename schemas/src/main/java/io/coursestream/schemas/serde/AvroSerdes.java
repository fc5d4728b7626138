package io.coursestream.schemas.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.strategy.RecordIdStrategy;
import io.coursestream.schemas.topics.Topic;

/**
 * The one place serdes come from: Apicurio Avro serdes for specific records, for Kafka Streams
 * ({@link #valueSerde(Topic)}) and for plain producers and consumers ({@link #producerConfig()},
 * {@link #consumerConfig()}), all configured alike.
 *
 * <p>Schemas are registered per record type ({@link RecordIdStrategy}: group = namespace, artifact = type
 * name), not per topic, so several event types can share one topic and each type evolves under the
 * registry's BACKWARD rule on its own. Readers get the generated class of the writer's type.
 */
public final class AvroSerdes {

    private final Map<String, Object> registryConfig;

    private AvroSerdes(Map<String, Object> registryConfig) {
        this.registryConfig = Map.copyOf(registryConfig);
    }

    /**
     * Serdes against the registry at {@code registryUrl} (the v3 API base, for example
     * {@code http://127.0.0.1:8081/apis/registry/v3}).
     */
    public static AvroSerdes forRegistry(String registryUrl) {
        return forRegistry(registryUrl, Map.of());
    }

    /** As {@link #forRegistry(String)}, with further {@code apicurio.registry.*} settings (auth, TLS, caching). */
    public static AvroSerdes forRegistry(String registryUrl, Map<String, ?> overrides) {
        Objects.requireNonNull(registryUrl, "registryUrl");
        Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.REGISTRY_URL, registryUrl);
        // Producers register the schema of the type they write; the registry's BACKWARD rule guards evolution.
        config.put(AvroSerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(AvroSerdeConfig.ARTIFACT_RESOLVER_STRATEGY, RecordIdStrategy.class.getName());
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        // Readers and writers cached by schema instance, not by a fingerprint computed per record.
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());
        config.putAll(overrides);
        return new AvroSerdes(config);
    }

    /** The registry settings every serde here is configured with. */
    public Map<String, Object> registryConfig() {
        return registryConfig;
    }

    /** Value serde for a topic: Avro specific records through the registry, raw bytes for dead-letter topics. */
    @SuppressWarnings("unchecked")
    public <V> Serde<V> valueSerde(Topic<?, V> topic) {
        if (topic.valueType() == byte[].class) {
            return (Serde<V>) Serdes.ByteArray();
        }
        return (Serde<V>) specificRecordSerde(false);
    }

    /** Key serde for a topic: keys are aggregate ids as strings, or raw bytes for dead-letter topics. */
    @SuppressWarnings("unchecked")
    public <K> Serde<K> keySerde(Topic<K, ?> topic) {
        if (topic.keyType() == String.class) {
            return (Serde<K>) Serdes.String();
        }
        if (topic.keyType() == byte[].class) {
            return (Serde<K>) Serdes.ByteArray();
        }
        throw new IllegalArgumentException("no key serde for " + topic.keyType() + " on " + topic.name());
    }

    /** A configured Avro serde for specific records of any catalogue type. */
    public <T extends SpecificRecord> Serde<T> specificRecordSerde(boolean isKey) {
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(registryConfig, isKey);
        return serde;
    }

    /**
     * The same serde, typed for one record type. An Avro specific-record serde reads and writes every catalogue type,
     * so a serde for {@link SpecificRecord} serves a store or topic of one type as it is.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends SpecificRecord> Serde<T> typed(Serde<SpecificRecord> serde) {
        return (Serde) serde;
    }

    /** Producer settings for string keys and Avro specific-record values (merge into your producer config). */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(registryConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        return config;
    }

    /** Consumer settings for string keys and Avro specific-record values (merge into your consumer config). */
    public Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(registryConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        return config;
    }

    /** Consumer settings that read keys and values as raw bytes (dead-letter topics). */
    public static Map<String, Object> rawConsumerConfig() {
        return Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    }

    /** Producer settings that write keys and values as raw bytes. */
    public static Map<String, Object> rawProducerConfig() {
        return Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }
}
