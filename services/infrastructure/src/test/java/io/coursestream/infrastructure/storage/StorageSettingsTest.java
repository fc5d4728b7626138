// Tier: unit (settings parsing and validation, no server).
package io.coursestream.infrastructure.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorageSettingsTest {

    private static final long MIB = StorageSettings.MIB;

    private static Map<String, String> contractKeys() {
        Map<String, String> properties = new HashMap<>();
        properties.put("coursestream.storage.endpoint", "http://127.0.0.1:9000");
        properties.put("coursestream.storage.region", "us-east-1");
        properties.put("coursestream.storage.access-key", "local-access");
        properties.put("coursestream.storage.secret-key", "local-secret");
        properties.put("coursestream.storage.bucket", "course-uploads");
        return properties;
    }

    private static StorageSettings valid() {
        return StorageSettings.fromProperties(contractKeys());
    }

    @Test
    void shouldReadTheContractKeysWithSaneDefaults() {
        // Given / When
        StorageSettings settings = StorageSettings.fromProperties(contractKeys());

        // Then
        assertThat(settings.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.accessKey()).isEqualTo("local-access");
        assertThat(settings.secretKey()).isEqualTo("local-secret");
        assertThat(settings.bucket()).isEqualTo("course-uploads");
        assertThat(settings.pathStyle()).isTrue();
        assertThat(settings.multipartThreshold()).isEqualTo(16 * MIB);
        assertThat(settings.partSize()).isEqualTo(8 * MIB);
        assertThat(settings.listPageSize()).isEqualTo(1000);
    }

    @Test
    void shouldTreatAnEmptyEndpointAsAws() {
        // Given an endpoint variable that is set but empty
        Map<String, String> properties = contractKeys();
        properties.put("coursestream.storage.endpoint", " ");

        // When
        StorageSettings settings = StorageSettings.fromProperties(properties);

        // Then
        assertThat(settings.endpoint()).isNull();
    }

    @Test
    void shouldReadOptionalKeysWithBinaryUnits() {
        // Given
        Map<String, String> properties = contractKeys();
        properties.put("coursestream.storage.path-style", "false");
        properties.put("coursestream.storage.multipart-threshold", "64MiB");
        properties.put("coursestream.storage.multipart-part-size", "5242880");
        properties.put("coursestream.storage.list-page-size", "50");

        // When
        StorageSettings settings = StorageSettings.fromProperties(properties);

        // Then
        assertThat(settings.pathStyle()).isFalse();
        assertThat(settings.multipartThreshold()).isEqualTo(64 * MIB);
        assertThat(settings.partSize()).isEqualTo(5 * MIB);
        assertThat(settings.listPageSize()).isEqualTo(50);
    }

    @Test
    void shouldReadASecondDestinationUnderItsOwnPrefix() {
        // Given a primary and an offsite backup destination in one configuration
        Map<String, String> properties = contractKeys();
        properties.put("coursestream.backup.offsite.region", "eu-central-1");
        properties.put("coursestream.backup.offsite.access-key", "offsite-access");
        properties.put("coursestream.backup.offsite.secret-key", "offsite-secret");
        properties.put("coursestream.backup.offsite.bucket", "coursestream-offsite");

        // When
        StorageSettings offsite = StorageSettings.fromProperties(properties, "coursestream.backup.offsite");

        // Then
        assertThat(offsite.endpoint()).isNull();
        assertThat(offsite.region()).isEqualTo("eu-central-1");
        assertThat(offsite.bucket()).isEqualTo("coursestream-offsite");
        assertThat(StorageSettings.fromProperties(properties).bucket()).isEqualTo("course-uploads");
    }

    @Test
    void shouldNameEveryMissingKeyAtOnce() {
        // Given only an endpoint
        Map<String, String> properties = Map.of("coursestream.storage.endpoint", "http://127.0.0.1:9000");

        // When / Then
        assertThatThrownBy(() -> StorageSettings.fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coursestream.storage.region is required")
                .hasMessageContaining("coursestream.storage.access-key is required")
                .hasMessageContaining("coursestream.storage.secret-key is required")
                .hasMessageContaining("coursestream.storage.bucket is required");
    }

    @Test
    void shouldNameEveryMalformedOptionalKey() {
        // Given
        Map<String, String> properties = contractKeys();
        properties.put("coursestream.storage.path-style", "yes");
        properties.put("coursestream.storage.multipart-part-size", "8 megabytes");
        properties.put("coursestream.storage.list-page-size", "many");

        // When / Then
        assertThatThrownBy(() -> StorageSettings.fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coursestream.storage.path-style must be true or false: yes")
                .hasMessageContaining("coursestream.storage.multipart-part-size must be a number of bytes")
                .hasMessageContaining("coursestream.storage.list-page-size must be an integer: many");
    }

    @Test
    void shouldRejectPartsSmallerThanFiveMiB() {
        assertThatThrownBy(() -> valid().withMultipart(16 * MIB, 5 * MIB - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part size must be between 5242880 (5MiB)");
    }

    @Test
    void shouldAcceptTheSmallestPartSize() {
        assertThat(valid().withMultipart(5 * MIB, 5 * MIB).partSize()).isEqualTo(5 * MIB);
    }

    @Test
    void shouldRejectAThresholdBelowThePartSize() {
        assertThatThrownBy(() -> valid().withMultipart(6 * MIB, 8 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multipart threshold (6291456) must be at least the part size (8388608)");
    }

    @Test
    void shouldRejectAThresholdAboveTheSinglePutLimit() {
        assertThatThrownBy(() -> valid().withMultipart(5 * 1024 * MIB + 1, 8 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3's limit for a single PUT");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1001})
    void shouldRejectAListPageSizeS3WouldNotHonour(int pageSize) {
        assertThatThrownBy(() -> valid().withListPageSize(pageSize))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("list page size must be between 1 and 1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Course-Uploads", "-uploads", "uploads-", "course..uploads", "course_uploads",
            "a-bucket-name-that-is-far-too-long-for-s3-which-allows-sixty-three"})
    void shouldRejectBucketNamesS3WouldRefuse(String bucket) {
        assertThatThrownBy(() -> valid().withBucket(bucket))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket must be 3-63 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1:9000", "localhost:9000", "http:relative"})
    void shouldRejectAnEndpointThatIsNotAnHttpUrl(String endpoint) {
        // Given
        Map<String, String> properties = contractKeys();
        properties.put("coursestream.storage.endpoint", endpoint);

        // When / Then
        assertThatThrownBy(() -> StorageSettings.fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endpoint must be an absolute http(s) URI with a host");
    }

    @Test
    void shouldRejectBlankCredentials() {
        assertThatThrownBy(() -> StorageSettings.of(null, "us-east-1", " ", "", "course-uploads"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("access key is required")
                .hasMessageContaining("secret key is required");
    }

    @Test
    void shouldNeverPrintTheSecretKey() {
        // Given
        StorageSettings settings = valid();

        // When
        String printed = settings.toString();

        // Then
        assertThat(printed).doesNotContain("local-secret").contains("secretKey=****").contains("course-uploads");
    }
}
