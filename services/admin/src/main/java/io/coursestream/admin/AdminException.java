package io.coursestream.admin;

/** A failure reaching Kafka, the registry or the stream processor's API; its message is written for the operator. */
final class AdminException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AdminException(String message) {
        super(message);
    }

    AdminException(String message, Throwable cause) {
        super(message + ": " + Failures.describe(cause), cause);
    }
}
