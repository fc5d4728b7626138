package io.coursestream.infrastructure.storage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The object storage beans of a Quarkus app, built from the {@code coursestream.storage.*} keys (endpoint, region,
 * access-key, secret-key, bucket, ...; see the infrastructure README). Each key comes from application.properties, a system
 * property or its environment variable ({@code COURSESTREAM_STORAGE_SECRET_KEY}); the credentials have no default.
 * The beans are created on first use, so an instance that never touches storage starts without its settings.
 * This module is a bean archive ({@code META-INF/beans.xml}), so every Quarkus app that depends on it gets them.
 */
@ApplicationScoped
public class StorageProducer {

    /** The keys StorageSettings reads under its prefix. */
    static final List<String> KEYS = List.of("endpoint", "region", "access-key", "secret-key", "bucket", "path-style",
            "multipart-threshold", "multipart-part-size", "list-page-size");

    @Produces
    @Singleton
    StorageSettings storageSettings(Config config) {
        Map<String, String> properties = new HashMap<>();
        for (String key : KEYS) {
            String name = StorageSettings.DEFAULT_PREFIX + "." + key;
            config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(name, value));
        }
        return StorageSettings.fromProperties(properties);
    }

    @Produces
    @Singleton
    S3Client s3Client(StorageSettings settings) {
        return S3ClientFactory.create(settings);
    }

    void closeS3Client(@Disposes S3Client s3) {
        s3.close();
    }

    @Produces
    @Singleton
    FileStorageService fileStorageService(S3Client s3, StorageSettings settings) {
        return new FileStorageService(s3, settings);
    }
}
