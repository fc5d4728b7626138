// Tier: IT (the Quarkus mailer against the shared test harness's SMTP server).
package io.coursestream.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import io.coursestream.testkit.TestEnvironment;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A mail sent through the configured Quarkus mailer arrives at the SMTP server, from the configured sender. */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class OutboundMailIT {

    @Inject
    Mailer mailer;

    @ConfigProperty(name = "coursestream.mail.from")
    String sender;

    @Test
    void shouldDeliverAMailFromTheConfiguredSender() throws Exception {
        // given
        String subject = "Your certificate is ready " + UUID.randomUUID();
        GreenMail smtp = TestEnvironment.get().greenMail();

        // when
        mailer.send(Mail.withText("learner@example.org", subject, "Congratulations on completing the course."));

        // then
        MimeMessage received = await().atMost(Duration.ofSeconds(30))
                .until(() -> receivedWithSubject(smtp, subject), Objects::nonNull);
        assertThat(received.getFrom()).extracting(Address::toString).containsExactly(sender);
        assertThat(received.getRecipients(Message.RecipientType.TO)).extracting(Address::toString)
                .containsExactly("learner@example.org");
        assertThat(GreenMailUtil.getBody(received)).contains("Congratulations on completing the course.");
    }

    /** The message with this subject the server received, or null; other tests' mails are ignored. */
    private static MimeMessage receivedWithSubject(GreenMail smtp, String subject) throws MessagingException {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (subject.equals(message.getSubject())) {
                return message;
            }
        }
        return null;
    }
}
