// Tier: IT (real broker and Apicurio registry from the shared test harness, the application running).
package io.coursestream.processor;

import static io.coursestream.topology.testing.InputEvents.id;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.validation.DeadLetterHeaders;
import io.coursestream.topology.validation.InvalidEventException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Poison pills on a real input topic: each lands on processor.dead-letter as sent, with headers naming why and
 * where it came from, while the valid records around it are processed and the application stays healthy.
 */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class PoisonPillIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String USERS = Topics.USER_EVENTS.name();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void shouldDeadLetterPoisonPillsAndProcessTheValidRecordsAroundThem() throws Exception {
        // given the processor idle, and its counts so far
        KafkaClients kafka = new KafkaClients(bootstrapServers, registryUrl);
        ProcessorApi.awaitReady(TIMEOUT);
        kafka.awaitProcessorCaughtUp(TIMEOUT);
        Map<String, Long> before = ProcessorApi.inputCounts();

        // and three poison pills between two valid user events, encoded as an upstream service would encode them
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String userId = id();
        String transactionId = id();
        String strangerId = id();
        Serializer<SpecificRecord> registry = kafka.serdes().<SpecificRecord>specificRecordSerde(false).serializer();
        UserRegistered onMars = UserRegistered.newBuilder(InputEvents.userRegistered(strangerId, now))
                .setLocaleSettings(new LocaleSettings("en", "Mars/Olympus_Mons"))
                .build();
        Map<String, byte[][]> pills = new LinkedHashMap<>();
        pills.put("undecodable", record("poison-" + id(), "definitely not avro".getBytes(StandardCharsets.UTF_8)));
        pills.put("type-not-carried", record(transactionId,
                registry.serialize(USERS, InputEvents.paymentInitiated(transactionId, now))));
        pills.put("invalid-event", record(strangerId, registry.serialize(USERS, onMars)));

        // when
        Map<String, RecordMetadata> sent = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.rawProducer()) {
            send(producer, userId, registry.serialize(USERS, InputEvents.userRegistered(userId, now)), now);
            for (Map.Entry<String, byte[][]> pill : pills.entrySet()) {
                sent.put(pill.getKey(), producer.send(new ProducerRecord<>(USERS, null, now.toEpochMilli(),
                        pill.getValue()[0], pill.getValue()[1])).get());
            }
            send(producer, userId, registry.serialize(USERS, InputEvents.userProfileUpdated(userId, now)), now);
        }

        // then every pill is on the dead-letter topic byte for byte, naming its reason and its coordinates
        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.rawConsumer()) {
            consumer.subscribe(List.of(Topics.PROCESSOR_DEAD_LETTER.name()));
            deadLetters = KafkaClients.pollUntil(consumer, TIMEOUT,
                    records -> sent.values().stream().allMatch(origin -> deadLetterOf(records, origin) != null));
        }
        for (Map.Entry<String, RecordMetadata> pill : sent.entrySet()) {
            ConsumerRecord<byte[], byte[]> deadLetter = deadLetterOf(deadLetters, pill.getValue());
            String reason = pill.getKey();
            assertThat(deadLetter.key()).as(reason).isEqualTo(pills.get(reason)[0]);
            assertThat(deadLetter.value()).as(reason).isEqualTo(pills.get(reason)[1]);
            assertThat(deadLetter.timestamp()).as(reason).isEqualTo(now.toEpochMilli());
            assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo(reason);
            assertThat(header(deadLetter, DeadLetterHeaders.TOPIC)).isEqualTo(USERS);
            assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE)).as(reason).isNotBlank();
            assertThat(header(deadLetter, DeadLetterHeaders.STACKTRACE)).as(reason).isNotBlank();
        }
        assertThat(header(deadLetterOf(deadLetters, sent.get("type-not-carried")), DeadLetterHeaders.EXCEPTION))
                .isEqualTo(InvalidEventException.class.getName());
        assertThat(header(deadLetterOf(deadLetters, sent.get("invalid-event")), DeadLetterHeaders.MESSAGE))
                .contains("[localeSettings.timezone:time-zone]");
        assertThat(deadLetters).noneMatch(record -> userId.equals(new String(record.key(), StandardCharsets.UTF_8)));

        // and both valid records were counted, exactly once, and nothing else
        String registered = USERS + "/UserRegistered";
        String updated = USERS + "/UserProfileUpdated";
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ProcessorApi.inputCounts())
                .containsEntry(registered, before.getOrDefault(registered, 0L) + 1)
                .containsEntry(updated, before.getOrDefault(updated, 0L) + 1));
        kafka.awaitProcessorCaughtUp(TIMEOUT);
        Map<String, Long> expected = new LinkedHashMap<>(before);
        expected.merge(registered, 1L, Long::sum);
        expected.merge(updated, 1L, Long::sum);
        assertThat(ProcessorApi.inputCounts()).isEqualTo(expected);

        // and the application is still running and ready
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka Streams state stores restored' }.data.state", equalTo("RUNNING"));
    }

    private static byte[][] record(String key, byte[] value) {
        return new byte[][] {key.getBytes(StandardCharsets.UTF_8), value};
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value, Instant timestamp)
            throws Exception {
        producer.send(new ProducerRecord<>(USERS, null, timestamp.toEpochMilli(),
                key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    /** The dead letter of the record written at {@code origin}, or null. */
    private static ConsumerRecord<byte[], byte[]> deadLetterOf(List<ConsumerRecord<byte[], byte[]>> deadLetters,
            RecordMetadata origin) {
        return deadLetters.stream()
                .filter(record -> origin.topic().equals(header(record, DeadLetterHeaders.TOPIC))
                        && Integer.toString(origin.partition()).equals(header(record, DeadLetterHeaders.PARTITION))
                        && Long.toString(origin.offset()).equals(header(record, DeadLetterHeaders.OFFSET)))
                .findFirst()
                .orElse(null);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return DeadLetterHeaders.text(record.headers(), name);
    }
}
