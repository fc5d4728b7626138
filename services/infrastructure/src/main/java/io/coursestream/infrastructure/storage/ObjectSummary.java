package io.coursestream.infrastructure.storage;

import java.time.Instant;

/**
 * One entry of a listing. ListObjectsV2 returns neither user metadata nor content type: use
 * {@link FileStorageService#head(String)} when the SHA-256 is needed.
 *
 * @param key          the object key
 * @param size         the size in bytes
 * @param lastModified when the server last wrote it
 */
public record ObjectSummary(String key, long size, Instant lastModified) {
}
