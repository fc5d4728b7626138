package io.coursestream.workers.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.coursestream.infrastructure.storage.StorageIntegrityException;
import io.coursestream.infrastructure.storage.StorageObjectNotFoundException;
import io.coursestream.schemas.jobs.NotificationAttachment;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.certificates.CertificateStorage;

/**
 * Reads the files a SendNotification attaches from object storage, through the {@link FileStorageService} bean.
 *
 * <p>The bean ({@code StorageProducer} of the infrastructure module) is looked up on the first attachment, so the
 * workers start and send plain mail without storage settings. Attachments are read from its bucket or from the
 * certificates' bucket ({@link CertificateStorage}); an attachment naming another bucket, a missing object or one
 * whose checksum does not match fails fatally: the mail never goes out without its files.
 */
@ApplicationScoped
public class AttachmentLoader {

    /** Larger files are refused (fatally): mail relays commonly reject messages over 25 MB. */
    static final int MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

    private final Instance<FileStorageService> storage;
    private final CertificateStorage certificates;

    @Inject
    AttachmentLoader(Instance<FileStorageService> storage, CertificateStorage certificates) {
        this.storage = storage;
        this.certificates = certificates;
    }

    /**
     * The attachments' contents, in order; nothing is read when the list is empty.
     *
     * @throws FatalJobException when an attachment cannot be read as it is
     */
    public List<MailAttachment> load(List<NotificationAttachment> attachments) {
        if (attachments.isEmpty()) {
            return List.of();
        }
        List<MailAttachment> loaded = new ArrayList<>();
        for (NotificationAttachment attachment : attachments) {
            FileStorageService files = bucketOf(attachment);
            loaded.add(new MailAttachment(attachment.getFileName(), attachment.getContentType(),
                    read(files, attachment)));
        }
        return loaded;
    }

    /** The storage of the attachment's bucket: the default one or the certificates'; another fails fatally. */
    private FileStorageService bucketOf(NotificationAttachment attachment) {
        if (attachment.getBucket().equals(certificates.bucket())) {
            return certificates.files();
        }
        FileStorageService files = storage.get();
        if (!attachment.getBucket().equals(files.bucket())) {
            throw new FatalJobException("attachment " + attachment.getObjectKey() + " is in bucket "
                    + attachment.getBucket() + "; the workers read only " + files.bucket() + " and "
                    + certificates.bucket());
        }
        return files;
    }

    private static byte[] read(FileStorageService files, NotificationAttachment attachment) {
        String where = attachment.getBucket() + "/" + attachment.getObjectKey();
        try (InputStream in = files.openStream(attachment.getObjectKey())) {
            byte[] content = in.readNBytes(MAX_ATTACHMENT_BYTES + 1);
            if (content.length > MAX_ATTACHMENT_BYTES) {
                throw new FatalJobException("attachment " + where + " is larger than " + MAX_ATTACHMENT_BYTES
                        + " bytes");
            }
            // Shorter than the limit means read to the end, where the stream checked the recorded SHA-256.
            return content;
        } catch (StorageObjectNotFoundException | StorageIntegrityException e) {
            throw new FatalJobException("attachment " + where + " cannot be attached: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading attachment " + where, e);
        }
    }
}
