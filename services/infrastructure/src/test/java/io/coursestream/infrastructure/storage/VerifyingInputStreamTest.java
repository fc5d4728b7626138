// Tier: unit (download verification over in-memory streams, no server).
package io.coursestream.infrastructure.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.http.AbortableInputStream;

class VerifyingInputStreamTest {

    private static final byte[] CONTENT = "lesson 1: streams and tables".getBytes(StandardCharsets.UTF_8);

    private static StoredObject recordedAs(byte[] content) {
        return new StoredObject("course-media", "lessons/1.txt", content.length, Sha256.of(content), "text/plain",
                Instant.parse("2024-05-01T10:00:00Z"), Map.of());
    }

    @Test
    void shouldReturnTheBytesWhenTheyMatchTheRecordedSha256() throws IOException {
        // Given
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), recordedAs(CONTENT));

        // When
        byte[] read = in.readAllBytes();

        // Then reading past the end again does not verify twice
        assertThat(read).isEqualTo(CONTENT);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void shouldFailAtTheEndWhenABitFlipped() {
        // Given
        byte[] corrupted = CONTENT.clone();
        corrupted[3] ^= 0x01;
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(corrupted), recordedAs(CONTENT));

        // When / Then
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(StorageIntegrityException.class)
                .hasMessageContaining("s3://course-media/lessons/1.txt is corrupt")
                .hasMessageContaining(Sha256.of(CONTENT));
    }

    @Test
    void shouldFailWhenTheObjectIsTruncated() {
        // Given
        byte[] truncated = Arrays.copyOf(CONTENT, CONTENT.length - 1);
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(truncated), recordedAs(CONTENT));

        // When / Then
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(StorageIntegrityException.class)
                .hasMessageContaining("read " + truncated.length + " bytes");
    }

    @Test
    void shouldStillVerifyBytesTheCallerSkipped() throws IOException {
        // Given corruption inside the region the caller skips
        byte[] corrupted = CONTENT.clone();
        corrupted[2] ^= 0x01;
        VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(corrupted), recordedAs(CONTENT));

        // When
        long skipped = in.skip(10);

        // Then
        assertThat(skipped).isEqualTo(10);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(StorageIntegrityException.class);
    }

    @Test
    void shouldAbortTheResponseWhenClosedBeforeTheEnd() throws IOException {
        // Given
        AtomicBoolean aborted = new AtomicBoolean();
        AbortableInputStream response = AbortableInputStream.create(new ByteArrayInputStream(CONTENT),
                () -> aborted.set(true));
        VerifyingInputStream in = new VerifyingInputStream(response, recordedAs(CONTENT));

        // When
        in.readNBytes(4);
        in.close();

        // Then
        assertThat(aborted).isTrue();
    }

    @Test
    void shouldNotAbortTheResponseWhenClosedAfterTheEnd() throws IOException {
        // Given
        AtomicBoolean aborted = new AtomicBoolean();
        AbortableInputStream response = AbortableInputStream.create(new ByteArrayInputStream(CONTENT),
                () -> aborted.set(true));
        VerifyingInputStream in = new VerifyingInputStream(response, recordedAs(CONTENT));

        // When
        in.readAllBytes();
        in.close();

        // Then
        assertThat(aborted).isFalse();
    }
}
