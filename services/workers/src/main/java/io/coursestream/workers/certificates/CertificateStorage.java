package io.coursestream.workers.certificates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.coursestream.infrastructure.storage.StorageSettings;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The certificates' bucket ({@code coursestream.certificates.bucket}) on the object storage of
 * {@code coursestream.storage.*}: the infrastructure module's settings and S3 client with the bucket swapped
 * ({@link StorageSettings#withBucket}), so certificates get the same SHA-256 integrity as every other object. Built on
 * first use, as the default storage bean is: the workers start without storage settings. When
 * {@code coursestream.storage.create-bucket} is true (the local stack) the bucket is created at start, beside the
 * default one.
 */
@ApplicationScoped
public class CertificateStorage {

    private final Instance<StorageSettings> settings;
    private final Instance<S3Client> s3;
    private final String bucket;
    private volatile FileStorageService files;

    @Inject
    CertificateStorage(Instance<StorageSettings> settings, Instance<S3Client> s3, CertificatesConfig config) {
        this.settings = settings;
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    /** The certificates' bucket, without touching storage. */
    public String bucket() {
        return bucket;
    }

    /** The bucket's storage service. */
    public FileStorageService files() {
        FileStorageService current = files;
        if (current == null) {
            synchronized (this) {
                current = files;
                if (current == null) {
                    current = new FileStorageService(s3.get(), settings.get().withBucket(bucket));
                    files = current;
                }
            }
        }
        return current;
    }

    /** Creates the bucket unless it exists. */
    public void ensureBucket() {
        files().ensureBucket();
    }

    void createAtStart(@Observes StartupEvent start,
            @ConfigProperty(name = "coursestream.storage.create-bucket", defaultValue = "false") boolean create) {
        if (create) {
            ensureBucket();
        }
    }
}
