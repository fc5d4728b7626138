package io.coursestream.workers.invoices;

import java.util.Objects;

/**
 * A rendered and archived document.
 *
 * @param document  what was rendered
 * @param bucket    where the PDF is
 * @param objectKey its key ({@code invoices/<year>/<number>.pdf})
 * @param sha256    hex SHA-256 of the PDF's bytes
 * @param sizeBytes the PDF's size
 */
public record GeneratedInvoice(InvoiceDocument document, String bucket, String objectKey, String sha256,
        long sizeBytes) {

    public GeneratedInvoice {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The file name the buyer sees: the number. */
    public String fileName() {
        return document.number() + ".pdf";
    }
}
