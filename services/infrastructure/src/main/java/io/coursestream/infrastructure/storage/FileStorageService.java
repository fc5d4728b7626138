package io.coursestream.infrastructure.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Reads and writes the objects of one bucket, with an end-to-end SHA-256 on every object.
 *
 * <p>Writes record the content's SHA-256 as user metadata {@value #SHA256_METADATA_KEY}. S3 takes metadata in the
 * request headers, before the first byte of content, so a source is hashed once before it is sent and the bytes
 * actually sent are hashed again on the way out; if the two differ (the file changed meanwhile) the upload is
 * aborted, or the written object deleted, and {@link StorageIntegrityException} is thrown. Content up to
 * {@link StorageSettings#multipartThreshold()} goes in one streamed PUT; larger content goes as a multipart upload,
 * one part in memory at a time, and a failed multipart upload is aborted so that no orphan parts stay billed.
 *
 * <p>Reads hash the bytes as they arrive and fail with {@link StorageIntegrityException} when they do not match the
 * recorded SHA-256, or when none was recorded. Errors are {@link StorageException}s naming the object; a missing
 * object is a {@link StorageObjectNotFoundException}.
 *
 * <p>Thread-safe. A key is expected to have a single writer at a time. The {@link S3Client} belongs to the caller.
 */
public final class FileStorageService {

    /** The user metadata key that carries an object's SHA-256 (64 lower-case hex digits). */
    public static final String SHA256_METADATA_KEY = "sha256";
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    /** S3's limits: parts per upload, object size, key length. */
    static final int MAX_PARTS = 10_000;
    static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * StorageSettings.MIB;
    private static final int MAX_KEY_BYTES = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FileStorageService.class);

    private final S3Client s3;
    private final StorageSettings settings;
    private final String bucket;

    public FileStorageService(S3Client s3, StorageSettings settings) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.bucket = settings.bucket();
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket unless it exists; safe to call from several instances at start-up. */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (NoSuchBucketException e) {
            LOG.debug("Bucket {} does not exist yet", bucket);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("check bucket", null, e);
            }
        } catch (SdkException e) {
            throw failure("check bucket", null, e);
        }
        try {
            s3.createBucket(this::createBucketRequest);
            LOG.info("Created bucket {}", bucket);
        } catch (BucketAlreadyOwnedByYouException e) {
            LOG.debug("Bucket {} was created concurrently", bucket);
        } catch (SdkException e) {
            throw failure("create bucket", null, e);
        }
    }

    /**
     * Uploads a file, streamed from disk, and records its SHA-256.
     *
     * @param contentType the object's content type; {@code null} for {@value #DEFAULT_CONTENT_TYPE}
     * @param metadata    user metadata to store with it (ASCII; the key {@value #SHA256_METADATA_KEY} is reserved)
     * @return the object as the server now describes it
     * @throws UncheckedIOException      if the file cannot be read
     * @throws StorageIntegrityException if the file changed while it was uploaded
     */
    public StoredObject put(String key, Path source, String contentType, Map<String, String> metadata) {
        requireKey(key);
        Objects.requireNonNull(source, "source");
        Map<String, String> userMetadata = userMetadata(metadata);
        Content content;
        try {
            content = new Content(source.toString(), Files.size(source), Sha256.of(source),
                    () -> Files.newInputStream(source));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
        return upload(key, content, contentType, userMetadata);
    }

    /** Uploads bytes and records their SHA-256. */
    public StoredObject put(String key, byte[] content, String contentType) {
        return put(key, content, contentType, Map.of());
    }

    /** Uploads bytes with user metadata and records their SHA-256; see {@link #put(String, Path, String, Map)}. */
    public StoredObject put(String key, byte[] content, String contentType, Map<String, String> metadata) {
        requireKey(key);
        Objects.requireNonNull(content, "content");
        Map<String, String> userMetadata = userMetadata(metadata);
        return upload(key, new Content(content.length + " bytes", content.length, Sha256.of(content),
                () -> new ByteArrayInputStream(content)), contentType, userMetadata);
    }

    /**
     * Downloads an object to {@code target}, replacing it. The bytes go to a temporary file beside the target that
     * is moved into place only once its SHA-256 matched, so a corrupt or interrupted download never appears there.
     *
     * @return the object as the server described it
     * @throws StorageObjectNotFoundException if there is no such object
     * @throws StorageIntegrityException      if the bytes do not match the recorded SHA-256
     */
    public StoredObject get(String key, Path target) {
        requireKey(key);
        Path destination = target.toAbsolutePath();
        Path partial = null;
        try {
            Files.createDirectories(destination.getParent());
            partial = Files.createTempFile(destination.getParent(), "." + destination.getFileName() + ".", ".part");
            StoredObject object;
            try (VerifyingInputStream in = openVerified(key)) {
                object = in.object();
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            moveIntoPlace(partial, destination);
            return object;
        } catch (IOException e) {
            throw new StorageException("Cannot download " + location(key) + " to " + target, e);
        } finally {
            deletePartial(partial);
        }
    }

    /**
     * Opens an object for reading. The stream throws {@link StorageIntegrityException} at end of stream if the
     * bytes do not match the recorded SHA-256: read it to the end before trusting what it returned, or use
     * {@link #get(String, Path)}. Closing it early aborts the connection instead of draining it.
     *
     * @throws StorageObjectNotFoundException if there is no such object
     * @throws StorageIntegrityException      if the object has no recorded SHA-256
     */
    public InputStream openStream(String key) {
        requireKey(key);
        return openVerified(key);
    }

    /**
     * Describes an object without reading it.
     *
     * @throws StorageObjectNotFoundException if there is no such object
     */
    public StoredObject head(String key) {
        requireKey(key);
        try {
            HeadObjectResponse response = s3.headObject(b -> b.bucket(bucket).key(key));
            return describe(key, response.contentLength(), response.contentType(), response.lastModified(),
                    response.metadata());
        } catch (SdkException e) {
            throw failure("head", key, e);
        }
    }

    public boolean exists(String key) {
        try {
            head(key);
            return true;
        } catch (StorageObjectNotFoundException e) {
            return false;
        }
    }

    /** Deletes an object. Deleting a key that does not exist succeeds, as in S3. */
    public void delete(String key) {
        requireKey(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    /**
     * Lists every object whose key starts with {@code prefix}, in key order, following all pages of
     * {@link StorageSettings#listPageSize()} keys.
     *
     * @param prefix a key prefix; {@code ""} for the whole bucket
     */
    public List<ObjectSummary> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        List<ObjectSummary> objects = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(
                    b -> b.bucket(bucket).prefix(prefix).maxKeys(settings.listPageSize())).contents()) {
                objects.add(new ObjectSummary(object.key(), object.size(), object.lastModified()));
            }
        } catch (SdkException e) {
            throw failure("list", prefix + "*", e);
        }
        return List.copyOf(objects);
    }

    private StoredObject upload(String key, Content content, String contentType, Map<String, String> metadata) {
        if (content.size() > MAX_OBJECT_SIZE) {
            throw new IllegalArgumentException(content.description() + " exceeds S3's 5 TiB object size limit");
        }
        Map<String, String> userMetadata = new LinkedHashMap<>(metadata);
        userMetadata.put(SHA256_METADATA_KEY, content.sha256());
        String type = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
        if (content.size() > settings.multipartThreshold()) {
            multipartUpload(key, content, type, userMetadata);
        } else {
            singleUpload(key, content, type, userMetadata);
        }
        StoredObject stored = head(key);
        if (stored.size() != content.size() || !content.sha256().equals(stored.sha256())) {
            throw new StorageIntegrityException("Server kept " + stored.location() + " as " + stored.size()
                    + " bytes with sha256 " + stored.sha256() + ", but " + content.size() + " bytes with SHA-256 "
                    + content.sha256() + " were sent");
        }
        LOG.debug("Stored {} ({} bytes, sha256 {})", stored.location(), stored.size(), stored.sha256());
        return stored;
    }

    private void singleUpload(String key, Content content, String type, Map<String, String> userMetadata) {
        SentContent sent = new SentContent(content);
        try (sent) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(type).contentLength(content.size())
                    .metadata(userMetadata), RequestBody.fromContentProvider(sent, content.size(), type));
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
        if (!sent.matchesRecordedSha256()) {
            throw changedWhileSent(key, content);
        }
    }

    /** The single PUT's object does not hold the bytes its sha256 names: delete it rather than leave it. */
    private StorageIntegrityException changedWhileSent(String key, Content content) {
        String message = content.description() + " changed while it was uploaded to " + location(key);
        try {
            delete(key);
            return new StorageIntegrityException(message + "; the object was deleted");
        } catch (StorageException e) {
            StorageIntegrityException changed = new StorageIntegrityException(message
                    + "; deleting the object failed, and reads of it will fail verification");
            changed.addSuppressed(e);
            return changed;
        }
    }

    private void multipartUpload(String key, Content content, String type, Map<String, String> userMetadata) {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(type)
                    .metadata(userMetadata)).uploadId();
        } catch (SdkException e) {
            throw failure("start a multipart upload of", key, e);
        }
        try {
            List<CompletedPart> parts = uploadParts(key, uploadId, content);
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            LOG.debug("Completed multipart upload of {} in {} parts", location(key), parts.size());
        } catch (RuntimeException | Error e) {
            abort(key, uploadId, e);
            if (e instanceof SdkException sdkException) {
                throw failure("upload (multipart)", key, sdkException);
            }
            throw e;
        }
    }

    private List<CompletedPart> uploadParts(String key, String uploadId, Content content) {
        long partSize = partSizeFor(content.size());
        byte[] buffer = new byte[(int) partSize];
        MessageDigest sent = Sha256.newDigest();
        List<CompletedPart> parts = new ArrayList<>();
        try (InputStream in = content.open()) {
            long remaining = content.size();
            for (int partNumber = 1; remaining > 0; partNumber++) {
                int length = (int) Math.min(partSize, remaining);
                if (in.readNBytes(buffer, 0, length) < length) {
                    throw new StorageIntegrityException(content.description() + " shrank while it was uploaded to "
                            + location(key));
                }
                sent.update(buffer, 0, length);
                parts.add(uploadPart(key, uploadId, partNumber, buffer, length));
                remaining -= length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + content.description(), e);
        }
        if (!Sha256.hex(sent).equals(content.sha256())) {
            throw new StorageIntegrityException(content.description() + " changed while it was uploaded to "
                    + location(key));
        }
        return parts;
    }

    private CompletedPart uploadPart(String key, String uploadId, int partNumber, byte[] buffer, int length) {
        // A provider, not fromBytes: the SDK re-reads the buffer on a retry without copying it.
        ContentStreamProvider part = () -> new ByteArrayInputStream(buffer, 0, length);
        UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) length),
                RequestBody.fromContentProvider(part, length, DEFAULT_CONTENT_TYPE));
        return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build();
    }

    /** The configured part size, raised when the content would otherwise need more than 10,000 parts. */
    private long partSizeFor(long size) {
        long fewestBytesPerPart = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(settings.partSize(), fewestBytesPerPart);
    }

    private void abort(String key, String uploadId, Throwable failure) {
        // An interrupted thread would make the abort request fail at once; send it, then restore the flag.
        boolean interrupted = Thread.interrupted();
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            LOG.warn("Aborted multipart upload {} of {}: {}", uploadId, location(key), failure.toString());
        } catch (SdkException e) {
            LOG.error("Could not abort multipart upload {} of {}; its parts stay until a lifecycle rule removes"
                    + " them", uploadId, location(key), e);
            failure.addSuppressed(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private VerifyingInputStream openVerified(String key) {
        ResponseInputStream<GetObjectResponse> response;
        try {
            response = s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("get", key, e);
        }
        GetObjectResponse head = response.response();
        StoredObject object = describe(key, head.contentLength(), head.contentType(), head.lastModified(),
                head.metadata());
        if (object.sha256() == null) {
            response.abort();
            throw new StorageIntegrityException("Object " + object.location() + " has no recorded "
                    + SHA256_METADATA_KEY + " metadata, so its content cannot be verified");
        }
        return new VerifyingInputStream(response, object);
    }

    private StoredObject describe(String key, Long size, String contentType, Instant lastModified,
            Map<String, String> metadata) {
        Map<String, String> userMetadata = new LinkedHashMap<>(metadata);
        String sha256 = userMetadata.remove(SHA256_METADATA_KEY);
        return new StoredObject(bucket, key, size == null ? 0L : size, sha256, contentType, lastModified,
                userMetadata);
    }

    private void createBucketRequest(CreateBucketRequest.Builder request) {
        request.bucket(bucket);
        // us-east-1 is S3's default location and must not be named; every other region must be.
        if (!Region.US_EAST_1.id().equals(settings.region())) {
            request.createBucketConfiguration(c -> c.locationConstraint(settings.region()));
        }
    }

    private StorageException failure(String operation, String key, SdkException e) {
        boolean noSuchBucket = e instanceof NoSuchBucketException
                || e instanceof S3Exception s3Exception && s3Exception.awsErrorDetails() != null
                && "NoSuchBucket".equals(s3Exception.awsErrorDetails().errorCode());
        if (noSuchBucket) {
            return new StorageException("Bucket " + bucket + " does not exist (ensureBucket() creates it); cannot "
                    + operation + " " + location(key), e);
        }
        boolean notFound = e instanceof NoSuchKeyException
                || e instanceof S3Exception s3Exception && s3Exception.statusCode() == 404;
        if (notFound && key != null) {
            return new StorageObjectNotFoundException(bucket, key, e);
        }
        return new StorageException("Cannot " + operation + " " + location(key) + ": " + e.getMessage(), e);
    }

    private String location(String key) {
        return "s3://" + bucket + "/" + (key == null ? "" : key);
    }

    /** The caller's metadata, checked before any byte is read or sent. */
    private static Map<String, String> userMetadata(Map<String, String> metadata) {
        Map<String, String> userMetadata = new LinkedHashMap<>();
        if (metadata != null) {
            metadata.forEach((name, value) -> {
                if (name == null || name.isBlank() || value == null) {
                    throw new IllegalArgumentException("metadata names and values must not be null or blank");
                }
                if (name.equalsIgnoreCase(SHA256_METADATA_KEY)) {
                    throw new IllegalArgumentException("metadata key '" + SHA256_METADATA_KEY
                            + "' is reserved: the service records the content's SHA-256 itself");
                }
                userMetadata.put(name, value);
            });
        }
        return userMetadata;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key must not be empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("object key is longer than " + MAX_KEY_BYTES + " UTF-8 bytes");
        }
    }

    private static void moveIntoPlace(Path partial, Path destination) throws IOException {
        try {
            Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deletePartial(Path partial) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.warn("Could not delete partial download {}", partial, e);
        }
    }

    /** What is uploaded: its size and SHA-256, known before the upload starts, and a way to read it. */
    private record Content(String description, long size, String sha256, StreamOpener opener) {

        InputStream open() throws IOException {
            return opener.open();
        }
    }

    @FunctionalInterface
    private interface StreamOpener {
        InputStream open() throws IOException;
    }

    /**
     * The body of a single PUT. The SDK opens a new stream per attempt (and may read one to sign the payload);
     * each is hashed, and the last one opened is the one the server kept.
     */
    private static final class SentContent implements ContentStreamProvider, AutoCloseable {

        private final Content content;
        private HashingInputStream last;

        SentContent(Content content) {
            this.content = content;
        }

        @Override
        public synchronized InputStream newStream() {
            closeLast();
            try {
                last = new HashingInputStream(content.open());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + content.description(), e);
            }
            return last;
        }

        synchronized boolean matchesRecordedSha256() {
            return last != null && last.bytesRead() == content.size() && last.sha256().equals(content.sha256());
        }

        @Override
        public synchronized void close() {
            closeLast();
        }

        private void closeLast() {
            if (last != null) {
                try {
                    last.close();
                } catch (IOException e) {
                    LOG.debug("Could not close a stream of {}", content.description(), e);
                }
            }
        }
    }
}
