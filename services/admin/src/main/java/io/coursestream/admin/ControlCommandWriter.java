package io.coursestream.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;

/**
 * Writes operator commands to {@code control.commands} and returns once the broker has acknowledged every one of them:
 * an operator who sees "requested" can rely on the command being on the topic. The other topics the admin writes
 * ({@code certificates.certificate-status}) are written the same way, through {@link #connect(String, String, Topic)}.
 */
final class ControlCommandWriter implements AutoCloseable {

    private static final Duration MAX_BLOCK = AdminKafka.MAX_BLOCK;
    private static final Duration DELIVERY_TIMEOUT = AdminKafka.DELIVERY_TIMEOUT;

    private final Producer<String, SpecificRecord> producer;
    private final String bootstrapServers;
    private final String topic;

    ControlCommandWriter(Producer<String, SpecificRecord> producer, String bootstrapServers, String topic) {
        this.producer = producer;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    static ControlCommandWriter connect(String bootstrapServers, String registryUrl) {
        return connect(bootstrapServers, registryUrl, Topics.CONTROL_COMMANDS);
    }

    /** A writer of records for {@code topic}, another topic whose writer is the admin. */
    static ControlCommandWriter connect(String bootstrapServers, String registryUrl,
            Topic<String, SpecificRecord> topic) {
        Map<String, Object> config = AdminKafka.producerConfig(bootstrapServers, registryUrl);
        try {
            return new ControlCommandWriter(new KafkaProducer<>(config), bootstrapServers, topic.name());
        } catch (RuntimeException invalid) {
            throw new AdminException("cannot create a Kafka producer for " + bootstrapServers, invalid);
        }
    }

    /** Sends {@code records}, flushes and waits for every acknowledgement; returns where each one landed. */
    List<RecordMetadata> write(List<ProducerRecord<String, SpecificRecord>> records) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            // Without a broker every send would block for max.block.ms in turn; asking for the topic first fails once.
            producer.partitionsFor(topic);
            for (ProducerRecord<String, SpecificRecord> record : records) {
                acks.add(producer.send(record));
            }
            producer.flush();
            List<RecordMetadata> written = new ArrayList<>();
            for (Future<RecordMetadata> ack : acks) {
                written.add(ack.get(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return written;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while writing to " + topic, interrupted);
        } catch (ExecutionException | TimeoutException | RuntimeException failed) {
            throw new AdminException("could not write to " + topic + " on " + bootstrapServers, failed);
        }
    }

    @Override
    public void close() {
        producer.close(MAX_BLOCK);
    }
}
