// Tier: IT (SEND_WELCOME_EMAIL and SEND_NOTIFICATION jobs from jobs.emails through the workers to the harness's real SMTP server, a local webhook receiver and notifications.notification-events)
package io.coursestream.workers.notifications;

import static io.coursestream.workers.notifications.Mailbox.awaitMailTo;
import static io.coursestream.workers.notifications.Mailbox.part;
import static io.coursestream.workers.notifications.NotificationClients.emailCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.NotificationAttachment;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.jobs.SendWelcomeEmail;
import io.coursestream.schemas.notifications.InAppNotificationPosted;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.NotificationDelivered;
import io.coursestream.schemas.notifications.NotificationFailed;
import io.coursestream.schemas.notifications.UserOnboardingStarted;
import io.coursestream.schemas.notifications.WelcomeEmailSent;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceEmailed;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.invoices.GeneratedInvoice;
import io.coursestream.workers.invoices.InvoiceEventClients;
import io.coursestream.workers.invoices.InvoiceService;
import io.coursestream.workers.WorkersTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The notification handlers end to end: commands produced on {@code jobs.emails}, mail read back from GreenMail,
 * webhook posts received by a JDK HTTP server on loopback, and the events read from
 * {@code notifications.notification-events}.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class NotificationJobsIT {

    private static final String NBSP = "\u00a0";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @ConfigProperty(name = "coursestream.notifications.site-url")
    String siteUrl;

    @ConfigProperty(name = "coursestream.notifications.webhook-secret")
    String webhookSecret;

    @Inject
    FileStorageService storage;

    @Inject
    InvoiceService invoices;

    private NotificationClients kafka;
    private HttpServer receiver;
    private final BlockingQueue<ReceivedPost> posts = new LinkedBlockingQueue<>();

    /** A request the webhook receiver got. */
    private record ReceivedPost(String path, String signature, String idempotencyKey, String contentType,
            byte[] body) {
    }

    @BeforeEach
    void start() throws Exception {
        kafka = new NotificationClients(bootstrapServers, registryUrl);
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // /ok takes the post, /gone refuses it for good, /busy asks to come back later.
        receiver.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            posts.add(new ReceivedPost(path, exchange.getRequestHeaders().getFirst(WebhookSignatures.HEADER),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody().readAllBytes()));
            int status = path.startsWith("/ok") ? 204 : path.startsWith("/gone") ? 410 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        kafka.close();
    }

    @Test
    void shouldSendTheGermanWelcomeMailAndReportItAndTheOnboarding() throws Exception {
        // given a SEND_WELCOME_EMAIL for a German user, scheduled a second ago by the send window
        String userId = "user-" + UUID.randomUUID();
        String email = userId + "@example.org";
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(1);
        JobCommand command = emailCommand(JobType.SEND_WELCOME_EMAIL, notBefore, SendWelcomeEmail.newBuilder()
                .setUserId(userId)
                .setEmail(email)
                .setDisplayName("Jana")
                .setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin"))
                .setOwnReferralCode("JANA42")
                .setRecommendations(List.of(
                        new CourseRecommendation("kafka-101", "Kafka für Einsteiger", "de", 12_345L),
                        new CourseRecommendation("java-streams", "Java Streams", "de", 987L)))
                .setRegisteredAt(Instant.parse("2026-11-28T21:00:00Z"))
                .build());

        // when it reaches jobs.emails
        kafka.send(command);

        // then a German mail with the recommendations, the referral link, the configured terms and one-click
        // unsubscribe arrives, with the Message-ID of its notificationId
        MimeMessage received = awaitMailTo(email);
        assertThat(received.getSubject()).isEqualTo("Willkommen bei coursestream, Jana!");
        String text = part(received, "text/plain");
        assertThat(text).contains("Hallo Jana,")
                .contains("- Kafka für Einsteiger (12.345 Teilnehmende): " + siteUrl + "/courses/kafka-101")
                .contains("- Java Streams (987 Teilnehmende): " + siteUrl + "/courses/java-streams")
                .contains("Dein persönlicher Empfehlungslink: " + siteUrl + "/r/JANA42")
                .contains("erhältst du 20" + NBSP + "% Provision")
                .contains("Haltefrist von 30 Tagen")
                .contains("Guthaben 50,00" + NBSP + "$ erreicht");
        String listUnsubscribe = MimeUtility.unfold(received.getHeader("List-Unsubscribe", null));
        assertThat(listUnsubscribe).startsWith("<").endsWith(">").contains("?token=");
        assertThat(text).contains("Diese E-Mails abbestellen: " + listUnsubscribe.substring(1,
                listUnsubscribe.length() - 1));
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        String notificationId = "welcome:" + userId;
        assertThat(received.getMessageID()).isEqualTo(NotificationService.messageId(notificationId));

        // and WelcomeEmailSent, then UserOnboardingStarted, keyed by the user, in the job's flow
        ConsumerRecord<String, SpecificRecord> sentRecord = kafka.awaitRecord(WelcomeEmailSent.class,
                event -> event.getUserId().equals(userId));
        WelcomeEmailSent sent = (WelcomeEmailSent) sentRecord.value();
        assertThat(sentRecord.key()).isEqualTo(userId);
        assertThat(sent.getNotificationId()).isEqualTo(notificationId);
        assertThat(sent.getEmail()).isEqualTo(email);
        assertThat(sent.getLocale()).isEqualTo("de");
        assertThat(sent.getTimezone()).isEqualTo("Europe/Berlin");
        assertThat(sent.getTemplateId()).isEqualTo("welcome");
        assertThat(sent.getRecommendedCourseIds()).containsExactly("kafka-101", "java-streams");
        assertThat(sent.getReferralCode()).isEqualTo("JANA42");
        assertThat(sent.getScheduledFor()).isEqualTo(notBefore);
        assertThat(sent.getSentAt()).isAfterOrEqualTo(notBefore);
        assertThat(sent.getMessageId()).isEqualTo(received.getMessageID());
        assertThat(sent.getMetadata().getCorrelationId()).isEqualTo(command.getCorrelationId());
        assertThat(sent.getMetadata().getCausationId()).isEqualTo(command.getJobId());
        assertThat(sent.getMetadata().getProducer()).isEqualTo("workers");

        ConsumerRecord<String, SpecificRecord> onboardingRecord = kafka.awaitRecord(UserOnboardingStarted.class,
                event -> event.getUserId().equals(userId));
        UserOnboardingStarted onboarding = (UserOnboardingStarted) onboardingRecord.value();
        assertThat(onboardingRecord.key()).isEqualTo(userId);
        assertThat(onboardingRecord.offset()).isGreaterThan(sentRecord.offset());
        assertThat(onboardingRecord.partition()).isEqualTo(sentRecord.partition());
        assertThat(onboarding.getWelcomeNotificationId()).isEqualTo(notificationId);
        assertThat(onboarding.getLocale()).isEqualTo("de");
        assertThat(onboarding.getRecommendedCourseIds()).containsExactly("kafka-101", "java-streams");
        assertThat(onboarding.getMetadata().getCorrelationId()).isEqualTo(command.getCorrelationId());
    }

    @Test
    void shouldSendACampaignMailWithTheAdminsTextEscapedAndReportItDelivered() throws Exception {
        // given the Spanish part of a campaign whose text has markup and two paragraphs
        String userId = "user-" + UUID.randomUUID();
        String email = userId + "@example.org";
        String notificationId = "campaign-7:" + userId + ":EMAIL";
        JobCommand command = emailCommand(JobType.SEND_NOTIFICATION, null, notification(notificationId,
                NotificationChannel.EMAIL)
                .setUserId(userId)
                .setEmail(email)
                .setLocaleSettings(new LocaleSettings("es-MX", "America/Mexico_City"))
                .setTemplateParams(Map.of("displayName", "Ana"))
                .setSubject("Nuevo curso <gratis>")
                .setBody("Primer párrafo con <b>marcas</b>.\n\nSegundo\npárrafo.")
                .build());

        // when it reaches jobs.emails
        kafka.send(command);

        // then the mail shows the admin's subject and paragraphs, markup as text, with one-click unsubscribe
        MimeMessage received = awaitMailTo(email);
        assertThat(received.getSubject()).isEqualTo("Nuevo curso <gratis>");
        String html = part(received, "text/html");
        assertThat(html).contains("<html lang=\"es\">")
                .contains("<p>Hola, Ana:</p>")
                .contains("<p>Primer párrafo con &lt;b&gt;marcas&lt;/b&gt;.</p>")
                .contains("<p>Segundo párrafo.</p>")
                .doesNotContain("<b>marcas");
        assertThat(part(received, "text/plain")).contains("Primer párrafo con <b>marcas</b>.")
                .contains("El equipo de coursestream")
                .contains("Darse de baja de estos correos: ");
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(received.getMessageID()).isEqualTo(NotificationService.messageId(notificationId));

        // and NotificationDelivered for it, keyed by the user
        ConsumerRecord<String, SpecificRecord> record = kafka.awaitRecord(NotificationDelivered.class,
                event -> event.getNotificationId().equals(notificationId));
        NotificationDelivered delivered = (NotificationDelivered) record.value();
        assertThat(record.key()).isEqualTo(userId);
        assertThat(delivered.getChannel()).isEqualTo(NotificationChannel.EMAIL);
        assertThat(delivered.getCampaignId()).isEqualTo("campaign-7");
        assertThat(delivered.getRecipient()).isEqualTo(email);
        assertThat(delivered.getTemplateId()).isEqualTo("campaign");
        assertThat(delivered.getMessageId()).isEqualTo(received.getMessageID());
        assertThat(delivered.getAttempt()).isEqualTo(1);
        assertThat(delivered.getMetadata().getCausationId()).isEqualTo(command.getJobId());
    }

    @Test
    void shouldNotMailAgainWhenAJobWhoseMailWasAcceptedRunsAgain() throws Exception {
        // given a campaign mail sent and reported
        String userId = "user-" + UUID.randomUUID();
        String email = userId + "@example.org";
        String notificationId = "campaign-8:" + userId + ":EMAIL";
        JobCommand command = emailCommand(JobType.SEND_NOTIFICATION, null, notification(notificationId,
                NotificationChannel.EMAIL).setUserId(userId).setEmail(email).setBody("Once.").build());
        RecordMetadata first = kafka.send(command);
        kafka.awaitValue(NotificationDelivered.class,
                event -> event.getNotificationId().equals(notificationId) && event.getAttempt() == 1);

        // when its job runs again (as after a report lost to a crash, or a retry of a failure after the send)
        kafka.send(JobCommand.newBuilder(command).setAttempt(2).build());

        // then it is reported delivered again, from the receipt the first run wrote on its partition, not mailed again
        NotificationDelivered again = kafka.awaitValue(NotificationDelivered.class,
                event -> event.getNotificationId().equals(notificationId) && event.getAttempt() == 2);
        assertThat(again.getMessageId()).isEqualTo(NotificationService.messageId(notificationId));
        assertThat(Mailbox.countMailTo(email)).isEqualTo(1);
        assertThat(kafka.receipts(first.partition(), notificationId)).singleElement().satisfies(receipt -> {
            assertThat(receipt.getJobId()).isEqualTo(command.getJobId());
            assertThat(receipt.getMessageId()).isEqualTo(again.getMessageId());
        });
    }

    @Test
    void shouldPostAnInAppNotificationRenderedWithoutTheMailFooter() throws Exception {
        // given the French in-app part of a campaign without a subject of its own
        String userId = "user-" + UUID.randomUUID();
        String notificationId = "campaign-7:" + userId + ":IN_APP";
        kafka.send(emailCommand(JobType.SEND_NOTIFICATION, null, notification(notificationId,
                NotificationChannel.IN_APP)
                .setUserId(userId)
                .setLocaleSettings(new LocaleSettings("fr-CA", "America/Toronto"))
                .setBody("Un nouveau cours vous attend.")
                .build()));

        // then InAppNotificationPosted with the template's French subject and the text, then NotificationDelivered
        ConsumerRecord<String, SpecificRecord> postedRecord = kafka.awaitRecord(InAppNotificationPosted.class,
                event -> event.getNotificationId().equals(notificationId));
        InAppNotificationPosted posted = (InAppNotificationPosted) postedRecord.value();
        assertThat(postedRecord.key()).isEqualTo(userId);
        assertThat(posted.getUserId()).isEqualTo(userId);
        assertThat(posted.getCampaignId()).isEqualTo("campaign-7");
        assertThat(posted.getLocale()).isEqualTo("fr");
        assertThat(posted.getTitle()).isEqualTo("Des nouvelles de coursestream");
        assertThat(posted.getBody()).isEqualTo("Un nouveau cours vous attend.\n\nL'équipe coursestream");

        ConsumerRecord<String, SpecificRecord> deliveredRecord = kafka.awaitRecord(NotificationDelivered.class,
                event -> event.getNotificationId().equals(notificationId));
        NotificationDelivered delivered = (NotificationDelivered) deliveredRecord.value();
        assertThat(deliveredRecord.key()).isEqualTo(userId);
        assertThat(deliveredRecord.offset()).isGreaterThan(postedRecord.offset());
        assertThat(delivered.getChannel()).isEqualTo(NotificationChannel.IN_APP);
        assertThat(delivered.getRecipient()).isEqualTo(userId);
        assertThat(delivered.getMessageId()).isNull();
    }

    @Test
    void shouldPostASignedWebhookDocumentAndReportItDelivered() throws Exception {
        // given the webhook part of a campaign for a receiver that answers 204
        String userId = "user-" + UUID.randomUUID();
        String notificationId = "campaign-7:" + userId + ":WEBHOOK";
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/ok/" + userId;
        kafka.send(emailCommand(JobType.SEND_NOTIFICATION, null, notification(notificationId,
                NotificationChannel.WEBHOOK)
                .setUserId(userId)
                .setTemplateParams(Map.of(SendNotificationHandler.WEBHOOK_URL_PARAM, url))
                .setSubject("Release 2.0")
                .setBody("Everything is faster.")
                .build()));

        // then the receiver got one JSON post whose signature verifies with the shared secret
        ReceivedPost post = posts.poll(30, TimeUnit.SECONDS);
        assertThat(post).isNotNull();
        assertThat(post.path()).isEqualTo("/ok/" + userId);
        assertThat(post.contentType()).isEqualTo("application/json");
        assertThat(post.idempotencyKey()).isEqualTo(notificationId);
        new WebhookSignatures(webhookSecret, "webhook-secret").verify(post.signature(), post.body(), Instant.now(),
                Duration.ofMinutes(1));
        JsonNode document = new ObjectMapper().readTree(post.body());
        assertThat(document.fieldNames()).toIterable()
                .containsExactly("notificationId", "campaignId", "userId", "category", "title", "body", "sentAt");
        assertThat(document.get("notificationId").asText()).isEqualTo(notificationId);
        assertThat(document.get("campaignId").asText()).isEqualTo("campaign-7");
        assertThat(document.get("userId").asText()).isEqualTo(userId);
        assertThat(document.get("category").asText()).isEqualTo("MARKETING");
        assertThat(document.get("title").asText()).isEqualTo("Release 2.0");
        assertThat(document.get("body").asText()).isEqualTo("Everything is faster.\n\nThe coursestream team");
        assertThat(Instant.parse(document.get("sentAt").asText())).isBefore(Instant.now());
        // a signature over other bytes does not verify
        byte[] tampered = new String(post.body(), StandardCharsets.UTF_8).replace("faster", "slower")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new WebhookSignatures(webhookSecret, "webhook-secret")
                .verify(post.signature(), tampered, Instant.now(), Duration.ofMinutes(1)))
                .isInstanceOf(WebhookSignatures.InvalidSignatureException.class);

        // and NotificationDelivered names the URL
        NotificationDelivered delivered = kafka.awaitValue(NotificationDelivered.class,
                event -> event.getNotificationId().equals(notificationId));
        assertThat(delivered.getChannel()).isEqualTo(NotificationChannel.WEBHOOK);
        assertThat(delivered.getRecipient()).isEqualTo(url);
    }

    @Test
    void shouldReportARefusedWebhookAsAFinalFailureAndAnUnavailableOneAsRetriable() throws Exception {
        // given two webhook notifications: one receiver answers 410 Gone, the other 503
        String userId = "user-" + UUID.randomUUID();
        String gone = "campaign-8:" + userId + ":WEBHOOK";
        String busy = "campaign-9:" + userId + ":WEBHOOK";
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        kafka.send(emailCommand(JobType.SEND_NOTIFICATION, null, notification(gone, NotificationChannel.WEBHOOK)
                .setUserId(userId).setTemplateParams(Map.of("webhookUrl", base + "/gone")).setBody("x").build()));
        kafka.send(emailCommand(JobType.SEND_NOTIFICATION, null, notification(busy, NotificationChannel.WEBHOOK)
                .setUserId(userId).setTemplateParams(Map.of("webhookUrl", base + "/busy")).setBody("x").build()));

        // then NotificationFailed for each: final for 410, not final for 503 on attempt 1 of 5
        NotificationFailed refused = kafka.awaitValue(NotificationFailed.class,
                event -> event.getNotificationId().equals(gone));
        assertThat(refused.getFinalFailure()).isTrue();
        assertThat(refused.getErrorCode()).isEqualTo("HTTP 410");
        assertThat(refused.getRecipient()).isEqualTo(base + "/gone");
        NotificationFailed unavailable = kafka.awaitValue(NotificationFailed.class,
                event -> event.getNotificationId().equals(busy));
        assertThat(unavailable.getFinalFailure()).isFalse();
        assertThat(unavailable.getErrorCode()).isEqualTo("HTTP 503");
        assertThat(unavailable.getAttempt()).isEqualTo(1);
        assertThat(kafka.seen()).noneMatch(record -> record.value() instanceof NotificationDelivered delivered
                && (delivered.getNotificationId().equals(gone) || delivered.getNotificationId().equals(busy)));
    }

    @Test
    void shouldMailAnAdminAlertAsCriticalToAnAddressWithoutUser() throws Exception {
        // given an alert for an administrator's address (no user, no locale)
        String email = "admin-" + UUID.randomUUID() + "@example.org";
        String notificationId = "alert-" + UUID.randomUUID() + ":" + email;
        kafka.send(emailCommand(JobType.SEND_NOTIFICATION, null, SendNotification.newBuilder()
                .setNotificationId(notificationId)
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.ADMIN)
                .setCritical(true)
                .setEmail(email)
                .setTemplateId("admin-alert")
                .setTemplateParams(Map.of(
                        "title", "Job ProcessPayment 3f2a dead-lettered on payments",
                        "detail", "Stripe answered 500 four times.\nRetry it from the CLI.",
                        "severity", "CRITICAL",
                        "queue", "PAYMENTS",
                        "jobType", "PROCESS_PAYMENT",
                        "jobId", "3f2a",
                        "source", "processor/job-scheduler"))
                .build()));

        // then an English alert arrives with its facts, no unsubscribe header and the admin footer
        MimeMessage received = awaitMailTo(email);
        assertThat(received.getSubject()).isEqualTo("Alert: Job ProcessPayment 3f2a dead-lettered on payments");
        assertThat(received.getHeader("List-Unsubscribe")).isNull();
        // SMTP carries CRLF line ends
        String text = part(received, "text/plain").replace("\r\n", "\n");
        assertThat(text).contains("Severity: CRITICAL")
                .contains("Queue: PAYMENTS")
                .contains("Job type: PROCESS_PAYMENT\nJob: 3f2a\nRaised by: processor/job-scheduler")
                .contains("Stripe answered 500 four times.\nRetry it from the CLI.")
                .contains("You receive this alert because you are an administrator of coursestream.")
                .doesNotContain("Unsubscribe");
        assertThat(part(received, "text/html")).contains("<pre style=\"white-space: pre-wrap;\">Stripe answered");

        // and NotificationDelivered keyed by the address, as there is no user
        ConsumerRecord<String, SpecificRecord> record = kafka.awaitRecord(NotificationDelivered.class,
                event -> event.getNotificationId().equals(notificationId));
        assertThat(record.key()).isEqualTo(email);
        assertThat(((NotificationDelivered) record.value()).getUserId()).isNull();
    }

    @Test
    void shouldAttachAFileFromObjectStorageAndFailFatallyForAMissingOne() throws Exception {
        // given an invoice PDF in object storage
        String userId = "user-" + UUID.randomUUID();
        String email = userId + "@example.org";
        byte[] pdf = ("%PDF-1.7 invoice for " + userId).getBytes(StandardCharsets.UTF_8);
        storage.ensureBucket();
        storage.put("invoices/" + userId + "/INV-1.pdf", pdf, "application/pdf");

        // when an invoice mail attaches it
        String notificationId = "invoice-1:" + userId;
        kafka.send(emailCommand(JobType.SEND_NOTIFICATION, null, invoiceMail(notificationId, userId, email,
                storage.bucket(), "invoices/" + userId + "/INV-1.pdf")));

        // then the mail carries the file byte for byte
        MimeMessage received = Mailbox.awaitMailTo(email);
        Multipart parts = (Multipart) received.getContent();
        BodyPart attachment = null;
        for (int i = 0; i < parts.getCount(); i++) {
            if (Part.ATTACHMENT.equalsIgnoreCase(parts.getBodyPart(i).getDisposition())) {
                attachment = parts.getBodyPart(i);
            }
        }
        assertThat(attachment).isNotNull();
        assertThat(attachment.getFileName()).isEqualTo("INV-1.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        assertThat(attachment.getInputStream().readAllBytes()).isEqualTo(pdf);
        kafka.awaitValue(NotificationDelivered.class, event -> event.getNotificationId().equals(notificationId));

        // when another mail names an object that is not there
        String missingId = "invoice-2:" + userId;
        kafka.send(emailCommand(JobType.SEND_NOTIFICATION, null, invoiceMail(missingId, userId, email,
                storage.bucket(), "invoices/" + userId + "/INV-2.pdf")));

        // then a final NotificationFailed names it, and no second mail went out
        NotificationFailed failed = kafka.awaitValue(NotificationFailed.class,
                event -> event.getNotificationId().equals(missingId));
        assertThat(failed.getFinalFailure()).isTrue();
        assertThat(failed.getReason()).contains("invoices/" + userId + "/INV-2.pdf");
        assertThat(Mailbox.countMailTo(email)).isEqualTo(1);
    }

    @Test
    void shouldMailTheArchivedInvoicePdfAndReportInvoiceEmailed() throws Exception {
        // given an invoice of 119.00 EUR rendered and archived by the invoice service
        String userId = "user-" + UUID.randomUUID();
        String email = userId + "@example.org";
        String number = "INV-2026-" + UUID.randomUUID().toString().substring(0, 8);
        storage.ensureBucket();
        GeneratedInvoice invoice = invoices.generate(GenerateInvoice.newBuilder()
                .setInvoiceNumber(number)
                .setKind(InvoiceKind.INVOICE)
                .setTransactionId("tx-" + number)
                .setUserId(userId)
                .setBuyer(BuyerDetails.newBuilder().setName("Jana Example").setEmail(email).setCountry("DE")
                        .setLocale("de-DE").build())
                .setLineDescription("Kafka Streams in Practice")
                .setGross(new Money(11_900L, "EUR"))
                .setProvider(PaymentProvider.STRIPE)
                .setPaymentReference("pi_" + number)
                .setPaidAt(Instant.parse("2026-11-28T10:14:02Z"))
                .setIssuedAt(Instant.parse("2026-11-28T10:15:30Z"))
                .build());

        // when the invoice mail is requested as the payment topology does on InvoiceGenerated
        String notificationId = "invoice:" + number;
        JobCommand command = emailCommand(JobType.SEND_NOTIFICATION, null, SendNotification.newBuilder()
                .setNotificationId(notificationId)
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.BILLING)
                .setCritical(true)
                .setUserId(userId)
                .setEmail(email)
                .setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin"))
                .setTemplateId("invoice")
                .setTemplateParams(Map.of("invoiceNumber", number, "kind", "INVOICE", "transactionId", "tx-" + number,
                        "grossMinor", "11900", "currency", "EUR", "locale", "de-DE", "buyerName", "Jana"))
                .setAttachments(List.of(new NotificationAttachment(invoice.bucket(), invoice.objectKey(),
                        invoice.fileName(), "application/pdf")))
                .build());
        kafka.send(command);

        // then a German mail arrives with the archived PDF attached, byte for byte
        MimeMessage received = awaitMailTo(email);
        assertThat(received.getSubject()).isEqualTo("Deine Rechnung " + number);
        assertThat(part(received, "text/plain")).contains("Hallo Jana,")
                .contains("deine Rechnung " + number + " über 119,00" + NBSP + "€ als PDF")
                .contains("Dies ist eine Servicenachricht");
        assertThat(received.getHeader("List-Unsubscribe")).isNull();
        BodyPart attachment = attachment(received);
        assertThat(attachment.getFileName()).isEqualTo(number + ".pdf");
        byte[] attached = attachment.getInputStream().readAllBytes();
        assertThat(attached).hasSize((int) invoice.sizeBytes());
        assertThat(sha256(attached)).isEqualTo(invoice.sha256());

        // and InvoiceEmailed, keyed by the number, names the mail's Message-ID, in the job's flow
        try (InvoiceEventClients invoiceEvents = new InvoiceEventClients(bootstrapServers, registryUrl)) {
            ConsumerRecord<String, SpecificRecord> record = invoiceEvents.awaitRecord(InvoiceEmailed.class,
                    event -> event.getInvoiceNumber().equals(number));
            InvoiceEmailed emailed = (InvoiceEmailed) record.value();
            assertThat(record.key()).isEqualTo(number);
            assertThat(emailed.getKind()).isEqualTo(InvoiceKind.INVOICE);
            assertThat(emailed.getTransactionId()).isEqualTo("tx-" + number);
            assertThat(emailed.getUserId()).isEqualTo(userId);
            assertThat(emailed.getEmail()).isEqualTo(email);
            assertThat(emailed.getMessageId()).isEqualTo(received.getMessageID());
            assertThat(emailed.getMetadata().getCorrelationId()).isEqualTo(command.getCorrelationId());
            assertThat(emailed.getMetadata().getCausationId()).isEqualTo(command.getJobId());
        }
        kafka.awaitValue(NotificationDelivered.class, event -> event.getNotificationId().equals(notificationId));
    }

    private static String sha256(byte[] content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static BodyPart attachment(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (Part.ATTACHMENT.equalsIgnoreCase(parts.getBodyPart(i).getDisposition())) {
                return parts.getBodyPart(i);
            }
        }
        throw new AssertionError("no attachment in " + message.getSubject());
    }

    private static SendNotification invoiceMail(String notificationId, String userId, String email, String bucket,
            String objectKey) {
        return SendNotification.newBuilder()
                .setNotificationId(notificationId)
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.BILLING)
                .setCritical(true)
                .setUserId(userId)
                .setEmail(email)
                .setTemplateId("admin-alert")
                .setTemplateParams(Map.of("title", "Your invoice", "detail", "Attached."))
                .setAttachments(List.of(new NotificationAttachment(bucket, objectKey, objectKey.substring(
                        objectKey.lastIndexOf('/') + 1), "application/pdf")))
                .build();
    }

    private static SendNotification.Builder notification(String notificationId, NotificationChannel channel) {
        return SendNotification.newBuilder()
                .setNotificationId(notificationId)
                .setChannel(channel)
                .setCategory(NotificationCategory.MARKETING)
                .setCritical(false)
                .setTemplateId("campaign")
                .setCampaignId("campaign-7");
    }
}
