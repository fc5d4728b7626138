// Tier: IT (the bounce webhook over HTTP in the running workers, NotificationBounced read back from the real broker)
package io.coursestream.workers.notifications;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.notifications.BounceType;
import io.coursestream.schemas.notifications.NotificationBounced;
import io.coursestream.workers.WorkersTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * {@code POST /webhooks/mail-bounces}: a signed report becomes {@code NotificationBounced} on
 * {@code notifications.notification-events}; a bad or stale signature is refused with 401 and publishes nothing; an
 * invalid report is refused with 400 naming its field.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class MailBounceWebhookIT {

    private static final String PATH = "/webhooks/mail-bounces";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @ConfigProperty(name = "coursestream.notifications.bounce-webhook-secret")
    String bounceSecret;

    private NotificationClients kafka;
    private WebhookSignatures signatures;

    @BeforeEach
    void connect() {
        kafka = new NotificationClients(bootstrapServers, registryUrl);
        signatures = new WebhookSignatures(bounceSecret, "bounce-webhook-secret");
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void shouldPublishASignedHardBounceAsSuppressingAndRefuseAForgedOneWithoutPublishing() {
        // given a forged report and a genuine one for the same user (one key, so one partition, forged one first)
        String userId = "user-" + UUID.randomUUID();
        String forgedEmail = "forged-" + userId + "@example.org";
        String email = "Jana." + userId + "@Example.org";
        byte[] forged = report(forgedEmail, "HARD", userId);
        byte[] genuine = report(email, "HARD", userId);

        // when the forged one comes signed with another key, then the genuine one with ours
        WebhookSignatures otherKey = new WebhookSignatures("another-secret-that-is-long-enough-0123456789", "x");
        given().contentType(ContentType.JSON)
                .header(WebhookSignatures.HEADER, otherKey.sign(forged, Instant.now()))
                .body(forged)
                .post(PATH)
                .then().statusCode(401).contentType(ContentType.JSON)
                .body("message", containsString("signature does not match"));
        given().contentType(ContentType.JSON)
                .header(WebhookSignatures.HEADER, signatures.sign(genuine, Instant.now()))
                .body(genuine)
                .post(PATH)
                .then().statusCode(202).body("eventId", notNullValue());

        // then NotificationBounced for the genuine one, lower-cased and suppressing, keyed by the user
        ConsumerRecord<String, SpecificRecord> record = kafka.awaitRecord(NotificationBounced.class,
                event -> userId.equals(event.getUserId()));
        NotificationBounced bounced = (NotificationBounced) record.value();
        assertThat(record.key()).isEqualTo(userId);
        assertThat(bounced.getEmail()).isEqualTo(email.toLowerCase());
        assertThat(bounced.getBounceType()).isEqualTo(BounceType.HARD);
        assertThat(bounced.getSuppressed()).isTrue();
        assertThat(bounced.getNotificationId()).isEqualTo("campaign-7:" + userId + ":EMAIL");
        assertThat(bounced.getCampaignId()).isEqualTo("campaign-7");
        assertThat(bounced.getMessageId()).isEqualTo("<abc@coursestream>");
        assertThat(bounced.getDiagnosticCode()).isEqualTo("5.1.1 user unknown");
        assertThat(bounced.getReportedBy()).isEqualTo("relay-it");
        assertThat(bounced.getBouncedAt()).isEqualTo(Instant.parse("2026-11-28T22:00:00Z"));
        assertThat(bounced.getMetadata().getProducer()).isEqualTo("workers");

        // and nothing for the forged one, which would have come before it on the same partition
        assertThat(kafka.seen()).noneMatch(seen -> seen.value() instanceof NotificationBounced other
                && other.getEmail().equals(forgedEmail));
    }

    @Test
    void shouldKeyASoftBounceOfAnUnknownUserByItsAddressAndNotSuppressIt() {
        // given a soft bounce without userId
        String email = "soft-" + UUID.randomUUID() + "@example.org";
        byte[] body = report(email, "SOFT", null);

        // when it is posted, signed
        given().contentType(ContentType.JSON)
                .header(WebhookSignatures.HEADER, signatures.sign(body, Instant.now()))
                .body(body)
                .post(PATH)
                .then().statusCode(202);

        // then it is published under the address, not suppressing
        ConsumerRecord<String, SpecificRecord> record = kafka.awaitRecord(NotificationBounced.class,
                event -> event.getEmail().equals(email));
        assertThat(record.key()).isEqualTo(email);
        assertThat(((NotificationBounced) record.value()).getSuppressed()).isFalse();
        assertThat(((NotificationBounced) record.value()).getUserId()).isNull();
    }

    @Test
    void shouldRefuseAStaleOrMissingSignatureWith401AndAnInvalidReportWith400NamingTheField() {
        byte[] body = report("stale-" + UUID.randomUUID() + "@example.org", "HARD", null);

        given().contentType(ContentType.JSON)
                .header(WebhookSignatures.HEADER, signatures.sign(body, Instant.now().minus(Duration.ofSeconds(301))))
                .body(body)
                .post(PATH)
                .then().statusCode(401).body("message", containsString("tolerance"));
        given().contentType(ContentType.JSON)
                .body(body)
                .post(PATH)
                .then().statusCode(401).body("message", containsString("missing X-Coursestream-Signature"));

        byte[] badType = report("typo-" + UUID.randomUUID() + "@example.org", "BOUNCY", null);
        given().contentType(ContentType.JSON)
                .header(WebhookSignatures.HEADER, signatures.sign(badType, Instant.now()))
                .body(badType)
                .post(PATH)
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("message", containsString("type must be HARD, SOFT or COMPLAINT"));

        byte[] noDate = ("{\"email\":\"a@example.org\",\"type\":\"HARD\",\"reportedBy\":\"relay-it\"}")
                .getBytes(StandardCharsets.UTF_8);
        given().contentType(ContentType.JSON)
                .header(WebhookSignatures.HEADER, signatures.sign(noDate, Instant.now()))
                .body(noDate)
                .post(PATH)
                .then().statusCode(400).body("message", containsString("bouncedAt is required"));
    }

    private static byte[] report(String email, String type, String userId) {
        String json = "{\"email\":\"" + email + "\",\"type\":\"" + type + "\","
                + (userId == null ? "" : "\"userId\":\"" + userId + "\",\"notificationId\":\"campaign-7:" + userId
                        + ":EMAIL\",\"campaignId\":\"campaign-7\",")
                + "\"messageId\":\"<abc@coursestream>\",\"diagnosticCode\":\"5.1.1 user unknown\","
                + "\"reportedBy\":\"relay-it\",\"bouncedAt\":\"2026-11-28T22:00:00Z\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
