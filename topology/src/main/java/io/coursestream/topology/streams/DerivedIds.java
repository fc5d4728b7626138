package io.coursestream.topology.streams;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.coursestream.schemas.common.EventMetadata;

/**
 * Ids derived from the inputs, never drawn at random or from the clock: a replayed input yields the same ids and the
 * same events, and is recognised as a repeat. Name-based (type 3) UUIDs of a readable name.
 */
public final class DerivedIds {

    private DerivedIds() {
    }

    /** The name-based UUID of {@code name}, as text. */
    public static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The id of the event of {@code kind} about {@code subject}, for example ("payment-succeeded", transactionId). */
    public static UUID eventId(String kind, String subject) {
        return UUID.nameUUIDFromBytes((kind + ":" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /** Metadata of an event a topology writes, its id from {@link #eventId}. */
    public static EventMetadata metadata(String kind, String subject, Instant occurredAt, String correlationId,
            String causationId, String producer) {
        return EventMetadata.newBuilder()
                .setEventId(eventId(kind, subject))
                .setOccurredAt(occurredAt)
                .setCorrelationId(correlationId)
                .setCausationId(causationId)
                .setProducer(producer)
                .build();
    }
}
