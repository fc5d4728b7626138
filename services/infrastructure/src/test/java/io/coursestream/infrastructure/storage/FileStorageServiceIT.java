// Tier: IT (FileStorageService against the real S3-compatible server, s3proxy, of the shared test environment).
package io.coursestream.infrastructure.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.testkit.CoursestreamIT;
import io.coursestream.testkit.TestEnvironment;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

@CoursestreamIT
class FileStorageServiceIT {

    private static final long MIB = StorageSettings.MIB;

    private static final RecordingInterceptor requests = new RecordingInterceptor();
    private static S3Client s3;
    private static FileStorageService storage;

    @TempDir
    Path workDir;

    @BeforeAll
    static void connect(TestEnvironment environment) {
        // One bucket per run: reruns against a long-lived server start empty. Small sizes make multipart
        // (threshold 16 MiB, 5 MiB parts) and paging (2 keys a page) cheap to reach.
        StorageSettings settings = StorageSettings.of(URI.create(environment.s3Endpoint()), environment.s3Region(),
                        environment.s3AccessKey(), environment.s3SecretKey(),
                        "storage-it-" + UUID.randomUUID().toString().substring(0, 8))
                .withMultipart(16 * MIB, 5 * MIB)
                .withListPageSize(2);
        s3 = S3ClientFactory.builder(settings)
                .overrideConfiguration(c -> c.addExecutionInterceptor(requests))
                .build();
        storage = new FileStorageService(s3, settings);
        storage.ensureBucket();
    }

    @AfterAll
    static void removeBucket() {
        if (s3 == null) {
            return;
        }
        try (S3Client client = s3) {
            for (ObjectSummary object : storage.list("")) {
                storage.delete(object.key());
            }
            client.deleteBucket(b -> b.bucket(storage.bucket()));
        }
    }

    @BeforeEach
    void forgetRequests() {
        requests.reset();
    }

    @Test
    void shouldRecordSha256OnPutAndVerifyItOnEveryRead() throws IOException {
        // Given
        byte[] certificate = "%PDF-1.7 certificate of completion".getBytes(StandardCharsets.UTF_8);

        // When
        StoredObject stored = storage.put("certificates/c-1.pdf", certificate, "application/pdf");

        // Then it went in one PUT, confirmed by a HEAD, and its SHA-256 is recorded as user metadata
        assertThat(requests.operations()).containsExactly("PutObject", "HeadObject");
        String expectedSha256 = sha256(certificate);
        assertThat(stored.sha256()).isEqualTo(expectedSha256);
        assertThat(stored.size()).isEqualTo(certificate.length);
        assertThat(stored.contentType()).isEqualTo("application/pdf");
        HeadObjectResponse raw = s3.headObject(b -> b.bucket(storage.bucket()).key("certificates/c-1.pdf"));
        assertThat(raw.metadata()).containsEntry("sha256", expectedSha256);

        // And both reads return the same bytes
        Path downloaded = workDir.resolve("c-1.pdf");
        assertThat(storage.get("certificates/c-1.pdf", downloaded)).isEqualTo(storage.head("certificates/c-1.pdf"));
        assertThat(downloaded).hasBinaryContent(certificate);
        try (InputStream in = storage.openStream("certificates/c-1.pdf")) {
            assertThat(in.readAllBytes()).isEqualTo(certificate);
        }
    }

    @Test
    void shouldKeepContentTypeAndUserMetadataOfAFile() throws IOException {
        // Given
        Path invoice = Files.writeString(workDir.resolve("invoice.xml"), "<Invoice id=\"2024-0001\"/>");

        // When
        storage.put("invoices/2024-0001.xml", invoice, "application/xml", Map.of("invoice-id", "2024-0001"));

        // Then
        StoredObject head = storage.head("invoices/2024-0001.xml");
        assertThat(head.contentType()).isEqualTo("application/xml");
        assertThat(head.metadata()).containsExactly(Map.entry("invoice-id", "2024-0001"));
        assertThat(head.sha256()).isEqualTo(sha256(Files.readAllBytes(invoice)));
        assertThat(head.lastModified()).isNotNull();
    }

    @Test
    void shouldUploadALargeFileInPartsAndDownloadTheSameBytes() throws IOException {
        // Given a 20 MiB file: above the 16 MiB threshold, four parts of 5 MiB
        Path video = randomFile("lecture.mp4", 20 * MIB);

        // When
        StoredObject stored = storage.put("media/lecture.mp4", video, "video/mp4", Map.of());

        // Then it went as a multipart upload, never as one PUT
        assertThat(requests.operations()).containsExactly("CreateMultipartUpload",
                "UploadPart", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload", "HeadObject");
        assertThat(stored.size()).isEqualTo(20 * MIB);
        assertThat(stored.sha256()).isEqualTo(sha256(video));

        // And the download is byte for byte the file
        Path downloaded = workDir.resolve("downloaded.mp4");
        storage.get("media/lecture.mp4", downloaded);
        assertThat(Files.mismatch(video, downloaded)).isEqualTo(-1L);
        assertThat(sha256(downloaded)).isEqualTo(stored.sha256());
    }

    @Test
    void shouldAbortTheMultipartUploadWhenAPartFails() throws IOException {
        // Given the server connection fails on the third part
        Path video = randomFile("broken.mp4", 20 * MIB);
        requests.beforeSend(request -> {
            if (request instanceof UploadPartRequest part && part.partNumber() == 3) {
                throw SdkClientException.create("injected failure of part 3");
            }
        });

        // When / Then
        assertThatThrownBy(() -> storage.put("media/broken.mp4", video, "video/mp4", Map.of()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("s3://" + storage.bucket() + "/media/broken.mp4")
                .hasRootCauseMessage("injected failure of part 3");
        assertThat(requests.operations()).containsExactly("CreateMultipartUpload", "UploadPart", "UploadPart",
                "UploadPart", "AbortMultipartUpload");
        assertThat(s3.listMultipartUploads(b -> b.bucket(storage.bucket())).uploads()).isEmpty();
        assertThat(storage.exists("media/broken.mp4")).isFalse();
    }

    @Test
    void shouldAbortTheMultipartUploadWhenTheFileChangesWhileItIsSent() throws IOException {
        // Given the file's last part is overwritten while the first part is being sent
        Path video = randomFile("growing.mp4", 20 * MIB);
        requests.beforeSend(request -> {
            if (request instanceof UploadPartRequest part && part.partNumber() == 1) {
                overwrite(video, 19 * MIB, "changed".getBytes(StandardCharsets.UTF_8));
            }
        });

        // When / Then no object claims a SHA-256 that its bytes do not have
        assertThatThrownBy(() -> storage.put("media/growing.mp4", video, "video/mp4", Map.of()))
                .isInstanceOf(StorageIntegrityException.class)
                .hasMessageContaining("changed while it was uploaded");
        assertThat(requests.operations()).containsExactly("CreateMultipartUpload",
                "UploadPart", "UploadPart", "UploadPart", "UploadPart", "AbortMultipartUpload");
        assertThat(s3.listMultipartUploads(b -> b.bucket(storage.bucket())).uploads()).isEmpty();
        assertThat(storage.exists("media/growing.mp4")).isFalse();
    }

    @Test
    void shouldDeleteTheObjectWhenASmallFileChangesWhileItIsSent() throws IOException {
        // Given the file is overwritten after it was hashed, just before its single PUT is sent
        Path invoice = Files.writeString(workDir.resolve("draft.xml"), "<Invoice total=\"100.00\"/>");
        requests.beforeSend(request -> {
            if (request instanceof PutObjectRequest) {
                overwrite(invoice, 16, "999".getBytes(StandardCharsets.UTF_8));
            }
        });

        // When / Then
        assertThatThrownBy(() -> storage.put("invoices/draft.xml", invoice, "application/xml", Map.of()))
                .isInstanceOf(StorageIntegrityException.class)
                .hasMessageContaining("changed while it was uploaded")
                .hasMessageContaining("the object was deleted");
        assertThat(requests.operations()).containsExactly("PutObject", "DeleteObject");
        assertThat(storage.exists("invoices/draft.xml")).isFalse();
    }

    @Test
    void shouldListEveryObjectUnderAPrefixAcrossPages() {
        // Given five objects under the prefix and two beside it, one sharing its first characters
        List<String> daily = List.of("backups/daily/2024-01-01.tar", "backups/daily/2024-01-02.tar",
                "backups/daily/2024-01-03.tar", "backups/daily/2024-01-04.tar", "backups/daily/2024-01-05.tar");
        for (String key : daily) {
            storage.put(key, key.getBytes(StandardCharsets.UTF_8), "application/x-tar");
        }
        storage.put("backups/daily-report.txt", new byte[] {1}, "text/plain");
        storage.put("backups/weekly/2024-01.tar", new byte[] {2}, null);
        requests.reset();

        // When
        List<ObjectSummary> listed = storage.list("backups/daily/");

        // Then all five came back, in key order, over three pages of two keys
        assertThat(listed).extracting(ObjectSummary::key).containsExactlyElementsOf(daily);
        assertThat(listed).extracting(ObjectSummary::size).containsOnly((long) daily.get(0).length());
        assertThat(requests.operations()).containsExactly("ListObjectsV2", "ListObjectsV2", "ListObjectsV2");
    }

    @Test
    void shouldDeleteAnObject() {
        // Given
        storage.put("uploads/to-delete.bin", new byte[] {1, 2, 3}, null);
        assertThat(storage.exists("uploads/to-delete.bin")).isTrue();

        // When
        storage.delete("uploads/to-delete.bin");

        // Then it is gone, and deleting it again is not an error
        assertThat(storage.exists("uploads/to-delete.bin")).isFalse();
        storage.delete("uploads/to-delete.bin");
        assertThat(storage.list("uploads/to-delete")).isEmpty();
    }

    @Test
    void shouldReportAMissingKeyAsNotFound() {
        // Given no object under the key
        String key = "uploads/never-written.bin";

        // When / Then every read says so, naming the object
        assertThatThrownBy(() -> storage.head(key))
                .isInstanceOf(StorageObjectNotFoundException.class)
                .hasMessage("No object s3://" + storage.bucket() + "/" + key);
        assertThatThrownBy(() -> storage.get(key, workDir.resolve("never.bin")))
                .isInstanceOf(StorageObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.openStream(key))
                .isInstanceOfSatisfying(StorageObjectNotFoundException.class,
                        e -> assertThat(e.key()).isEqualTo(key));
        assertThat(workDir.resolve("never.bin")).doesNotExist();
    }

    @Test
    void shouldRefuseToReturnAnObjectWhoseBytesNoLongerMatchTheRecordedSha256() throws IOException {
        // Given an object overwritten behind the service's back: other bytes, the old metadata
        byte[] original = "points ledger snapshot v1".getBytes(StandardCharsets.UTF_8);
        StoredObject stored = storage.put("snapshots/ledger.snapshot", original, "application/octet-stream");
        s3.putObject(b -> b.bucket(storage.bucket()).key("snapshots/ledger.snapshot")
                        .metadata(Map.of("sha256", stored.sha256())),
                RequestBody.fromString("points ledger snapshot v2"));

        // When / Then the download fails and leaves nothing at the target
        Path target = workDir.resolve("restore").resolve("ledger.snapshot");
        assertThatThrownBy(() -> storage.get("snapshots/ledger.snapshot", target))
                .isInstanceOf(StorageIntegrityException.class)
                .hasMessageContaining("s3://" + storage.bucket() + "/snapshots/ledger.snapshot is corrupt")
                .hasMessageContaining(stored.sha256());
        assertThat(target).doesNotExist();
        try (var leftovers = Files.list(target.getParent())) {
            assertThat(leftovers).isEmpty();
        }

        // And so does the stream, once it reaches the end
        try (InputStream in = storage.openStream("snapshots/ledger.snapshot")) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(StorageIntegrityException.class);
        }
    }

    @Test
    void shouldRefuseToReturnAnObjectWithoutARecordedSha256() {
        // Given an object written without the service, so without a sha256
        s3.putObject(b -> b.bucket(storage.bucket()).key("uploads/foreign.bin"), RequestBody.fromString("foreign"));

        // When / Then
        assertThatThrownBy(() -> storage.get("uploads/foreign.bin", workDir.resolve("foreign.bin")))
                .isInstanceOf(StorageIntegrityException.class)
                .hasMessageContaining("no recorded sha256");
        assertThat(storage.head("uploads/foreign.bin").sha256()).isNull();
    }

    private Path randomFile(String name, long size) throws IOException {
        byte[] content = new byte[(int) size];
        new Random(size + name.hashCode()).nextBytes(content);
        return Files.write(workDir.resolve(name), content);
    }

    private static void overwrite(Path file, long position, byte[] bytes) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            raf.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the S3 operations the service sends and can fail one on purpose. */
    private static final class RecordingInterceptor implements ExecutionInterceptor {

        private final List<String> operations = new CopyOnWriteArrayList<>();
        private volatile Consumer<SdkRequest> beforeSend = request -> { };

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            beforeSend.accept(context.request());
        }

        List<String> operations() {
            return List.copyOf(operations);
        }

        void beforeSend(Consumer<SdkRequest> hook) {
            beforeSend = hook;
        }

        void reset() {
            operations.clear();
            beforeSend = request -> { };
        }
    }
}
