package io.coursestream.topology;

import java.time.Instant;
import java.util.UUID;

import io.coursestream.schemas.common.EventMetadata;

/**
 * The envelope of a command an operator's tool writes to {@code control.commands} (the admin CLI, the processor's
 * admin API): a new event id, the command's own flow (its id is the correlation id), caused by nothing recorded,
 * produced by {@value #PRODUCER}.
 */
public final class OperatorCommandMetadata {

    /** The producer every operator command names. */
    public static final String PRODUCER = "admin";

    private OperatorCommandMetadata() {
    }

    public static EventMetadata of(String commandId, Instant at) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(at)
                .setCorrelationId(commandId)
                .setCausationId(null)
                .setProducer(PRODUCER)
                .build();
    }
}
