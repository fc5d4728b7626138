package io.coursestream.workers.notifications;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.coursestream.infrastructure.storage.FileStorageService;

/**
 * The e-mail dedupe store: which notifications the SMTP server has accepted, one object per notification id
 * ({@value #PREFIX}{@code <sha-256 hex of the id>}, holding the time it was accepted) in the workers' bucket. S3 reads
 * its own writes, so any worker asking after a send sees it.
 *
 * <p>It closes the window in which a mail would go out twice because the job ran twice: a worker that sent the mail and
 * died before its report left the command to be delivered again, and the next attempt finds the record and reports
 * the earlier send instead of sending again. What it cannot close is a worker dying between the SMTP server's
 * acceptance and the record's write; that copy carries the same Message-ID, which receiving servers recognise.
 *
 * <p>The bean is looked up on the first mail, so the workers start without storage settings.
 */
@ApplicationScoped
public class SentMailJournal {

    /** Where the records are, under the bucket. */
    static final String PREFIX = "notifications/sent/";

    private final Instance<FileStorageService> storage;
    private final Clock clock;
    private final AtomicBoolean bucketChecked = new AtomicBoolean();

    SentMailJournal(Instance<FileStorageService> storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** True when a mail of this notification was accepted by the SMTP server before. */
    public boolean wasSent(String notificationId) {
        return files().exists(key(notificationId));
    }

    /** Records that the SMTP server accepted this notification's mail. */
    public void recordSent(String notificationId) {
        files().put(key(notificationId), clock.instant().toString().getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    static String key(String notificationId) {
        String messageId = NotificationService.messageId(notificationId);
        return PREFIX + messageId.substring(1, messageId.indexOf('@'));
    }

    private FileStorageService files() {
        FileStorageService files = storage.get();
        if (bucketChecked.compareAndSet(false, true)) {
            files.ensureBucket();
        }
        return files;
    }
}
