// Tier: unit (argument checks that fail before any request, no server).
package io.coursestream.infrastructure.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3Client;

class FileStorageServiceTest {

    // Port 9 (discard) on loopback: nothing listens, and no test here may get as far as a request.
    private final StorageSettings settings = StorageSettings.of(URI.create("http://127.0.0.1:9"), "us-east-1",
            "local-access", "local-secret", "course-uploads");
    private final S3Client s3 = S3ClientFactory.create(settings);
    private final FileStorageService storage = new FileStorageService(s3, settings);

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void shouldReserveTheSha256MetadataKey() {
        assertThatThrownBy(() -> storage.put("uploads/a.bin", new byte[] {1}, null, Map.of("SHA256", "forged")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata key 'sha256' is reserved");
    }

    @Test
    void shouldRejectAnEmptyKey() {
        assertThatThrownBy(() -> storage.put("", new byte[] {1}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("object key must not be empty");
    }

    @Test
    void shouldRejectAKeyLongerThanS3Allows() {
        // Given 513 two-byte characters: 1026 UTF-8 bytes
        String key = "é".repeat(513);

        // When / Then
        assertThatThrownBy(() -> storage.head(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("object key is longer than 1024 UTF-8 bytes");
    }
}
