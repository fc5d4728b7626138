package io.coursestream.infrastructure.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the synchronous S3 client for one {@link StorageSettings} destination. The caller owns the client and
 * closes it (in the apps, the CDI producer's disposer).
 */
public final class S3ClientFactory {

    private S3ClientFactory() {
    }

    public static S3Client create(StorageSettings settings) {
        return builder(settings).build();
    }

    /**
     * A builder with everything {@link #create} sets, for callers that add to it (metrics, interceptors in tests).
     * Settings not named here keep the SDK defaults (retries, timeouts).
     */
    public static S3ClientBuilder builder(StorageSettings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .forcePathStyle(settings.pathStyle())
                // S3-compatible servers (s3proxy 4.1.0) reject or ignore the SDK's default flexible checksums;
                // integrity is end to end instead: FileStorageService records and verifies a SHA-256 per object.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }
}
