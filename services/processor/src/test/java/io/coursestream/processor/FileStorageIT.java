// Tier: IT (the FileStorageService bean against the shared test harness's S3 server).
package io.coursestream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The storage bean is built from coursestream.storage.* and talks to the configured server. */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class FileStorageIT {

    @Inject
    FileStorageService storage;

    @Test
    void shouldStoreAndReadBackAnObjectInTheConfiguredBucket() throws Exception {
        // given
        storage.ensureBucket();
        String key = "it/processor/" + UUID.randomUUID() + ".txt";
        byte[] content = "certificate of completion".getBytes(StandardCharsets.UTF_8);

        // when
        storage.put(key, content, "text/plain");

        // then
        assertThat(storage.bucket()).isEqualTo("coursestream");
        try (InputStream stored = storage.openStream(key)) {
            assertThat(stored.readAllBytes()).isEqualTo(content);
        }
        storage.delete(key);
        assertThat(storage.exists(key)).isFalse();
    }
}
