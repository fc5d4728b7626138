// Tier: IT (the processor in Quarkus on the shared test broker and registry).
package io.coursestream.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.coursestream.infrastructure.unsubscribe.UnsubscribeRequest;
import io.coursestream.infrastructure.unsubscribe.UnsubscribeTokens;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PreferenceChangeSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Unsubscribe links: a one-click post records the change; opening a link, or a forged one, records nothing. */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class UnsubscribeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @ConfigProperty(name = "coursestream.notifications.unsubscribe-secret")
    String secret;

    @Test
    void shouldRecordAOneClickUnsubscribeAndNothingForAPageViewOrAForgedLink() {
        // Given: links for two users, as the workers sign them
        UnsubscribeTokens tokens = new UnsubscribeTokens(secret);
        String viewer = UUID.randomUUID().toString();
        String clicker = UUID.randomUUID().toString();
        Instant expiry = Instant.now().plus(Duration.ofDays(90));
        String viewerToken = tokens.sign(new UnsubscribeRequest(viewer, "MARKETING", expiry));
        String clickerToken = tokens.sign(new UnsubscribeRequest(clicker, "MARKETING", expiry));

        // When: the viewer's link is opened and then forged into the clicker's; the clicker's mail client posts
        given().get("/api/unsubscribe?token=" + viewerToken).then().statusCode(200)
                .body(containsString("<form method=\"post\""));
        String forged = viewerToken.replaceFirst("^[^.]+", clickerToken.substring(0, clickerToken.indexOf('.')));
        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .post("/api/unsubscribe?token=" + forged).then().statusCode(400)
                .body(containsString("not valid"));
        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .post("/api/unsubscribe?token=" + clickerToken).then().statusCode(200)
                .body(containsString("You are unsubscribed"));
        given().post("/api/unsubscribe").then().statusCode(400).body(containsString("no token"));

        // Then: exactly the clicker's change was written
        try (KafkaConsumer<String, SpecificRecord> consumer =
                new KafkaClients(bootstrapServers, registryUrl).eventConsumer()) {
            consumer.subscribe(List.of(Topics.PREFERENCE_CHANGES.name()));
            List<ConsumerRecord<String, SpecificRecord>> read = KafkaClients.pollUntil(consumer, TIMEOUT,
                    records -> records.stream().anyMatch(record -> record.key().equals(clicker)));
            assertThat(read).noneMatch(record -> record.key().equals(viewer));
            assertThat(read).filteredOn(record -> record.key().equals(clicker)).singleElement()
                    .satisfies(record -> assertThat(record.value()).isInstanceOfSatisfying(
                            NotificationPreferencesChanged.class, change -> {
                                assertThat(change.getUserId()).isEqualTo(clicker);
                                assertThat(change.getCategory()).isEqualTo(NotificationCategory.MARKETING);
                                assertThat(change.getChannel()).isEqualTo(NotificationChannel.EMAIL);
                                assertThat(change.getSubscribed()).isFalse();
                                assertThat(change.getSource()).isEqualTo(PreferenceChangeSource.ONE_CLICK_UNSUBSCRIBE);
                            }));
        }
    }
}
