// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.validation;

import static io.coursestream.topology.testing.InputEvents.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.InputEvents.KeyedEvent;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

class ValidatedInputsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String VALID_USERS = "test.valid-user-events";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private TopologyTestDriver driver;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, SpecificRecord> validUserEvents;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, avro.deserializer());
        InputEventCounts.build(builder, inputs);
        // What a later context sees: the validated stream of one topic.
        inputs.stream(Topics.USER_EVENTS).to(VALID_USERS,
                Produced.with(Serdes.String(), avro).withName("test-valid-user-events-sink"));

        driver = new TopologyTestDriver(builder.build(), DriverConfig.of("validated-inputs-test", stateDir));
        deadLetters = driver.createOutputTopic(Topics.PROCESSOR_DEAD_LETTER.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        validUserEvents = driver.createOutputTopic(VALID_USERS, new StringDeserializer(), avro.deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldPassAndCountValidEventsOfEveryInputType() {
        // given one valid event of every type of every input topic
        List<KeyedEvent> events = InputEvents.oneOfEveryType(T0);

        // when
        events.forEach(event -> pipe(event.topic(), utf8(event.key()), encode(event.event()), new RecordHeaders(), T0));

        // then every type is counted once under its topic
        Map<String, Long> expected = events.stream().collect(Collectors.toMap(
                event -> InputEventCount.storeKey(event.topic().name(), event.type()), event -> 1L));
        assertThat(counts()).isEqualTo(expected);
        assertThat(expected).hasSize(Topics.inputs().stream().mapToInt(topic -> topic.valueSchemas().size()).sum());
        // and the user events come out of the validated stream unchanged, nothing goes to the dead letters
        List<SpecificRecord> userEvents = events.stream().filter(event -> event.topic() == Topics.USER_EVENTS)
                .map(KeyedEvent::event).toList();
        assertThat(validUserEvents.readValuesToList()).containsExactlyElementsOf(userEvents);
        assertThat(validUserEvents.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterGarbageBytesAsReceivedAndKeepProcessingTheRecordsAroundThem() {
        // given garbage between two valid registrations, with a header of its own
        String userId = id();
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        Headers ownHeaders = new RecordHeaders().add("traceparent", utf8("00-abc-def-01"));

        // when
        pipe(Topics.USER_EVENTS, utf8(userId), encode(InputEvents.userRegistered(userId, T0)), new RecordHeaders(), T0);
        pipe(Topics.USER_EVENTS, utf8("poison"), garbage, ownHeaders, T0.plusSeconds(1));
        pipe(Topics.USER_EVENTS, utf8(userId), encode(InputEvents.userProfileUpdated(userId, T0)), new RecordHeaders(),
                T0.plusSeconds(2));

        // then the garbage is on the dead-letter topic byte for byte, with its own header and the error headers
        TestRecord<byte[], byte[]> deadLetter = deadLetters.readRecord();
        assertThat(deadLetter.key()).isEqualTo(utf8("poison"));
        assertThat(deadLetter.value()).isEqualTo(garbage);
        assertThat(deadLetter.getRecordTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(header(deadLetter, "traceparent")).isEqualTo("00-abc-def-01");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("undecodable");
        assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION))
                .isEqualTo("org.apache.kafka.common.errors.SerializationException");
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE)).isNotBlank();
        assertThat(header(deadLetter, DeadLetterHeaders.STACKTRACE)).startsWith(
                "org.apache.kafka.common.errors.SerializationException");
        assertThat(header(deadLetter, DeadLetterHeaders.TOPIC)).isEqualTo("users.user-events");
        assertThat(header(deadLetter, DeadLetterHeaders.PARTITION)).isEqualTo("0");
        assertThat(header(deadLetter, DeadLetterHeaders.OFFSET)).isEqualTo("1");
        assertThat(deadLetters.isEmpty()).isTrue();
        // and both valid records around it were processed
        assertThat(validUserEvents.readValuesToList()).hasSize(2);
        assertThat(validUserEvents.isEmpty()).isTrue();
        assertThat(counts()).containsEntry("users.user-events/UserRegistered", 1L)
                .containsEntry("users.user-events/UserProfileUpdated", 1L);
    }

    @Test
    void shouldDeadLetterAnEventOfATypeTheTopicDoesNotCarry() {
        // given a valid PaymentInitiated sent to the user topic
        String transactionId = id();
        byte[] payment = encode(InputEvents.paymentInitiated(transactionId, T0));

        // when
        pipe(Topics.USER_EVENTS, utf8(transactionId), payment, new RecordHeaders(), T0);

        // then
        TestRecord<byte[], byte[]> deadLetter = deadLetters.readRecord();
        assertThat(deadLetter.value()).isEqualTo(payment);
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("type-not-carried");
        assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION)).isEqualTo(InvalidEventException.class.getName());
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE))
                .contains("users.user-events does not carry io.coursestream.schemas.payments.PaymentInitiated");
        assertThat(header(deadLetter, DeadLetterHeaders.OFFSET)).isEqualTo("0");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(validUserEvents.isEmpty()).isTrue();
        assertThat(counts()).isEmpty();
    }

    @Test
    void shouldDeadLetterAPaymentWithAnUnknownCurrencyAndANegativeAmount() {
        // given a payment whose amount breaks two rules, followed by a valid one
        String broken = id();
        String valid = id();
        PaymentInitiated payment = PaymentInitiated.newBuilder(InputEvents.paymentInitiated(broken, T0))
                .setAmount(new Money(-4_900L, "EURO"))
                .build();

        // when
        pipe(Topics.PAYMENT_EVENTS, utf8(broken), encode(payment), new RecordHeaders(), T0);
        pipe(Topics.PAYMENT_EVENTS, utf8(valid), encode(InputEvents.paymentInitiated(valid, T0)), new RecordHeaders(),
                T0.plusMillis(1));

        // then
        TestRecord<byte[], byte[]> deadLetter = deadLetters.readRecord();
        assertThat(deadLetter.key()).isEqualTo(utf8(broken));
        assertThat(deadLetter.value()).isEqualTo(encode(payment));
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("invalid-event");
        assertThat(header(deadLetter, DeadLetterHeaders.TOPIC)).isEqualTo("payments.payment-events");
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE))
                .startsWith("PaymentInitiated broke 2 rules: ")
                .contains("[amount.currency:currency-code]", "[amount.amountMinor:positive]");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(counts()).containsExactly(Map.entry("payments.payment-events/PaymentInitiated", 1L));
    }

    @Test
    void shouldDeadLetterAnEventWhoseKeyIsNotItsAggregateId() {
        // given a registration keyed by another user's id
        UserRegistered registration = InputEvents.userRegistered(id(), T0);

        // when
        pipe(Topics.USER_EVENTS, utf8(id()), encode(registration), new RecordHeaders(), T0);

        // then
        TestRecord<byte[], byte[]> deadLetter = deadLetters.readRecord();
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE)).contains("[userId:record-key]");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(validUserEvents.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAnEventThatHappenedAfterItWasWritten() {
        // given a registration claiming to have happened two hours after its record timestamp
        String userId = id();

        // when
        pipe(Topics.USER_EVENTS, utf8(userId), encode(InputEvents.userRegistered(userId, T0.plusSeconds(7_200))),
                new RecordHeaders(), T0);

        // then
        TestRecord<byte[], byte[]> deadLetter = deadLetters.readRecord();
        assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE)).contains("[metadata.occurredAt:plausible-instant]");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepKeyBytesThatAreNotUtf8AndATombstoneOnTheDeadLetterTopic() {
        // given a key that is not UTF-8, and a record without a value
        byte[] latin1Key = {(byte) 0xC4, 'n', 'n', 'e'};
        String userId = id();

        // when
        pipe(Topics.USER_EVENTS, latin1Key, encode(InputEvents.userRegistered(userId, T0)), new RecordHeaders(), T0);
        pipe(Topics.USER_EVENTS, utf8(userId), null, new RecordHeaders(), T0.plusSeconds(1));

        // then
        TestRecord<byte[], byte[]> wrongKey = deadLetters.readRecord();
        assertThat(wrongKey.key()).isEqualTo(latin1Key);
        assertThat(header(wrongKey, DeadLetterHeaders.REASON)).isEqualTo("invalid-event");
        TestRecord<byte[], byte[]> tombstone = deadLetters.readRecord();
        assertThat(tombstone.key()).isEqualTo(utf8(userId));
        assertThat(tombstone.value()).isNull();
        assertThat(header(tombstone, DeadLetterHeaders.REASON)).isEqualTo("undecodable");
        assertThat(header(tombstone, DeadLetterHeaders.MESSAGE)).contains("tombstone");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterARecordWhoseRuleFailsAndKeepTheStreamRunning() {
        // given a rule book with a rule that throws, as a bug in a rule would
        StreamsBuilder builder = new StreamsBuilder();
        RuleBook broken = RuleBook.builder()
                .type(UserRegistered.class, rules -> rules.rule("explodes", "never holds", user -> {
                    throw new IllegalStateException("bug in a rule");
                }))
                .build();
        ValidatedInputs.build(builder, avro.deserializer(), broken);
        String userId = id();
        try (TopologyTestDriver brokenDriver = new TopologyTestDriver(builder.build(), DriverConfig.of("validated-inputs-test", stateDir))) {
            TestInputTopic<byte[], byte[]> users = brokenDriver.createInputTopic(Topics.USER_EVENTS.name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> brokenDeadLetters = brokenDriver.createOutputTopic(
                    Topics.PROCESSOR_DEAD_LETTER.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

            // when two records arrive
            users.pipeInput(new TestRecord<>(utf8(userId), encode(InputEvents.userRegistered(userId, T0)),
                    new RecordHeaders(), T0));
            users.pipeInput(new TestRecord<>(utf8(userId), encode(InputEvents.userRegistered(userId, T0)),
                    new RecordHeaders(), T0.plusSeconds(1)));

            // then both are kept on the dead-letter topic, naming the failure rather than the record
            List<TestRecord<byte[], byte[]>> deadLetters = brokenDeadLetters.readRecordsToList();
            assertThat(deadLetters).hasSize(2).allSatisfy(deadLetter -> {
                assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("validation-error");
                assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION)).isEqualTo("java.lang.IllegalStateException");
                assertThat(header(deadLetter, DeadLetterHeaders.STACKTRACE)).contains("bug in a rule");
            });
            assertThat(brokenDeadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void shouldFailTheTaskInsteadOfDeadLetteringWhenTheRegistryIsUnreachable() {
        // given a deserializer whose registry does not answer
        StreamsBuilder builder = new StreamsBuilder();
        Deserializer<SpecificRecord> registryDown = (topic, data) -> {
            throw new IllegalStateException("fetching schema 42", new ConnectException("Connection refused"));
        };
        ValidatedInputs.build(builder, registryDown);
        String userId = id();
        try (TopologyTestDriver outage = new TopologyTestDriver(builder.build(), DriverConfig.of("validated-inputs-test", stateDir))) {
            TestInputTopic<byte[], byte[]> users = outage.createInputTopic(Topics.USER_EVENTS.name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> outageDeadLetters = outage.createOutputTopic(
                    Topics.PROCESSOR_DEAD_LETTER.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

            // when a record arrives, then the task fails (and would retry from its last commit) ...
            assertThatThrownBy(() -> users.pipeInput(new TestRecord<>(utf8(userId),
                    encode(InputEvents.userRegistered(userId, T0)), new RecordHeaders(), T0)))
                    .isInstanceOf(StreamsException.class)
                    .hasStackTraceContaining("schema registry is unreachable");
            // ... and the probably good record is not thrown away as a dead letter
            assertThat(outageDeadLetters.isEmpty()).isTrue();
        }
    }

    private void pipe(Topic<String, SpecificRecord> topic, byte[] key, byte[] value, Headers headers, Instant timestamp) {
        TestInputTopic<byte[], byte[]> input = driver.createInputTopic(topic.name(),
                new ByteArraySerializer(), new ByteArraySerializer());
        input.pipeInput(new TestRecord<>(key, value, headers, timestamp));
    }

    private Map<String, Long> counts() {
        KeyValueStore<String, Long> store = driver.getKeyValueStore(InputEventCounts.STORE);
        Map<String, Long> counts = new TreeMap<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> counts.put(entry.key, entry.value));
        }
        return counts;
    }

    private byte[] encode(SpecificRecord event) {
        return avro.serializer().serialize("any", event);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return DeadLetterHeaders.text(record.headers(), name);
    }

}
