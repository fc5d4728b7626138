package io.coursestream.workers.notifications;

import java.util.Objects;

/**
 * A file attached to a mail (an invoice PDF, a certificate).
 *
 * @param fileName    the name the recipient sees
 * @param contentType its MIME type ({@code application/pdf})
 * @param content     the bytes
 */
public record MailAttachment(String fileName, String contentType, byte[] content) {

    public MailAttachment {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
