package io.coursestream.workers.notifications;

/**
 * Keeps one notification's mail from being sent twice ({@link MailReceipts#guard}): asked before the send, told after
 * the SMTP server accepted it.
 */
public interface MailGuard {

    /** True if the SMTP server already accepted this notification's mail: do not send it again. */
    boolean alreadyAccepted();

    /** Records that the SMTP server accepted the mail with {@code messageId}; returns once that record is durable. */
    void accepted(String messageId);
}
