// Tier: unit (which delivered mails are InvoiceEmailed, and InvoiceGenerated's fields; no Quarkus)
package io.coursestream.workers.invoices;

import static io.coursestream.workers.invoices.InvoiceFixtures.document;
import static io.coursestream.workers.invoices.InvoiceFixtures.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceEmailed;
import io.coursestream.schemas.invoices.InvoiceGenerated;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.workers.FatalJobException;

class InvoiceEventsTest {

    private static final EventMetadata METADATA = new EventMetadata(UUID.randomUUID(),
            Instant.parse("2026-11-28T10:16:00Z"), "flow-1", "job-1", "workers");

    @Test
    void shouldReportADeliveredInvoiceMailAsInvoiceEmailed() {
        InvoiceEmailed emailed = InvoiceEvents.invoiceMail(mail("invoice", Map.of("invoiceNumber", "INV-2026-000123",
                "transactionId", "tx-1")), "<abc@coursestream>", () -> METADATA).orElseThrow();

        assertThat(emailed.getInvoiceNumber()).isEqualTo("INV-2026-000123");
        assertThat(emailed.getKind()).isEqualTo(InvoiceKind.INVOICE);
        assertThat(emailed.getTransactionId()).isEqualTo("tx-1");
        assertThat(emailed.getUserId()).isEqualTo("user-1");
        assertThat(emailed.getEmail()).isEqualTo("jana@example.org");
        assertThat(emailed.getMessageId()).isEqualTo("<abc@coursestream>");
        assertThat(emailed.getMetadata()).isEqualTo(METADATA);
    }

    @Test
    void shouldTakeTheKindFromTheParamsElseFromTheTemplate() {
        assertThat(InvoiceEvents.invoiceMail(mail("credit-note", Map.of("invoiceNumber", "CN-1", "transactionId",
                "tx-1")), "<m>", () -> METADATA).orElseThrow().getKind()).isEqualTo(InvoiceKind.CREDIT_NOTE);
        assertThat(InvoiceEvents.invoiceMail(mail("invoice", Map.of("invoiceNumber", "CN-1", "transactionId", "tx-1",
                "kind", "credit_note")), "<m>", () -> METADATA).orElseThrow().getKind())
                .isEqualTo(InvoiceKind.CREDIT_NOTE);
    }

    @Test
    void shouldIgnoreOtherMailsAndOtherChannels() {
        assertThat(InvoiceEvents.invoiceMail(mail("campaign", Map.of("invoiceNumber", "INV-1", "transactionId",
                "tx-1")), "<m>", () -> METADATA)).isEmpty();
        assertThat(InvoiceEvents.invoiceMail(mail("invoice", Map.of("transactionId", "tx-1")), "<m>",
                () -> METADATA)).isEmpty();
        SendNotification inApp = SendNotification.newBuilder(mail("invoice", Map.of("invoiceNumber", "INV-1",
                "transactionId", "tx-1"))).setChannel(NotificationChannel.IN_APP).build();
        assertThat(InvoiceEvents.invoiceMail(inApp, null, () -> METADATA)).isEmpty();
    }

    @Test
    void shouldFailFatallyForAnInvoiceMailWithoutItsTransaction() {
        assertThatThrownBy(() -> InvoiceEvents.invoiceMail(mail("invoice", Map.of("invoiceNumber", "INV-1")), "<m>",
                () -> METADATA)).isInstanceOf(FatalJobException.class).hasMessageContaining("transactionId");
    }

    @Test
    void shouldFillEveryFieldOfInvoiceGenerated() {
        GenerateInvoice payload = invoice("INV-2026-000140", "FR", "fr-FR", 4_900, "EUR")
                .setBuyer(InvoiceFixtures.buyer("FR", "fr-FR").setVatId("FR12345678901").build()).build();
        GeneratedInvoice generated = new GeneratedInvoice(document(payload), "coursestream",
                "invoices/2026/INV-2026-000140.pdf", "ab".repeat(32), 51_234);

        InvoiceGenerated event = InvoiceEvents.generatedEvent(METADATA, generated, "buyer@example.org");

        assertThat(event.getInvoiceNumber()).isEqualTo("INV-2026-000140");
        assertThat(event.getKind()).isEqualTo(InvoiceKind.INVOICE);
        assertThat(event.getTransactionId()).isEqualTo("tx-INV-2026-000140");
        assertThat(event.getUserId()).isEqualTo("user-INV-2026-000140");
        assertThat(event.getReferencesInvoiceNumber()).isNull();
        assertThat(event.getBucket()).isEqualTo("coursestream");
        assertThat(event.getObjectKey()).isEqualTo("invoices/2026/INV-2026-000140.pdf");
        assertThat(event.getSha256()).isEqualTo("ab".repeat(32));
        assertThat(event.getSizeBytes()).isEqualTo(51_234);
        assertThat(event.getNet()).isEqualTo(new Money(4_900L, "EUR"));
        assertThat(event.getTax()).isEqualTo(new Money(0L, "EUR"));
        assertThat(event.getGross()).isEqualTo(new Money(4_900L, "EUR"));
        assertThat(event.getTaxRateBasisPoints()).isZero();
        assertThat(event.getReverseCharge()).isTrue();
        assertThat(event.getCountry()).isEqualTo("FR");
        assertThat(event.getBuyerVatId()).isEqualTo("FR12345678901");
        assertThat(event.getLocale()).isEqualTo("fr-FR");
        assertThat(event.getIssuedAt()).isEqualTo(InvoiceFixtures.ISSUED_AT);
        assertThat(event.getEmail()).isEqualTo("buyer@example.org");
        assertThat(event.getMetadata()).isEqualTo(METADATA);
    }

    private static SendNotification mail(String template, Map<String, String> params) {
        return SendNotification.newBuilder()
                .setNotificationId("invoice:" + params.getOrDefault("invoiceNumber", "x"))
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.BILLING)
                .setCritical(true)
                .setUserId("user-1")
                .setEmail("jana@example.org")
                .setTemplateId(template)
                .setTemplateParams(params)
                .build();
    }
}
