package io.coursestream.workers;

import java.time.Instant;
import java.util.UUID;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.JobCommand;

/**
 * The metadata of the events the workers write: a new event id, the time, the flow it belongs to and what caused
 * it, and {@value #PRODUCER} as the producing component.
 */
public final class JobEventMetadata {

    /** The producer named in every event the workers write. */
    public static final String PRODUCER = "workers";

    private JobEventMetadata() {
    }

    /** An event a job causes: the job's flow continues (its correlationId), the job caused it. */
    public static EventMetadata causedBy(JobCommand command, Instant at) {
        return of(command.getCorrelationId(), command.getJobId(), at);
    }

    /** A new event in the flow {@code correlationId}, caused by {@code causationId} (or nothing). */
    public static EventMetadata of(String correlationId, String causationId, Instant at) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(at)
                .setCorrelationId(correlationId)
                .setCausationId(causationId)
                .setProducer(PRODUCER)
                .build();
    }
}
