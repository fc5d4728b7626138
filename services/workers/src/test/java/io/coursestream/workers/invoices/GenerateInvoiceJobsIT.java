// Tier: IT (GENERATE_INVOICE jobs from jobs.payments through the workers to the harness's real S3 server and
// invoices.invoice-events; the broker and registry real)
package io.coursestream.workers.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;
import com.itextpdf.kernel.xmp.XMPConst;
import com.itextpdf.kernel.xmp.XMPMetaFactory;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.coursestream.infrastructure.storage.StoredObject;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceGenerated;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.workers.WorkersTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * An invoice from its job to the archive: commands produced on {@code jobs.payments} as the scheduler would, the PDF
 * read back from the harness's S3 server, InvoiceGenerated and the job's reports read from their topics.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class GenerateInvoiceJobsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Inject
    FileStorageService storage;

    private InvoiceEventClients kafka;

    @BeforeEach
    void start() {
        kafka = new InvoiceEventClients(bootstrapServers, registryUrl);
        storage.ensureBucket();
    }

    @AfterEach
    void stop() {
        kafka.close();
    }

    @Test
    void shouldArchiveTheInvoicePdfWithItsSha256AndPublishInvoiceGenerated() throws Exception {
        // given a GENERATE_INVOICE for 119.00 EUR paid by a private buyer in Germany
        String number = newNumber("INV");
        GenerateInvoice payload = InvoiceFixtures.invoice(number, "DE", "de-DE", 11_900, "EUR").build();
        JobCommand command = command(payload, 1);

        // when it reaches jobs.payments
        kafka.send(command);

        // then InvoiceGenerated, keyed by the number, carries the tax split, the archive and the job's flow
        ConsumerRecord<String, SpecificRecord> record = kafka.awaitRecord(InvoiceGenerated.class,
                event -> event.getInvoiceNumber().equals(number));
        InvoiceGenerated generated = (InvoiceGenerated) record.value();
        assertThat(record.key()).isEqualTo(number);
        assertThat(generated.getKind()).isEqualTo(InvoiceKind.INVOICE);
        assertThat(generated.getTransactionId()).isEqualTo(payload.getTransactionId());
        assertThat(generated.getUserId()).isEqualTo(payload.getUserId());
        assertThat(generated.getNet()).isEqualTo(new Money(10_000L, "EUR"));
        assertThat(generated.getTax()).isEqualTo(new Money(1_900L, "EUR"));
        assertThat(generated.getGross()).isEqualTo(new Money(11_900L, "EUR"));
        assertThat(generated.getTaxRateBasisPoints()).isEqualTo(1900);
        assertThat(generated.getReverseCharge()).isFalse();
        assertThat(generated.getCountry()).isEqualTo("DE");
        assertThat(generated.getBuyerVatId()).isNull();
        assertThat(generated.getLocale()).isEqualTo("de-DE");
        assertThat(generated.getIssuedAt()).isEqualTo(payload.getIssuedAt());
        assertThat(generated.getBucket()).isEqualTo(storage.bucket());
        assertThat(generated.getObjectKey()).isEqualTo("invoices/2026/" + number + ".pdf");
        assertThat(generated.getMetadata().getCorrelationId()).isEqualTo(command.getCorrelationId());
        assertThat(generated.getMetadata().getCausationId()).isEqualTo(command.getJobId());
        assertThat(generated.getMetadata().getProducer()).isEqualTo("workers");

        // and the archived object is that PDF: its bytes hash to the event's SHA-256, as storage recorded
        StoredObject head = storage.head(generated.getObjectKey());
        assertThat(head.contentType()).isEqualTo("application/pdf");
        assertThat(head.sha256()).isEqualTo(generated.getSha256());
        byte[] pdf = read(generated.getObjectKey());
        assertThat(pdf).hasSize((int) generated.getSizeBytes());
        assertThat(InvoiceService.sha256(pdf)).isEqualTo(generated.getSha256());
        try (PdfDocument document = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            assertThat(PdfTextExtractor.getTextFromPage(document.getFirstPage()).replace('\u00a0', ' '))
                    .contains("Rechnung", number, "Gesamtbetrag 119,00 €");
            assertThat(XMPMetaFactory.parseFromBuffer(document.getXmpMetadataBytes())
                    .getPropertyInteger(XMPConst.NS_PDFA_ID, "part")).isEqualTo(3);
        }

        // and the job succeeded, reporting the archive
        JobSucceeded succeeded = kafka.awaitValue(JobSucceeded.class,
                event -> event.getJobId().equals(command.getJobId()));
        assertThat(succeeded.getOutputs()).containsEntry("invoiceNumber", number)
                .containsEntry("objectKey", generated.getObjectKey())
                .containsEntry("sha256", generated.getSha256())
                .containsEntry("sendEmail", "true");
    }

    @Test
    void shouldOverwriteTheArchiveWithTheSameBytesWhenTheJobRunsAgain() throws Exception {
        // given an invoice generated once (a French business: reverse charge)
        String number = newNumber("INV");
        GenerateInvoice payload = InvoiceFixtures.invoice(number, "FR", "fr-FR", 4_900, "EUR")
                .setBuyer(InvoiceFixtures.buyer("FR", "fr-FR").setCompanyName("Exemple SARL")
                        .setVatId("FR12345678901").build())
                .build();
        kafka.send(command(payload, 1));
        InvoiceGenerated first = kafka.awaitValue(InvoiceGenerated.class,
                event -> event.getInvoiceNumber().equals(number));
        assertThat(first.getReverseCharge()).isTrue();
        assertThat(first.getTax()).isEqualTo(new Money(0L, "EUR"));
        assertThat(first.getBuyerVatId()).isEqualTo("FR12345678901");

        // when its job runs again (a retry, or a report lost to a crash)
        kafka.send(command(payload, 2));

        // then the second rendering is byte for byte the first, under the same key
        await(() -> kafka.seen(InvoiceGenerated.class, event -> event.getInvoiceNumber().equals(number)).size() == 2);
        InvoiceGenerated second = kafka.seen(InvoiceGenerated.class,
                event -> event.getInvoiceNumber().equals(number)).get(1);
        assertThat(second.getObjectKey()).isEqualTo(first.getObjectKey());
        assertThat(second.getSha256()).isEqualTo(first.getSha256());
        assertThat(second.getSizeBytes()).isEqualTo(first.getSizeBytes());
        assertThat(InvoiceService.sha256(read(first.getObjectKey()))).isEqualTo(first.getSha256());
        assertThat(storage.list("invoices/2026/" + number)).hasSize(1);
    }

    @Test
    void shouldFailFatallyForACreditNoteThatNamesNoInvoice() throws Exception {
        // given a credit note without the invoice it corrects
        String number = newNumber("CN");
        GenerateInvoice payload = InvoiceFixtures.invoice(number, "DE", "de-DE", -2_999, "EUR")
                .setKind(InvoiceKind.CREDIT_NOTE).build();
        JobCommand command = command(payload, 1);

        // when its job runs
        kafka.send(command);

        // then it fails without retry, naming the problem, and nothing is archived or published
        JobFailed failed = kafka.awaitValue(JobFailed.class, event -> event.getJobId().equals(command.getJobId()));
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getError().getMessage()).contains("credit note " + number + " names no invoice");
        assertThat(storage.exists("invoices/2026/" + number + ".pdf")).isFalse();
        assertThat(kafka.seen(InvoiceGenerated.class, event -> event.getInvoiceNumber().equals(number))).isEmpty();
    }

    private byte[] read(String key) throws Exception {
        try (InputStream in = storage.openStream(key)) {
            return in.readAllBytes();
        }
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ZERO).until(condition);
    }

    /** A fresh number in the 2026 series: the archive outlives a test run. */
    private static String newNumber(String series) {
        return series + "-2026-" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The job as the payments scheduler enqueues it: keyed by a job id derived from the number, unique by it. */
    private static JobCommand command(GenerateInvoice payload, int attempt) {
        String jobId = UUID.nameUUIDFromBytes(("invoice:" + payload.getInvoiceNumber()).getBytes()).toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(JobType.GENERATE_INVOICE)
                .setQueue(JobQueue.PAYMENTS)
                .setAttempt(attempt)
                .setMaxAttempts(4)
                .setUniqueKey(payload.getInvoiceNumber())
                .setCorrelationId("flow-" + payload.getTransactionId())
                .setCausationId("invoice-number-assigned-" + payload.getInvoiceNumber())
                .setEnqueuedAt(now)
                .setFirstEnqueuedAt(now)
                .setPayload(payload)
                .build();
    }
}
