package io.coursestream.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.coursestream.schemas.serde.AvroSerdes;

/**
 * How the CLI's Kafka clients are configured: Avro through the registry, and timeouts an operator at a terminal can
 * wait out, instead of the clients' defaults (60 s blocked on metadata, 2 min delivery).
 */
final class AdminKafka {

    static final String CLIENT_ID = "coursestream-admin";
    static final Duration MAX_BLOCK = Duration.ofSeconds(15);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private AdminKafka() {
    }

    /** An idempotent producer that waits for every in-sync replica: an operator's write is on the topic or failed. */
    static Map<String, Object> producerConfig(String bootstrapServers, String registryUrl) {
        Map<String, Object> config = producer(new HashMap<>(AvroSerdes.forRegistry(registryUrl).producerConfig()),
                bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /**
     * A transactional producer of records as bytes, as they were read: for moving records between topics, exactly
     * once.
     */
    static Map<String, Object> transactionalBytesProducerConfig(String bootstrapServers, String transactionalId) {
        Map<String, Object> config = producer(new HashMap<>(), bootstrapServers);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /**
     * A group-less consumer (the CLI assigns partitions itself and commits nothing) that sees only committed
     * transactions, as every reader of the stream processor's exactly-once output must; Avro values.
     */
    static Map<String, Object> consumerConfig(String bootstrapServers, String registryUrl) {
        return consumer(new HashMap<>(AvroSerdes.forRegistry(registryUrl).consumerConfig()), bootstrapServers);
    }

    /** As {@link #consumerConfig}, with keys and values as bytes. */
    static Map<String, Object> bytesConsumerConfig(String bootstrapServers) {
        Map<String, Object> config = consumer(new HashMap<>(), bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /** An admin client with the CLI's timeouts. */
    static Map<String, Object> adminConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        return config;
    }

    /** As {@link #consumerConfig}, with values left as bytes: decoded only when the record is wanted. */
    static Map<String, Object> rawValueConsumerConfig(String bootstrapServers, String registryUrl) {
        Map<String, Object> config = consumerConfig(bootstrapServers, registryUrl);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    private static Map<String, Object> producer(Map<String, Object> config, String bootstrapServers) {
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        return config;
    }

    private static Map<String, Object> consumer(Map<String, Object> config, String bootstrapServers) {
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        return config;
    }
}
