// Tier: system IT (the processor and the workers as processes, on the shared test broker, registry and SMTP server)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.mail.Address;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.notifications.AudienceKind;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignAudience;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.NotificationDelivered;
import io.coursestream.schemas.notifications.WelcomeEmailSent;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.testkit.TestEnvironment;

/**
 * Notifications end to end, with the real SMTP server: a new user's welcome mail in their language inside their local
 * daytime, its one-click unsubscribe recorded by the processor, a hard bounce reported to the workers' webhook
 * suppressing an address, a campaign to 10,000 users sent at the workers' configured e-mail rate that skips the
 * unsubscribed user and the suppressed address and whose counts add up to the audience, and an admin alert of the job
 * runtime mailed to the configured administrator. The welcome mail held from 23:00 to 08:00 local is WelcomeJourneyIT's
 * (the workers' tests), on a controllable clock; here the user registers while it is daytime where they live.
 */
class NotificationsSystemIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(6);
    private static final int CAMPAIGN_USERS = 10_000;
    /** The workers' e-mail channel limit here: tokens per second, and the burst saved up. */
    private static final int EMAILS_PER_SECOND = 250;
    private static final int EMAIL_BURST = 50;
    /** The workers' jobs.emails concurrency (smallrye.messaging.worker.jobs-emails.max-concurrency). */
    private static final int EMAIL_SENDS_IN_FLIGHT = 8;
    private static final String ADMIN = "ops-" + UUID.randomUUID() + "@coursestream.test";
    private static final String BOUNCE_SECRET = "system-test-bounce-webhook-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path stateDir;

    private static TestEnvironment env;
    private static Applications apps;
    private static KafkaProducer<String, SpecificRecord> producer;

    @BeforeAll
    static void startApplications() {
        env = TestEnvironment.get();
        apps = Applications.processors(env, stateDir, 1, Map.of(
                "coursestream.notifications.admin-alerts.emails", ADMIN));
        apps.startWorkers(Map.of(
                "coursestream.notifications.unsubscribe-url", apps.api() + "/api/unsubscribe",
                "coursestream.notifications.bounce-webhook-secret", BOUNCE_SECRET,
                // The queue's own limit out of the way: the channel's is the one under test.
                "coursestream.workers.queues.emails.rate-limit.permits", "100000",
                "coursestream.workers.queues.emails.rate-limit.capacity", "100000",
                "coursestream.notifications.channels.email.rate-limit.permits", Integer.toString(EMAILS_PER_SECOND),
                "coursestream.notifications.channels.email.rate-limit.period", "PT1S",
                "coursestream.notifications.channels.email.rate-limit.capacity", Integer.toString(EMAIL_BURST)));
        producer = LearningEvents.producer(env);
    }

    @AfterAll
    static void stopApplications() {
        if (producer != null) {
            producer.close();
        }
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    void shouldWelcomeAUserInTheirLanguageThenLeaveThemOutOfACampaignAfterTheyUnsubscribed() throws Exception {
        try (Journal journal = new Journal(env, List.of(Topics.NOTIFICATION_EVENTS.name()))) {
            // given 10,000 users who registered last week (too long ago for a welcome mail) and Jana, who registers
            // now, where it is daytime; all of them enrolled in one course
            String courseId = "course-" + UUID.randomUUID();
            Instant lastWeek = Instant.now().minus(Duration.ofDays(7));
            List<String> users = IntStream.range(0, CAMPAIGN_USERS).mapToObj(i -> UUID.randomUUID().toString())
                    .toList();
            long registrationsBefore = inputCount(Topics.USER_EVENTS.name(), "UserRegistered");
            long enrolmentsBefore = inputCount(Topics.LEARNING_EVENTS.name(), "CourseEnrolled");
            String[] locales = {"en-GB", "de-DE", "fr-FR", "es-ES"};
            for (int i = 0; i < users.size(); i++) {
                send(Topics.USER_EVENTS.name(), registered(users.get(i), locales[i % locales.length], "UTC",
                        lastWeek.plusMillis(i)));
            }
            String jana = UUID.randomUUID().toString();
            String janasZone = daytimeZone();
            String janasAddress = "jana-" + jana + "@example.org";
            send(Topics.USER_EVENTS.name(), registered(jana, janasAddress, "de-DE", janasZone, Instant.now()));
            for (String user : users) {
                send(Topics.LEARNING_EVENTS.name(), LearningEvents.courseEnrolled(user, courseId, Instant.now()));
            }
            send(Topics.LEARNING_EVENTS.name(), LearningEvents.courseEnrolled(jana, courseId, Instant.now()));
            producer.flush();

            // when Jana's welcome mail arrives
            MimeMessage welcome = awaitMail(janasAddress, message -> true);

            // then it is German, says where it is from, and unsubscribes in one click
            WelcomeEmailSent sent = journal.await(WelcomeEmailSent.class, e -> e.getUserId().equals(jana), TIMEOUT);
            assertThat(sent.getLocale()).isEqualTo("de");
            assertThat(sent.getTimezone()).isEqualTo(janasZone);
            assertThat(welcome.getSubject()).startsWith("Willkommen bei coursestream");
            assertThat(welcome.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
            String link = welcome.getHeader("List-Unsubscribe", null).replaceAll("^<|>$", "");
            assertThat(link).startsWith(apps.api() + "/api/unsubscribe?token=");
            HttpResponse<String> unsubscribed = HTTP.send(HttpRequest.newBuilder(URI.create(link))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unsubscribed.statusCode()).isEqualTo(200);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(permission(jana, "ONBOARDING", "EMAIL"))
                    .isEqualTo("UNSUBSCRIBED"));
            // and when the mail provider reports a hard bounce for the first user's address
            String bounced = users.get(0);
            HttpResponse<String> bounceReport = reportHardBounce(bounced, address(bounced));
            assertThat(bounceReport.statusCode()).as(bounceReport.body()).isEqualTo(202);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(permission(bounced, "ONBOARDING", "EMAIL"))
                    .isEqualTo("ADDRESS_SUPPRESSED"));
            // and every registration and enrolment is in the directory before the campaign starts
            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(inputCount(Topics.USER_EVENTS.name(), "UserRegistered"))
                        .isGreaterThanOrEqualTo(registrationsBefore + CAMPAIGN_USERS + 1);
                assertThat(inputCount(Topics.LEARNING_EVENTS.name(), "CourseEnrolled"))
                        .isGreaterThanOrEqualTo(enrolmentsBefore + CAMPAIGN_USERS + 1);
            });

            // when an onboarding campaign goes to everyone enrolled in the course
            String campaignId = UUID.randomUUID().toString();
            String subject = "Your first week " + campaignId;
            send(Topics.CAMPAIGN_EVENTS.name(), campaignId, campaign(campaignId, courseId, subject));
            producer.flush();

            // then it completes, its counts add up to the audience, and Jana and the bounced address were skipped
            JsonNode status = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> get("/api/campaigns/" + campaignId), node -> node.path("completed").asBoolean());
            assertThat(status.path("audience").asLong()).isEqualTo(CAMPAIGN_USERS + 1);
            assertThat(status.path("targeted").asLong()).isEqualTo(CAMPAIGN_USERS + 1);
            assertThat(status.path("sent").asLong()).isEqualTo(CAMPAIGN_USERS - 1);
            assertThat(status.path("skipped").asLong()).isEqualTo(2);
            assertThat(status.path("skippedByReason").path("UNSUBSCRIBED").asLong()).isEqualTo(1);
            assertThat(status.path("skippedByReason").path("ADDRESS_SUPPRESSED").asLong()).isEqualTo(1);
            assertThat(status.path("delivered").asLong()).isEqualTo(CAMPAIGN_USERS - 1);
            assertThat(status.path("failed").asLong()).isZero();
            assertThat(status.path("status").asText()).isEqualTo("COMPLETED");

            // and the SMTP server got one mail per user, none for Jana or the bounced address
            List<String> recipients = campaignRecipients(subject);
            assertThat(recipients).hasSize(CAMPAIGN_USERS - 1).doesNotHaveDuplicates()
                    .doesNotContain(janasAddress, address(bounced)).contains(address(users.get(1)),
                            address(users.get(9_999)));

            // and no second of delivery went over the channel's rate (plus its burst, plus the sends in flight: a
            // token is taken before the send, and the mails of the worker's concurrent sends can complete together)
            List<Instant> deliveries = await().atMost(TIMEOUT).pollDelay(Duration.ZERO)
                    .until(() -> journal.all(NotificationDelivered.class, e -> campaignId.equals(e.getCampaignId()))
                            .stream().map(NotificationDelivered::getDeliveredAt).sorted().toList(),
                            all -> all.size() >= CAMPAIGN_USERS - 1);
            assertThat(deliveries).hasSize(CAMPAIGN_USERS - 1);
            assertThat(busiestSecond(deliveries))
                    .isLessThanOrEqualTo(EMAILS_PER_SECOND + EMAIL_BURST + EMAIL_SENDS_IN_FLIGHT);
            assertThat(Duration.between(deliveries.get(0), deliveries.get(deliveries.size() - 1)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1000L * (CAMPAIGN_USERS - EMAIL_BURST)
                            / EMAILS_PER_SECOND - 1000));
        }
    }

    @Test
    void shouldMailAnAdminAlertOfTheJobRuntimeToTheConfiguredAdministrator() throws Exception {
        // when a payments job fails for good, which the job runtime raises an alert for
        Cli.Result probe = new Cli(env, apps.api()).run("jobs", "probe", "--queue", "payments", "--fatal");
        assertThat(probe.exitCode()).as(probe.err()).isZero();
        String jobId = probe.lastLine();

        // then the administrator gets a mail naming the job
        MimeMessage alert = awaitMail(ADMIN, message -> text(message).contains(jobId));
        assertThat(alert.getSubject()).isEqualTo("PROBE job dead-lettered on queue PAYMENTS");
        assertThat(alert.getHeader("List-Unsubscribe")).isNull();
    }

    private static MimeMessage awaitMail(String recipient, Predicate<MimeMessage> condition) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(
                () -> Arrays.stream(env.greenMail().getReceivedMessages())
                        .filter(message -> isTo(message, recipient) && condition.test(message)).findFirst()
                        .orElse(null),
                message -> message != null);
    }

    private static boolean isTo(MimeMessage message, String recipient) {
        try {
            Address[] to = message.getAllRecipients();
            return to != null && Arrays.stream(to).anyMatch(address -> address.toString().equals(recipient));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every text part of the message, decoded. */
    private static String text(Part part) {
        try {
            if (part.isMimeType("text/*")) {
                return (String) part.getContent();
            }
            StringBuilder text = new StringBuilder();
            if (part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    text.append(text(multipart.getBodyPart(i)));
                }
            }
            return text.toString();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> campaignRecipients(String subject) throws MessagingException {
        List<String> recipients = new ArrayList<>();
        for (MimeMessage message : env.greenMail().getReceivedMessages()) {
            if (subject.equals(message.getSubject())) {
                for (Address address : message.getAllRecipients()) {
                    recipients.add(address.toString());
                }
            }
        }
        return recipients;
    }

    /** A HARD bounce report to the workers' webhook, signed as a mail provider's relay would sign it. */
    private static HttpResponse<String> reportHardBounce(String userId, String email) throws Exception {
        String body = JSON.writeValueAsString(Map.of("email", email, "type", "HARD", "userId", userId,
                "reportedBy", "system-test-relay", "diagnosticCode", "5.1.1 user unknown",
                "bouncedAt", Instant.now().toString()));
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(BOUNCE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(apps.workersUrl("/webhooks/mail-bounces")))
                .header("Content-Type", "application/json")
                .header("X-Coursestream-Signature", "t=" + timestamp + ",v1=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The most instants within any one second. */
    static int busiestSecond(List<Instant> sorted) {
        int busiest = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (Duration.between(sorted.get(first), sorted.get(last)).toMillis() >= 1000) {
                first++;
            }
            busiest = Math.max(busiest, last - first + 1);
        }
        return busiest;
    }

    /** A zone where it is between 10:00 and 18:00 now, so a welcome mail goes out at once. */
    private static String daytimeZone() {
        return IntStream.rangeClosed(-12, 14).mapToObj(hours -> "Etc/GMT" + (hours <= 0 ? "+" : "-") + Math.abs(hours))
                .filter(zone -> {
                    int hour = ZonedDateTime.now(ZoneId.of(zone)).getHour();
                    return hour >= 10 && hour < 18;
                })
                .findFirst().orElseThrow();
    }

    private static String permission(String userId, String category, String channel) throws Exception {
        for (JsonNode permission : get("/api/users/" + userId + "/notifications").path("permissions")) {
            if (permission.path("category").asText().equals(category)
                    && permission.path("channel").asText().equals(channel)) {
                return permission.path("reason").asText();
            }
        }
        return null;
    }

    private static long inputCount(String topic, String eventType) throws Exception {
        for (JsonNode count : get("/api/inputs")) {
            if (count.path("topic").asText().equals(topic) && count.path("eventType").asText().equals(eventType)) {
                return count.path("count").asLong();
            }
        }
        return 0;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(apps.api() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    private static void send(String topic, SpecificRecord event) {
        String key = (String) event.get(event.getSchema().getField("userId").pos());
        send(topic, key, event);
    }

    private static void send(String topic, String key, SpecificRecord event) {
        EventMetadata metadata = (EventMetadata) event.get(event.getSchema().getField("metadata").pos());
        producer.send(new ProducerRecord<>(topic, null, metadata.getOccurredAt().toEpochMilli(), key, event));
    }

    private static String address(String userId) {
        return "user-" + userId + "@example.org";
    }

    private static UserRegistered registered(String userId, String locale, String zone, Instant at) {
        return registered(userId, address(userId), locale, zone, at);
    }

    private static UserRegistered registered(String userId, String email, String locale, String zone, Instant at) {
        return UserRegistered.newBuilder().setMetadata(metadata(at)).setUserId(userId).setEmail(email)
                .setDisplayName("Learner " + userId.substring(0, 8))
                .setLocaleSettings(LocaleSettings.newBuilder().setLocale(locale).setTimezone(zone).build())
                .setCountry(null).setReferralCode(null).setOwnReferralCode("R" + userId.substring(0, 8).toUpperCase())
                .setIpAddress("203.0.113.7").setDeviceId(null).setUserAgent(null).setMarketingOptIn(false).build();
    }

    private static BulkNotificationRequested campaign(String campaignId, String courseId, String subject) {
        return BulkNotificationRequested.newBuilder().setMetadata(metadata(Instant.now())).setCampaignId(campaignId)
                .setRequestedBy("ops@coursestream.test")
                .setAudience(CampaignAudience.newBuilder().setKind(AudienceKind.ENROLLED_IN_COURSE)
                        .setCourseId(courseId).build())
                .setChannels(List.of(NotificationChannel.EMAIL)).setCategory(NotificationCategory.ONBOARDING)
                .setCritical(false).setTemplateId("campaign").setSubject(subject)
                .setBody("Welcome to your first week.\n\nHere is what to do next.").setBatchSize(500).build();
    }

    private static EventMetadata metadata(Instant at) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at)
                .setCorrelationId(UUID.randomUUID().toString()).setCausationId(null).setProducer("web-app").build();
    }
}
