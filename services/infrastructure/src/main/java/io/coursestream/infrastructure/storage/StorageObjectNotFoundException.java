package io.coursestream.infrastructure.storage;

/** The object does not exist in the bucket (S3 answered 404 / {@code NoSuchKey}). */
public class StorageObjectNotFoundException extends StorageException {

    private static final long serialVersionUID = 1L;

    private final String bucket;
    private final String key;

    public StorageObjectNotFoundException(String bucket, String key, Throwable cause) {
        super("No object s3://" + bucket + "/" + key, cause);
        this.bucket = bucket;
        this.key = key;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }
}
