package io.coursestream.infrastructure.storage;

import java.io.IOException;
import java.io.InputStream;

import software.amazon.awssdk.http.Abortable;

/**
 * Hashes an object's bytes as the caller reads them and, at end of stream, throws
 * {@link StorageIntegrityException} if they do not match the size and SHA-256 recorded with the object.
 */
final class VerifyingInputStream extends HashingInputStream {

    private final StoredObject object;
    private boolean verified;

    VerifyingInputStream(InputStream in, StoredObject object) {
        super(in);
        this.object = object;
    }

    StoredObject object() {
        return object;
    }

    @Override
    protected void endOfStream() {
        if (verified) {
            return;
        }
        verified = true;
        String actual = sha256();
        if (bytesRead() != object.size() || !actual.equals(object.sha256())) {
            throw new StorageIntegrityException("Object " + object.location() + " is corrupt: read " + bytesRead()
                    + " bytes with SHA-256 " + actual + ", but it was stored as " + object.size()
                    + " bytes with SHA-256 " + object.sha256());
        }
    }

    /** Closing before the end aborts the response: draining the rest of a large object would only waste time. */
    @Override
    public void close() throws IOException {
        if (!verified && in instanceof Abortable abortable) {
            abortable.abort();
        }
        super.close();
    }
}
