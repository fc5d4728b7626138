package io.coursestream.infrastructure.storage;

/** A storage operation failed; the message names the operation and the object. The cause is the SDK's exception. */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
