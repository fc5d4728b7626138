package io.coursestream.workers;

/**
 * A failure that another attempt cannot fix (bad payload, failed validation): the job is reported with
 * {@code retriable=false} and the scheduler dead-letters it at once. Anything else a handler throws is retriable.
 */
public class FatalJobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FatalJobException(String message) {
        super(message);
    }

    public FatalJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
