// Tier: IT (NotificationService through the Quarkus mailer to the test harness's real SMTP server, read back there)
package io.coursestream.workers.notifications;

import static io.coursestream.workers.notifications.Mailbox.awaitMailTo;
import static io.coursestream.workers.notifications.Mailbox.part;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.coursestream.infrastructure.unsubscribe.UnsubscribeRequest;
import io.coursestream.infrastructure.unsubscribe.UnsubscribeTokens;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.workers.WorkersTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Localized mail end to end: rendered from the Qute templates and message bundles, sent through the Quarkus mailer
 * to the harness's SMTP server (GreenMail) and read back from it, unsubscribe headers and link included.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class NotificationServiceIT {

    private static final String NBSP = "\u00a0";

    /** No receipts here: every send goes to the SMTP server (MailReceipts is NotificationJobsIT's). */
    private static final MailGuard ALWAYS_SEND = new MailGuard() {
        @Override
        public boolean alreadyAccepted() {
            return false;
        }

        @Override
        public void accepted(String messageId) {
            // nothing kept
        }
    };

    @Inject
    NotificationService notifications;

    @Inject
    LocalizationService localization;

    @ConfigProperty(name = "coursestream.notifications.unsubscribe-secret")
    String unsubscribeSecret;

    @ConfigProperty(name = "coursestream.notifications.unsubscribe-url")
    URI unsubscribeUrl;

    @ConfigProperty(name = "coursestream.notifications.site-url")
    String siteUrl;

    @Test
    void shouldDeliverAGermanWelcomeMailWithRecommendationsReferralLinkAndOneClickUnsubscribe() throws Exception {
        // given a user who registered in German (Germany) in Berlin
        String userId = "user-" + UUID.randomUUID();
        String email = userId + "@example.org";
        WelcomeMail welcome = new WelcomeMail(userId, email, "Jana", "de-DE", "Europe/Berlin", "JANA42",
                List.of(new WelcomeMail.Recommendation("kafka-101", "Kafka für Einsteiger", 12_345),
                        new WelcomeMail.Recommendation("java-streams", "Java Streams", 987)),
                new WelcomeMail.AffiliateTerms(new BigDecimal("0.20"), 30, 5_000, "EUR"),
                Instant.parse("2026-11-28T22:00:00Z"));
        Instant sentAfter = Instant.now();

        // when
        SentNotification sent = notifications.sendWelcome(welcome, ALWAYS_SEND);

        // then the SMTP server has it, in German
        MimeMessage received = awaitMailTo(email);
        assertThat(received.getSubject()).isEqualTo("Willkommen bei coursestream, Jana!").isEqualTo(sent.subject());
        String text = part(received, "text/plain");
        String html = part(received, "text/html");
        assertThat(text).contains("Hallo Jana,")
                .contains("Kurse, die wir dir empfehlen")
                .contains("- Kafka für Einsteiger (12.345 Teilnehmende): " + siteUrl + "/courses/kafka-101")
                .contains("- Java Streams (987 Teilnehmende): " + siteUrl + "/courses/java-streams")
                .contains("Dein persönlicher Empfehlungslink: " + siteUrl + "/r/JANA42")
                .contains("erhältst du 20" + NBSP + "% Provision")
                .contains("Haltefrist von 30 Tagen")
                .contains("Guthaben 50,00" + NBSP + "€ erreicht")
                .contains("Diese E-Mails abbestellen: " + sent.unsubscribeUrl().orElseThrow())
                .doesNotContain("Hello", "Welcome");
        assertThat(html).contains("<html lang=\"de\">")
                .contains("<p>Hallo Jana,</p>")
                .contains("<a href=\"" + siteUrl + "/r/JANA42\">")
                .contains("Kafka für Einsteiger");

        // and it carries the RFC 8058 headers with the link that is also in its footer
        String listUnsubscribe = MimeUtility.unfold(received.getHeader("List-Unsubscribe", null));
        assertThat(listUnsubscribe).isEqualTo("<" + sent.unsubscribeUrl().orElseThrow() + ">");
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(html).contains("href=\"" + sent.unsubscribeUrl().orElseThrow().replace("&", "&amp;") + "\"");

        // and the link's token verifies, for this user and the onboarding category, for 90 days
        String link = listUnsubscribe.substring(1, listUnsubscribe.length() - 1);
        assertThat(link).startsWith(unsubscribeUrl + "?token=");
        String token = link.substring(link.indexOf("?token=") + "?token=".length());
        UnsubscribeRequest request = new UnsubscribeTokens(unsubscribeSecret).verify(token, Instant.now());
        assertThat(request.userId()).isEqualTo(userId);
        assertThat(request.category()).isEqualTo(NotificationCategory.ONBOARDING.name());
        assertThat(request.expiresAt()).isBetween(sentAfter.plus(Duration.ofDays(90)).minusSeconds(1),
                Instant.now().plus(Duration.ofDays(90)));
    }

    @Test
    void shouldSendACriticalMailWithItsAttachmentAndWithoutUnsubscribe() throws Exception {
        // given a critical notification in Austrian German with a PDF attached
        String email = "critical-" + UUID.randomUUID() + "@example.org";
        byte[] pdf = "%PDF-1.7 test".getBytes(StandardCharsets.US_ASCII);
        Notification notification = new Notification("user-7", email, NotificationCategory.BILLING, true, "de-AT",
                "Europe/Vienna", NotificationService.WELCOME_TEMPLATE,
                Map.of("displayName", "Lukas", "courses", List.of(), "referralLink", siteUrl + "/r/LUKAS",
                        "terms", new NotificationService.TermsText("20 %", "30", "€ 50,00")),
                List.of(new MailAttachment("invoice-2026-000001.pdf", "application/pdf", pdf)));

        // when
        SentNotification sent = notifications.send(notification, ALWAYS_SEND);

        // then it arrives in German with the attachment, the service footer and no unsubscribe header or link
        MimeMessage received = awaitMailTo(email);
        assertThat(sent.unsubscribeUrl()).isEmpty();
        assertThat(received.getSubject()).isEqualTo("Willkommen bei coursestream, Lukas!");
        assertThat(received.getHeader("List-Unsubscribe")).isNull();
        assertThat(received.getHeader("List-Unsubscribe-Post")).isNull();
        String text = part(received, "text/plain");
        assertThat(text).contains("Dies ist eine Servicenachricht").doesNotContain("abbestellen");
        assertThat(text).doesNotContain("Kurse, die wir dir empfehlen");
        List<Part> attachments = attachments(received);
        assertThat(attachments).hasSize(1);
        assertThat(attachments.get(0).getFileName()).isEqualTo("invoice-2026-000001.pdf");
        assertThat(attachments.get(0).getContentType()).startsWith("application/pdf");
        assertThat(attachments.get(0).getInputStream().readAllBytes()).isEqualTo(pdf);
    }

    @Test
    void shouldTellABuyerInTheirLanguageThatTheirPaymentFailedAndWhy() throws Exception {
        // given the payment topology's notice of a declined payment of 49.00 EUR, for a Spanish buyer
        String email = "declined-" + UUID.randomUUID() + "@example.org";
        Notification notice = new Notification("user-9", email, NotificationCategory.BILLING, true, "es-ES", "UTC",
                "payment-failed", Map.of("buyerName", "Lucía", "description", "Kafka Streams en profundidad",
                        "amountMinor", "4900", "currency", "EUR", "reason", "Your card was declined.",
                        "transactionId", "tx-1", "provider", "STRIPE"),
                List.of());

        // when
        notifications.send(notice, ALWAYS_SEND);

        // then it says so in Spanish, with the amount in Spanish format and the provider's reason
        MimeMessage received = awaitMailTo(email);
        assertThat(received.getSubject()).isEqualTo("Tu pago no se ha completado");
        String text = part(received, "text/plain");
        assertThat(text).contains("Lucía").contains("49,00").contains("Kafka Streams en profundidad")
                .contains("Your card was declined.").contains("otro método de pago");
        assertThat(part(received, "text/html")).contains("<html lang=\"es\">");
    }

    @Test
    void shouldEscapeADisplayNameInHtmlAndKeepItOutOfOtherHeaders() throws Exception {
        // given a display name with markup and a line break that would start a Bcc header
        String userId = "user-" + UUID.randomUUID();
        String email = userId + "@example.org";
        WelcomeMail welcome = new WelcomeMail(userId, email, "<b>Max</b>\r\nBcc: evil@example.org", "en-US",
                "America/New_York", "MAX", List.of(),
                new WelcomeMail.AffiliateTerms(new BigDecimal("0.15"), 14, 2_500, "USD"), Instant.now());

        // when
        notifications.sendWelcome(welcome, ALWAYS_SEND);

        // then the subject is one line, the HTML shows the markup as text, and only the user received the mail
        MimeMessage received = awaitMailTo(email);
        assertThat(received.getSubject()).isEqualTo("Welcome to coursestream, <b>Max</b> Bcc: evil@example.org!");
        assertThat(received.getHeader("Bcc")).isNull();
        assertThat(part(received, "text/html")).contains("<p>Hello &lt;b&gt;Max&lt;/b&gt;").doesNotContain("<b>Max");
        assertThat(part(received, "text/plain")).contains("you earn 15% commission").contains("reaches $25.00.");
        assertThat(TestEnvironment.get().greenMail().getReceivedMessages())
                .noneMatch(message -> address(message).contains("evil@example.org"));
    }

    @Test
    void shouldWriteEachSupportedLanguageAndFallBackToTheLanguageThenEnglish() {
        assertThat(localization.messages("en-US").welcome_subject("Sam")).isEqualTo("Welcome to coursestream, Sam!");
        assertThat(localization.messages("de-DE").welcome_subject("Sam")).isEqualTo("Willkommen bei coursestream, Sam!");
        assertThat(localization.messages("de-AT").welcome_subject("Sam")).isEqualTo("Willkommen bei coursestream, Sam!");
        assertThat(localization.messages("fr-FR").welcome_subject("Sam")).isEqualTo("Bienvenue sur coursestream, Sam !");
        assertThat(localization.messages("fr-CA").welcome_greeting("Sam")).isEqualTo("Bonjour Sam,");
        assertThat(localization.messages("es-ES").welcome_subject("Sam"))
                .isEqualTo("¡Te damos la bienvenida a coursestream, Sam!");
        assertThat(localization.messages("es-MX").footer_unsubscribe()).isEqualTo("Darse de baja de estos correos");
        assertThat(localization.messages("pt-BR").welcome_subject("Sam")).isEqualTo("Welcome to coursestream, Sam!");
        assertThat(localization.messages(null).team()).isEqualTo("The coursestream team");
    }

    @Test
    void shouldGiveTheNextSendInstantInTheConfiguredWindow() {
        // 23:00 in Berlin -> 08:00 the next morning in Berlin
        assertThat(localization.nextSendInstant(Instant.parse("2026-11-28T22:00:00Z"), "Europe/Berlin"))
                .isEqualTo(Instant.parse("2026-11-29T07:00:00Z"));
        // an unknown zone is the configured default (UTC)
        assertThat(localization.nextSendInstant(Instant.parse("2026-11-28T22:00:00Z"), "Mars/Olympus"))
                .isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
    }

    private static String address(MimeMessage message) {
        try {
            return message.getAllRecipients() == null ? "" : java.util.Arrays.toString(message.getAllRecipients());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Part> attachments(Part part) throws MessagingException, IOException {
        List<Part> attachments = new ArrayList<>();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
                    attachments.add(child);
                } else {
                    attachments.addAll(attachments(child));
                }
            }
        }
        return attachments;
    }
}
