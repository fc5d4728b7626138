package io.coursestream.infrastructure.storage;

/**
 * The bytes of an object do not match the SHA-256 recorded with it, or no SHA-256 was recorded, so they cannot be
 * trusted. Raised on reads (corruption at rest or in transit) and on writes (the source changed while it was sent,
 * or the server did not keep the size or checksum it was given).
 */
public class StorageIntegrityException extends StorageException {

    private static final long serialVersionUID = 1L;

    public StorageIntegrityException(String message) {
        super(message);
    }
}
