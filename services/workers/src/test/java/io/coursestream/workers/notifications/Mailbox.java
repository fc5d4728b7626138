package io.coursestream.workers.notifications;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

import io.coursestream.testkit.TestEnvironment;

/** The ITs' view of the harness's SMTP server (GreenMail): the mail to one address, and its parts. */
final class Mailbox {

    private Mailbox() {
    }

    /** The one message to this address (addresses are unique per test, the SMTP server is shared). */
    static MimeMessage awaitMailTo(String address) {
        GreenMail smtp = TestEnvironment.get().greenMail();
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (message.getAllRecipients() != null && message.getAllRecipients().length == 1
                        && address.equals(message.getAllRecipients()[0].toString())) {
                    return message;
                }
            }
            return null;
        }, Objects::nonNull);
    }

    /** How many messages went to this address. */
    static long countMailTo(String address) throws MessagingException {
        long count = 0;
        for (MimeMessage message : TestEnvironment.get().greenMail().getReceivedMessages()) {
            if (message.getAllRecipients() != null && message.getAllRecipients().length == 1
                    && address.equals(message.getAllRecipients()[0].toString())) {
                count++;
            }
        }
        return count;
    }

    /** The decoded content of the first body part of this type, not an attachment. */
    static String part(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
