package io.coursestream.workers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the object storage bucket at start when {@code coursestream.storage.create-bucket} is true: the local stack
 * and the benchmarks run on an empty S3 server. Off by default: a deployment's bucket, with its policies, is made by
 * whoever provisions the storage, and the workers need no permission to create buckets.
 */
@ApplicationScoped
class StorageBucket {

    void createAtStart(@Observes StartupEvent start,
            @ConfigProperty(name = "coursestream.storage.create-bucket", defaultValue = "false") boolean create,
            Instance<FileStorageService> storage) {
        if (create) {
            storage.get().ensureBucket();
        }
    }
}
