package io.coursestream.topology.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;

/**
 * Every input topic, validated: the one place the stream processor reads upstream events, so later contexts
 * (points, affiliates, payments, ...) consume {@link #stream(Topic)} and never see a record that is
 * undecodable, of a type its topic does not carry, or broken.
 *
 * <p>Inputs: every topic of {@link Topics#inputs()}, read as raw bytes and decoded by the given deserializer.
 * Output: {@link Topics#PROCESSOR_DEAD_LETTER}, where rejected records land with their original key, value,
 * timestamp and headers plus {@link DeadLetterHeaders}. Writing dead letters inside the topology (rather than
 * from an exception handler) makes them part of the exactly-once transaction. Nodes per input topic
 * {@code <topic>}: {@code <topic>-source}, {@code -validate}, {@code -outcome-} (the split) with its branches
 * {@code -outcome-accepted} and {@code -outcome-rejected}, {@code -events}, {@code -original-bytes} and
 * {@code -dead-letter-sink}.
 */
public final class ValidatedInputs {

    private static final Serde<String> KEYS = new OriginalKeySerde();

    private final Map<String, KStream<String, SpecificRecord>> streams;

    private ValidatedInputs(Map<String, KStream<String, SpecificRecord>> streams) {
        this.streams = streams;
    }

    /**
     * Adds validation of every input topic to {@code builder}, with the catalogue's {@link InputEventRules}.
     *
     * @param eventDeserializer decodes a record value into its generated event class (the registry-backed Avro
     *                          deserializer in the application); shared by all stream threads, so thread-safe,
     *                          as every serde given to Kafka Streams must be
     */
    public static ValidatedInputs build(StreamsBuilder builder, Deserializer<? extends SpecificRecord> eventDeserializer) {
        return build(builder, eventDeserializer, InputEventRules.ruleBook());
    }

    /** As {@link #build(StreamsBuilder, Deserializer)} with another rule book. */
    public static ValidatedInputs build(StreamsBuilder builder, Deserializer<? extends SpecificRecord> eventDeserializer,
            RuleBook rules) {
        Map<String, KStream<String, SpecificRecord>> streams = new LinkedHashMap<>();
        for (Topic<String, SpecificRecord> topic : Topics.inputs()) {
            streams.put(topic.name(), validate(builder, topic, eventDeserializer, rules));
        }
        return new ValidatedInputs(streams);
    }

    /** The valid events of one input topic, keyed by their aggregate id. */
    public KStream<String, SpecificRecord> stream(Topic<String, SpecificRecord> topic) {
        KStream<String, SpecificRecord> stream = streams.get(topic.name());
        if (stream == null) {
            throw new IllegalArgumentException(topic.name() + " is not an input topic");
        }
        return stream;
    }

    /** The input topics, in catalogue order. */
    public List<Topic<String, SpecificRecord>> topics() {
        return Topics.inputs();
    }

    private static KStream<String, SpecificRecord> validate(StreamsBuilder builder, Topic<String, SpecificRecord> topic,
            Deserializer<? extends SpecificRecord> eventDeserializer, RuleBook rules) {
        String name = topic.name();
        Map<String, KStream<String, ValidationOutcome>> outcomes = builder
                .stream(name, Consumed.with(KEYS, Serdes.ByteArray()).withName(name + "-source"))
                .processValues(() -> new InputRecordValidator(topic, eventDeserializer, rules), Named.as(name + "-validate"))
                .split(Named.as(name + "-outcome-"))
                .branch(ValidationOutcome::isAccepted, Branched.as("accepted"))
                .defaultBranch(Branched.as("rejected"));

        outcomes.get(name + "-outcome-rejected")
                .mapValues(outcome -> ((ValidationOutcome.Rejected) outcome).originalValue(),
                        Named.as(name + "-original-bytes"))
                .to(Topics.PROCESSOR_DEAD_LETTER.name(),
                        Produced.with(KEYS, Serdes.ByteArray()).withName(name + "-dead-letter-sink"));

        return outcomes.get(name + "-outcome-accepted")
                .mapValues(outcome -> ((ValidationOutcome.Accepted) outcome).event(), Named.as(name + "-events"));
    }
}
