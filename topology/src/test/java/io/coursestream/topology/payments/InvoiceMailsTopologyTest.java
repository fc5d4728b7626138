// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceGenerated;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.NotificationAttachment;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;

/** The mail of a generated invoice or credit note: one SendNotification with the archived PDF attached. */
class InvoiceMailsTopologyTest {

    @TempDir
    Path stateDir;

    private PaymentDriver payments;

    @BeforeEach
    void setUp() {
        payments = new PaymentDriver(stateDir, PaymentSettings.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        payments.close();
    }

    @Test
    void shouldRequestTheInvoiceMailWithThePdfAttached() {
        InvoiceGenerated invoice = payments.invoiceGenerated(generated("INV-2026-000007", InvoiceKind.INVOICE,
                "buyer@example.org"));

        assertThat(payments.emailJobs()).singleElement().satisfies(job -> {
            assertThat(job.getType()).isEqualTo(JobType.SEND_NOTIFICATION);
            assertThat(job.getQueue()).isEqualTo(JobQueue.EMAILS);
            assertThat(job.getUniqueKey()).isEqualTo("invoice-mail:INV-2026-000007");
            assertThat(job.getCorrelationId()).isEqualTo(invoice.getTransactionId());
            SendNotification mail = (SendNotification) job.getPayload();
            assertThat(mail.getChannel()).isEqualTo(NotificationChannel.EMAIL);
            assertThat(mail.getCategory()).isEqualTo(NotificationCategory.BILLING);
            assertThat(mail.getCritical()).isTrue();
            assertThat(mail.getEmail()).isEqualTo("buyer@example.org");
            assertThat(mail.getLocaleSettings().getLocale()).isEqualTo("de-DE");
            assertThat(mail.getTemplateId()).isEqualTo("invoice");
            assertThat(mail.getTemplateParams()).containsEntry("invoiceNumber", "INV-2026-000007")
                    .containsEntry("transactionId", invoice.getTransactionId()).containsEntry("grossMinor", "4900")
                    .containsEntry("currency", "EUR").containsEntry("locale", "de-DE").containsEntry("kind", "INVOICE");
            assertThat(mail.getAttachments()).containsExactly(NotificationAttachment.newBuilder()
                    .setBucket("coursestream").setObjectKey("invoices/2026/INV-2026-000007.pdf")
                    .setFileName("invoice-INV-2026-000007.pdf").setContentType("application/pdf").build());
        });
    }

    @Test
    void shouldMailACreditNoteWithItsOwnTemplateAndTheInvoiceItCorrects() {
        payments.invoiceGenerated(InvoiceGenerated.newBuilder(generated("CN-2026-000002", InvoiceKind.CREDIT_NOTE,
                "buyer@example.org")).setReferencesInvoiceNumber("INV-2026-000007").build());

        assertThat(payments.emailJobs()).singleElement().satisfies(job -> {
            SendNotification mail = (SendNotification) job.getPayload();
            assertThat(mail.getTemplateId()).isEqualTo("credit-note");
            assertThat(mail.getTemplateParams()).containsEntry("referencesInvoiceNumber", "INV-2026-000007");
            assertThat(mail.getAttachments().get(0).getFileName()).isEqualTo("credit-note-CN-2026-000002.pdf");
        });
    }

    @Test
    void shouldNotMailADocumentWithoutAnAddressNorTwiceWhenReplayed() {
        payments.invoiceGenerated(generated("INV-2026-000008", InvoiceKind.INVOICE, null));
        assertThat(payments.emailJobs()).isEmpty();

        payments.invoiceGenerated(generated("INV-2026-000009", InvoiceKind.INVOICE, "buyer@example.org"));
        payments.replayAll();

        // the scheduler holds the notification's unique key: the replay is dropped, not queued again
        assertThat(payments.emailJobs()).extracting(job -> job.getUniqueKey())
                .containsExactly("invoice-mail:INV-2026-000009");
    }

    private static InvoiceGenerated generated(String number, InvoiceKind kind, String email) {
        Instant at = PaymentDriver.T0.plusSeconds(30);
        return InvoiceGenerated.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at)
                        .setCorrelationId("flow").setCausationId("job").setProducer("workers").build())
                .setInvoiceNumber(number)
                .setKind(kind)
                .setTransactionId(UUID.randomUUID().toString())
                .setUserId("user-1")
                .setReferencesInvoiceNumber(null)
                .setBucket("coursestream")
                .setObjectKey("invoices/2026/" + number + ".pdf")
                .setSha256("ab".repeat(32))
                .setSizeBytes(51_234)
                .setNet(new Money(4_118L, "EUR"))
                .setTax(new Money(782L, "EUR"))
                .setGross(new Money(4_900L, "EUR"))
                .setTaxRateBasisPoints(1900)
                .setReverseCharge(false)
                .setCountry("DE")
                .setBuyerVatId(null)
                .setLocale("de-DE")
                .setIssuedAt(at)
                .setEmail(email)
                .build();
    }
}
