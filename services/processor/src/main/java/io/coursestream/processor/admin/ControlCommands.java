package io.coursestream.processor.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.coursestream.schemas.serde.AvroSerdes;

/**
 * Writes operators' commands to {@code control.commands} for the admin endpoints, as the admin CLI does: with the
 * registry serde, acknowledged by every in-sync replica. Its producer is created on first use, so an instance whose
 * admin endpoints are never called holds no extra connection.
 */
@ApplicationScoped
public class ControlCommands {

    /** An admin call answers within this, or fails with 503. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final String registryUrl;
    private KafkaProducer<String, SpecificRecord> producer;

    ControlCommands(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "apicurio.registry.url") String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    /**
     * Sends {@code records} and waits until each is acknowledged.
     *
     * @throws CommandNotWrittenException if any is not acknowledged within the timeout
     */
    public void send(List<ProducerRecord<String, SpecificRecord>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        records.forEach(record -> sent.add(producer().send(record)));
        try {
            for (Future<RecordMetadata> ack : sent) {
                ack.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandNotWrittenException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandNotWrittenException(e);
        }
    }

    private synchronized KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            Map<String, Object> config = AvroSerdes.forRegistry(registryUrl).producerConfig();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "coursestream-admin-api");
            producer = new KafkaProducer<>(config);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** A command could not be written: Kafka or the registry is unreachable. */
    public static final class CommandNotWrittenException extends RuntimeException {
        CommandNotWrittenException(Throwable cause) {
            super("the command could not be written to control.commands: " + cause.getMessage(), cause);
        }
    }
}
