// Tier: system IT (the processor and the workers as processes, on the shared test broker, registry, S3 and SMTP
// servers, with the local Stripe API server in this JVM)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.devstack.stripe.StripeApiServer;
import io.coursestream.schemas.invoices.InvoiceEmailed;
import io.coursestream.schemas.invoices.InvoiceGenerated;
import io.coursestream.schemas.invoices.InvoiceNumberAssigned;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.schemas.payments.PaymentFailed;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.testing.InputEvents;

/**
 * Payments across the processes. A {@code PaymentInitiated} becomes a ProcessPayment job the workers charge as a
 * Stripe PaymentIntent (the real SDK, the local Stripe API server), the provider's answer succeeds the transaction in
 * the processor, which numbers the invoice and requests its document; the workers render and archive the PDF, the
 * processor requests its mail, and the buyer gets it with the PDF attached. A payment its job cannot charge (Binance
 * Pay, whose keys these workers lack: a fatal failure) is dead-lettered, and the processor fails the transaction for
 * good from the dead letter and mails the buyer. One processor and one workers instance serve both.
 */
class PaymentsSystemIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path stateDir;

    private static TestEnvironment env;
    private static StripeApiServer stripe;
    private static Applications apps;
    private static KafkaProducer<String, SpecificRecord> producer;
    private static Journal journal;

    @BeforeAll
    static void startApplications() {
        env = TestEnvironment.get();
        stripe = new StripeApiServer().start();
        apps = Applications.processors(env, stateDir, 1);
        producer = LearningEvents.producer(env);
        journal = new Journal(env, List.of(Topics.PAYMENT_PROVIDER_RESULTS.name(), Topics.PAYMENT_RESULTS.name(),
                Topics.INVOICE_NUMBERS.name(), Topics.INVOICE_EVENTS.name(), Topics.JOB_DEAD_LETTER.name()));
        apps.startWorkers(Map.of("coursestream.payments.stripe.api-base", stripe.baseUrl(),
                "coursestream.payments.stripe.api-key", stripe.apiKey(),
                "coursestream.storage.create-bucket", "true"));
    }

    @AfterAll
    static void stopApplications() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {journal, producer, apps, stripe}) {
            if (started != null) {
                started.close();
            }
        }
    }

    @Test
    void shouldChargeTheBuyerAndMailTheInvoiceWithItsPdf() throws Exception {
        // given a German buyer's checkout of 49.00 EUR with a card Stripe charges
        String transaction = UUID.randomUUID().toString();
        String email = "buyer-" + transaction + "@example.org";
        PaymentInitiated initiated = PaymentInitiated.newBuilder(InputEvents.paymentInitiated(transaction,
                Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                .setBuyer(BuyerDetails.newBuilder(InputEvents.paymentInitiated(transaction, Instant.now())
                        .getBuyer()).setEmail(email).build())
                .build();

        // when it reaches the processor
        producer.send(new ProducerRecord<>(Topics.PAYMENT_EVENTS.name(), transaction, initiated)).get();

        // then the workers charge it once through Stripe and the processor succeeds the transaction
        ProviderPaymentResult answer = journal.await(ProviderPaymentResult.class,
                result -> result.getTransactionId().equals(transaction), TIMEOUT);
        assertThat(answer.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(stripe.paymentIntents()).filteredOn(intent -> intent.id().equals(answer.getProviderReference()))
                .singleElement().satisfies(intent -> assertThat(intent.amount()).isEqualTo(4_900L));
        PaymentSucceeded succeeded = journal.await(PaymentSucceeded.class,
                success -> success.getTransactionId().equals(transaction), TIMEOUT);
        assertThat(succeeded.getProviderReference()).isEqualTo(answer.getProviderReference());

        // and numbers its invoice, which the workers render and archive, and the buyer gets it by mail
        InvoiceNumberAssigned number = journal.await(InvoiceNumberAssigned.class,
                assigned -> assigned.getTransactionId().equals(transaction), TIMEOUT);
        assertThat(number.getInvoiceNumber()).matches("INV-\\d{4}-\\d{6}");
        InvoiceGenerated generated = journal.await(InvoiceGenerated.class,
                invoice -> invoice.getInvoiceNumber().equals(number.getInvoiceNumber()), TIMEOUT);
        assertThat(generated.getGross().getAmountMinor()).isEqualTo(4_900L);
        assertThat(generated.getTaxRateBasisPoints()).isEqualTo(1_900);
        assertThat(generated.getEmail()).isEqualTo(email);
        InvoiceEmailed emailed = journal.await(InvoiceEmailed.class,
                mail -> mail.getInvoiceNumber().equals(number.getInvoiceNumber()), TIMEOUT);
        MimeMessage mail = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(
                () -> Arrays.stream(env.greenMail().getReceivedMessages())
                        .filter(message -> recipients(message).contains(email)).findFirst().orElse(null),
                message -> message != null);
        assertThat(mail.getMessageID()).isEqualTo(emailed.getMessageId());
        assertThat(mail.getSubject()).contains(number.getInvoiceNumber());
        List<Part> attachments = attachments(mail);
        assertThat(attachments).singleElement().satisfies(pdf -> {
            assertThat(pdf.getContentType()).startsWith("application/pdf");
            byte[] bytes = pdf.getInputStream().readAllBytes();
            assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            assertThat(bytes.length).isEqualTo(generated.getSizeBytes());
        });
        assertThat(journal.all(PaymentSucceeded.class, success -> success.getTransactionId().equals(transaction)))
                .hasSize(1);
    }

    @Test
    void shouldFailThePaymentForGoodFromItsJobsDeadLetter() throws Exception {
        // given a buyer's checkout with Binance Pay, which these workers cannot charge (no keys: a fatal failure)
        String transaction = UUID.randomUUID().toString();
        String email = "buyer-" + transaction + "@example.org";
        PaymentInitiated template = InputEvents.paymentInitiated(transaction,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        PaymentInitiated initiated = PaymentInitiated.newBuilder(template)
                .setProvider(PaymentProvider.BINANCE_PAY)
                .setPaymentMethodReference(null)
                .setBuyer(BuyerDetails.newBuilder(template.getBuyer()).setEmail(email).build())
                .build();

        // when it reaches the processor
        producer.send(new ProducerRecord<>(Topics.PAYMENT_EVENTS.name(), transaction, initiated)).get();

        // then its ProcessPayment job is dead-lettered at once, and the processor fails the transaction from the dead
        // letter: once, for good, with the job's error
        DeadLetteredJob deadLetter = journal.await(DeadLetteredJob.class, dead -> dead.getCommand().getPayload()
                instanceof ProcessPayment payment && payment.getTransactionId().equals(transaction), TIMEOUT);
        assertThat(deadLetter.getReason()).isEqualTo(DeadLetterReason.FATAL_ERROR);
        PaymentFailed failed = journal.await(PaymentFailed.class,
                failure -> failure.getTransactionId().equals(transaction), TIMEOUT);
        assertThat(failed.getFinalFailure()).isTrue();
        assertThat(failed.getCode()).isEqualTo("invalid_request");
        assertThat(failed.getReason()).contains("FATAL_ERROR").contains("binance");
        // and the buyer is told by mail
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(
                () -> Arrays.stream(env.greenMail().getReceivedMessages())
                        .anyMatch(message -> recipients(message).contains(email)));
        assertThat(journal.all(PaymentFailed.class, failure -> failure.getTransactionId().equals(transaction)))
                .hasSize(1);
        assertThat(journal.all(PaymentSucceeded.class, success -> success.getTransactionId().equals(transaction)))
                .isEmpty();
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return message.getAllRecipients() == null ? List.of()
                    : Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Part> attachments(Part part) throws MessagingException, IOException {
        List<Part> found = new ArrayList<>();
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            found.add(part);
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                found.addAll(attachments(body));
            }
        }
        return found;
    }
}
