package io.coursestream.topology.validation;

import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.topics.Topic;
import io.coursestream.topology.errors.EventIds;

/**
 * Decodes and validates the records of one input topic. Every record leaves as an {@link ValidationOutcome}:
 * accepted with its event, or rejected with its original bytes and {@link DeadLetterHeaders} naming the reason
 * and the record's topic, partition and offset. Nothing is thrown for bad input, so one record cannot stop
 * the stream, and the dead letter is written in the same transaction as everything else. An unreachable schema
 * registry is not bad input: it fails the task (a {@link StreamsException}) so the record is retried.
 */
final class InputRecordValidator implements FixedKeyProcessor<String, byte[], ValidationOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(InputRecordValidator.class);

    private final Topic<String, SpecificRecord> topic;
    private final Deserializer<? extends SpecificRecord> eventDeserializer;
    private final RuleBook rules;
    private FixedKeyProcessorContext<String, ValidationOutcome> context;

    InputRecordValidator(Topic<String, SpecificRecord> topic, Deserializer<? extends SpecificRecord> eventDeserializer,
            RuleBook rules) {
        this.topic = topic;
        this.eventDeserializer = eventDeserializer;
        this.rules = rules;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ValidationOutcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        Object decoded;
        try {
            decoded = eventDeserializer.deserialize(topic.name(), record.headers(), record.value());
        } catch (RuntimeException undecodable) {
            if (isInfrastructureFailure(undecodable)) {
                // The registry did not answer: the record is probably fine. Failing the task aborts the transaction
                // and retries from the last commit; dead-lettering would throw away good events during an outage.
                throw new StreamsException("cannot decode a record of " + topic.name()
                        + ": the schema registry is unreachable", undecodable);
            }
            reject(record, RejectionReason.UNDECODABLE, undecodable, null, undecodable.getMessage());
            return;
        }
        if (!(decoded instanceof SpecificRecord event)) {
            String what = decoded == null ? "no value (a tombstone); input topics carry events only"
                    : "a " + decoded.getClass().getName() + ", not a catalogue event class";
            reject(record, RejectionReason.UNDECODABLE, new InvalidEventException("the record decoded to " + what), null,
                    what);
            return;
        }
        String type = event.getSchema().getName();
        if (!topic.carries(event.getClass())) {
            reject(record, RejectionReason.TYPE_NOT_CARRIED, new InvalidEventException(
                    topic.name() + " does not carry " + event.getSchema().getFullName() + "; it carries "
                            + topic.valueSchemas().stream().map(Class::getSimpleName).collect(Collectors.joining(", "))),
                    event, type);
            return;
        }
        List<Violation> violations;
        try {
            violations = rules.check(event, new Arrival(topic.name(), record.key(), record.timestamp()));
        } catch (RuntimeException ruleFailure) {
            reject(record, RejectionReason.VALIDATION_ERROR, ruleFailure, event, type);
            return;
        }
        if (!violations.isEmpty()) {
            reject(record, RejectionReason.INVALID_EVENT, new InvalidEventException(
                    type + " broke " + violations.size() + (violations.size() == 1 ? " rule: " : " rules: ")
                            + violations.stream().map(Violation::toString).collect(Collectors.joining("; "))),
                    event, type + " " + violations.stream().map(Violation::rule).toList());
            return;
        }
        context.forward(record.withValue(new ValidationOutcome.Accepted(event)));
    }

    /**
     * Network trouble anywhere in the cause chain, as opposed to bad bytes: a refused or reset connection, an unknown
     * host, or a timeout. Timeouts are matched by name because the registry client's HTTP stack (Vert.x, Netty) has
     * timeout exceptions of its own that share no type with the JDK's.
     */
    static boolean isInfrastructureFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketException || cause instanceof UnknownHostException
                    || cause.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Forwards the record as a dead letter. {@code logDetail} names types and rule ids only: field values may be
     * personal data and stay in the dead-letter record, out of the log.
     */
    private void reject(FixedKeyRecord<String, byte[]> record, RejectionReason reason, Throwable error,
            SpecificRecord event, String logDetail) {
        // Validation runs right behind the source, so the record's coordinates are always known here.
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        LOG.warn("Dead-lettering {}-{}@{} (event id {}): {}, {}: {}", origin.topic(), origin.partition(),
                origin.offset(), EventIds.of(event).orElse("unknown"), reason.headerValue(),
                error.getClass().getSimpleName(), logDetail);
        context.forward(record
                .withValue(new ValidationOutcome.Rejected(record.value()))
                .withHeaders(DeadLetterHeaders.describe(record.headers(), reason, error,
                        origin.topic(), origin.partition(), origin.offset())));
    }
}
