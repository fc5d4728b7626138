package io.coursestream.workers.certificates;

import java.util.Objects;

/**
 * A rendered and stored certificate.
 *
 * @param document  what was rendered
 * @param bucket    where the PDF is
 * @param objectKey its key ({@code certificates/<courseId>/<certificateId>/v<templateVersion>.pdf})
 * @param sha256    lower-case hex SHA-256 of the PDF's bytes
 * @param sizeBytes the PDF's size
 */
public record GeneratedCertificate(CertificateDocument document, String bucket, String objectKey, String sha256,
        long sizeBytes) {

    public GeneratedCertificate {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(sha256, "sha256");
    }
}
