// Tier: IT (real broker and Apicurio registry from the shared test harness).
package io.coursestream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.InputEvents.KeyedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Every input event type survives the trip through the registry: written by a producer, read back equal; and is
 * counted once, whichever partition it arrives on.
 */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class InputEventsRoundTripIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void shouldReadBackEveryInputEventTypeAsWritten() throws Exception {
        // given one valid event of every input type, several of them sharing a topic
        KafkaClients kafka = new KafkaClients(bootstrapServers, registryUrl);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<KeyedEvent> sent = InputEvents.oneOfEveryType(now);
        assertThat(sent.stream().collect(Collectors.groupingBy(KeyedEvent::topic, Collectors.counting())))
                .as("types per topic").containsEntry(Topics.USER_EVENTS, 4L).containsEntry(Topics.LEARNING_EVENTS, 5L);

        // when they are produced through the registry serde and read back with its deserializer
        try (KafkaProducer<String, SpecificRecord> producer = kafka.eventProducer()) {
            for (KeyedEvent event : sent) {
                producer.send(new ProducerRecord<>(event.topic().name(), null, now.toEpochMilli(), event.key(),
                        event.event())).get();
            }
        }
        Set<String> keys = sent.stream().map(KeyedEvent::key).collect(Collectors.toSet());
        List<ConsumerRecord<String, SpecificRecord>> read;
        try (KafkaConsumer<String, SpecificRecord> consumer = kafka.eventConsumer()) {
            consumer.subscribe(Topics.inputs().stream().map(topic -> topic.name()).toList());
            read = KafkaClients.pollUntil(consumer, Duration.ofSeconds(60),
                    records -> records.stream().filter(record -> keys.contains(record.key())).count() >= sent.size());
        }

        // then each event comes back on its topic, under its key, as the same generated class with equal fields
        Map<String, ConsumerRecord<String, SpecificRecord>> readByEventId = read.stream()
                .filter(record -> keys.contains(record.key()))
                .collect(Collectors.toMap(record -> eventId(record.value()), record -> record));
        assertThat(readByEventId).hasSameSizeAs(sent);
        for (KeyedEvent event : sent) {
            ConsumerRecord<String, SpecificRecord> back = readByEventId.get(eventId(event.event()));
            assertThat(back).as(event.type()).isNotNull();
            assertThat(back.topic()).isEqualTo(event.topic().name());
            assertThat(back.key()).isEqualTo(event.key());
            assertThat(back.value()).isInstanceOf(event.event().getClass()).isEqualTo(event.event());
        }
    }

    @Test
    void shouldCountTheValidEventsOfEveryInputPartition() throws Exception {
        // given the counts so far
        KafkaClients kafka = new KafkaClients(bootstrapServers, registryUrl);
        ProcessorApi.awaitReady(TIMEOUT);
        kafka.awaitProcessorCaughtUp(TIMEOUT);
        String registered = Topics.USER_EVENTS.name() + "/UserRegistered";
        long before = ProcessorApi.inputCounts().getOrDefault(registered, 0L);

        // when a registration arrives on each partition of the user events
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int partitions = Topics.USER_EVENTS.partitions();
        try (KafkaProducer<String, SpecificRecord> producer = kafka.eventProducer()) {
            for (int partition = 0; partition < partitions; partition++) {
                String userId = InputEvents.id();
                producer.send(new ProducerRecord<>(Topics.USER_EVENTS.name(), partition, now.toEpochMilli(), userId,
                        InputEvents.userRegistered(userId, now))).get();
            }
        }

        // then each partition's task counted its own, and the answer is their sum
        kafka.awaitProcessorCaughtUp(TIMEOUT);
        assertThat(ProcessorApi.inputCounts()).containsEntry(registered, before + partitions);
    }

    private static String eventId(SpecificRecord event) {
        return io.coursestream.topology.errors.EventIds.of(event).orElseThrow();
    }
}
