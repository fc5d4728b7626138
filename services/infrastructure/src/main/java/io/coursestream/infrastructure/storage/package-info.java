/**
 * Object storage on S3 or an S3-compatible server (s3proxy in tests), with end-to-end SHA-256 integrity.
 *
 * <p>{@link io.coursestream.infrastructure.storage.StorageSettings} reads the {@code coursestream.storage.*} keys,
 * {@link io.coursestream.infrastructure.storage.S3ClientFactory} builds the SDK client from them, and
 * {@link io.coursestream.infrastructure.storage.FileStorageService} is what workers call: every object it writes
 * carries its SHA-256 as user metadata {@code sha256}, and every read checks the bytes against it.
 *
 * <p>Plain Java: the Quarkus apps expose the client and the service through a CDI producer.
 */
package io.coursestream.infrastructure.storage;
