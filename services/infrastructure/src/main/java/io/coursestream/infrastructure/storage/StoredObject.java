package io.coursestream.infrastructure.storage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An object as the server describes it (HeadObject or GetObject).
 *
 * @param bucket       the bucket
 * @param key          the object key
 * @param size         the size in bytes
 * @param sha256       the SHA-256 recorded when {@link FileStorageService} wrote it (64 lower-case hex digits), or
 *                     {@code null} for an object written by something else
 * @param contentType  the content type the object was stored with
 * @param lastModified when the server last wrote it
 * @param metadata     the caller's user metadata, without {@code sha256}; S3 returns keys in lower case
 */
public record StoredObject(
        String bucket,
        String key,
        long size,
        String sha256,
        String contentType,
        Instant lastModified,
        Map<String, String> metadata) {

    public StoredObject {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        metadata = Map.copyOf(metadata);
    }

    /** The object's address as a URI, for logs and events: {@code s3://bucket/key}. */
    public String location() {
        return "s3://" + bucket + "/" + key;
    }
}
