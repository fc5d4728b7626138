package io.coursestream.topology.validation;

/**
 * The exception a dead-letter record names when the record decoded but was rejected (wrong type for the
 * topic, or broken rules). It is never thrown; it exists so the {@code __streams.errors.exception} header
 * names a class, as Kafka's own dead-letter records do.
 */
public final class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        // No stack trace: where the validator noticed the problem says nothing about the record.
        super(message, null, false, false);
    }
}
