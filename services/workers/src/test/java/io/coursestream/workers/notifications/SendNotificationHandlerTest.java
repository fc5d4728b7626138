// Tier: unit (the pure parts of SendNotificationHandler, WebhookClient and the Message-ID, no Quarkus)
package io.coursestream.workers.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.workers.FatalJobException;
import io.quarkus.qute.TemplateException;

class SendNotificationHandlerTest {

    @Test
    void shouldSplitAnAdminsTextIntoPlainParagraphsAtBlankLines() {
        assertThat(SendNotificationHandler.paragraphs("  First line\nstill first.\r\n\r\n\n  Second <b>one</b>\n \n"))
                .containsExactly("First line still first.", "Second <b>one</b>");
        assertThat(SendNotificationHandler.paragraphs("# Not a heading\n\n*not bold*"))
                .containsExactly("# Not a heading", "*not bold*");
        assertThat(SendNotificationHandler.paragraphs("   ")).isEmpty();
    }

    @Test
    void shouldGiveTheTemplateItsParamsAndTheBodyAsParagraphs() {
        Map<String, Object> data = SendNotificationHandler.templateData(notification(NotificationChannel.EMAIL)
                .setTemplateParams(Map.of("displayName", "Ana"))
                .setBody("One.\n\nTwo.")
                .build());

        assertThat(data).containsEntry("displayName", "Ana")
                .containsEntry("body", "One.\n\nTwo.")
                .containsEntry("paragraphs", List.of("One.", "Two."));
        assertThat(SendNotificationHandler.templateData(notification(NotificationChannel.EMAIL)
                .setTemplateId("admin-alert").setTemplateParams(Map.of("title", "t")).build()))
                .containsOnlyKeys("title");
    }

    @Test
    void shouldRefuseTheCampaignTemplateWithoutABody() {
        assertThatThrownBy(() -> SendNotificationHandler.templateData(notification(NotificationChannel.EMAIL).build()))
                .isInstanceOf(FatalJobException.class)
                .hasMessageContaining("uses the campaign template, which shows its body, but has none");
    }

    @Test
    void shouldWriteTheWebhookDocumentWithItsFieldsInOrder() {
        byte[] json = SendNotificationHandler.webhookDocument(notification(NotificationChannel.WEBHOOK)
                .setUserId("user-1").build(), "Title \"quoted\"", "Body\nline", Instant.parse("2026-11-28T22:00:00Z"));

        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"notificationId\":\"n-1\","
                + "\"campaignId\":\"campaign-1\",\"userId\":\"user-1\",\"category\":\"MARKETING\","
                + "\"title\":\"Title \\\"quoted\\\"\",\"body\":\"Body\\nline\",\"sentAt\":\"2026-11-28T22:00:00Z\"}");
    }

    @Test
    void shouldKeyEventsByUserElseByRecipient() {
        assertThat(SendNotificationHandler.key("user-1", "a@example.org")).isEqualTo("user-1");
        assertThat(SendNotificationHandler.key(null, "admin@example.org")).isEqualTo("admin@example.org");
    }

    @Test
    void shouldNameTheRecipientOfEachChannel() {
        assertThat(SendNotificationHandler.recipient(notification(NotificationChannel.EMAIL)
                .setEmail("a@example.org").setUserId("user-1").build())).isEqualTo("a@example.org");
        assertThat(SendNotificationHandler.recipient(notification(NotificationChannel.IN_APP)
                .setUserId("user-1").build())).isEqualTo("user-1");
        assertThat(SendNotificationHandler.recipient(notification(NotificationChannel.WEBHOOK)
                .setTemplateParams(Map.of("webhookUrl", "https://hooks.example.org/x")).build()))
                .isEqualTo("https://hooks.example.org/x");
        assertThat(SendNotificationHandler.recipient(notification(NotificationChannel.EMAIL).build())).isEmpty();
    }

    @Test
    void shouldTreatBadInputAsFatalAndKeepOtherErrorsRetriable() {
        RuntimeException missingTemplate = new IllegalArgumentException("notification template x has no subject.txt");
        RuntimeException smtpDown = new IllegalStateException("connection refused");

        assertThat(SendNotificationHandler.classify(missingTemplate)).isInstanceOf(FatalJobException.class)
                .hasCause(missingTemplate);
        assertThat(SendNotificationHandler.classify(new TemplateException("Property \"title\" not found")))
                .isInstanceOf(FatalJobException.class);
        assertThat(SendNotificationHandler.classify(smtpDown)).isSameAs(smtpDown);
    }

    @Test
    void shouldCallAFailureFinalWhenFatalOrOnTheLastAttempt() {
        RuntimeException retriable = new UncheckedIOException(new IOException("reset"));
        RuntimeException fatal = new FatalJobException("refused");

        assertThat(SendNotificationHandler.isFinal(retriable, 1, 5)).isFalse();
        assertThat(SendNotificationHandler.isFinal(retriable, 5, 5)).isTrue();
        assertThat(SendNotificationHandler.isFinal(fatal, 1, 5)).isTrue();
        assertThat(SendNotificationHandler.isFinal(new RuntimeException(fatal), 1, 5)).isTrue();
    }

    @Test
    void shouldGiveTheHttpStatusAsErrorCodeWhereverItIsInTheChain() {
        WebhookDeliveryException refused = new WebhookDeliveryException("https://x", 410);

        assertThat(SendNotificationHandler.errorCode(refused)).isEqualTo("HTTP 410");
        assertThat(SendNotificationHandler.errorCode(new FatalJobException("refused", refused))).isEqualTo("HTTP 410");
        assertThat(SendNotificationHandler.errorCode(new IllegalStateException("smtp"))).isNull();
    }

    @Test
    void shouldAcceptOnlyAbsoluteHttpUrlsAsWebhookTargets() {
        assertThat(WebhookClient.target(" https://hooks.example.org/a?b=c ").toString())
                .isEqualTo("https://hooks.example.org/a?b=c");
        assertThat(WebhookClient.target("http://127.0.0.1:8080/x").getPort()).isEqualTo(8080);
        for (String bad : new String[] {"file:///etc/passwd", "/relative", "ftp://example.org/x", "http://", "a b"}) {
            assertThatThrownBy(() -> WebhookClient.target(bad)).as(bad).isInstanceOf(FatalJobException.class);
        }
        assertThatThrownBy(() -> WebhookClient.target(null)).isInstanceOf(FatalJobException.class)
                .hasMessageContaining("templateParams[\"webhookUrl\"]");
    }

    @Test
    void shouldDeriveTheSameMessageIdFromTheSameNotificationIdOnly() {
        String id = NotificationService.messageId("campaign-7:user-1:EMAIL");

        assertThat(id).matches("<[0-9a-f]{64}@coursestream>")
                .isEqualTo(NotificationService.messageId("campaign-7:user-1:EMAIL"))
                .isNotEqualTo(NotificationService.messageId("campaign-7:user-2:EMAIL"))
                .doesNotContain("user-1");
        // sha-256("abc"), the FIPS 180-2 test vector
        assertThat(NotificationService.messageId("abc"))
                .isEqualTo("<ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad@coursestream>");
    }

    private static SendNotification.Builder notification(NotificationChannel channel) {
        return SendNotification.newBuilder()
                .setNotificationId("n-1")
                .setChannel(channel)
                .setCategory(NotificationCategory.MARKETING)
                .setCritical(false)
                .setTemplateId("campaign")
                .setCampaignId("campaign-1");
    }
}
