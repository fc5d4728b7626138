// Tier: IT (the processor in Quarkus on the shared test broker and registry; one instance, so every key is local).
package io.coursestream.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.testing.AffiliateFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The affiliate program over HTTP: a referred user's payment shows on the affiliate's dashboard; reviews and
 * commission runs are written to {@code control.commands} as the admin CLI writes them, and bad ones refused with 400.
 */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class AffiliatesApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void shouldShowAReferredUsersPaymentOnTheDashboardsOfTheAffiliateAndItsSponsor() throws Exception {
        // given a sponsor, an affiliate who signed up with the sponsor's code, and a buyer with the affiliate's code
        String sponsor = UUID.randomUUID().toString();
        String affiliate = UUID.randomUUID().toString();
        String buyer = UUID.randomUUID().toString();
        String transaction = UUID.randomUUID().toString();
        Instant at = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaClients(bootstrapServers, registryUrl).eventProducer()) {
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS.name(), sponsor, AffiliateFixtures.registered(
                    sponsor, sponsor + "@example.org", null, "203.0.113.9", "device-s", at))).get();
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS.name(), affiliate, AffiliateFixtures.registered(
                    affiliate, affiliate + "@example.org", AffiliateFixtures.codeOf(sponsor), "203.0.113.10",
                    "device-a", at.plusSeconds(30)))).get();
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS.name(), buyer, AffiliateFixtures.registered(buyer,
                    buyer + "@example.org", AffiliateFixtures.codeOf(affiliate), "198.51.100.20", "device-b",
                    at.plusSeconds(60)))).get();
            // (a payment processed before the buyer's code is resolved would be no one's conversion, and one split
            // before the affiliate's sponsor reaches the profile store would pay no second tier)
            awaitDashboard(affiliate, "signups", 1);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> sponsor.equals(given()
                    .get("/api/affiliates/" + affiliate + "/dashboard").jsonPath().getString("sponsorId")));

            // when the buyer pays 100.00 EUR a day later
            producer.send(new ProducerRecord<>(Topics.PAYMENT_RESULTS.name(), transaction, AffiliateFixtures.succeeded(
                    transaction, buyer, buyer + "@example.org", new Money(10_000L, "EUR"),
                    at.plus(Duration.ofDays(1))))).get();
        }

        // then the dashboard shows the signup, the conversion and its 20% commission, pending in its hold period
        // (the conversion and its commissions reach the statistics one after the other)
        awaitDashboard(affiliate, "conversions", 1);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .get("/api/affiliates/" + affiliate + "/dashboard").jsonPath().get("commissions.pending.EUR") != null);
        JsonPath dashboard = given().get("/api/affiliates/" + affiliate + "/dashboard").then().statusCode(200)
                .extract().jsonPath();
        assertThat(dashboard.getString("affiliateId")).isEqualTo(affiliate);
        assertThat(dashboard.getString("sponsorId")).isEqualTo(sponsor);
        assertThat(dashboard.getString("level")).isNull();
        assertThat(dashboard.getLong("signups")).isEqualTo(1);
        assertThat(dashboard.getLong("conversions")).isEqualTo(1);
        assertThat(dashboard.getString("revenue.EUR")).isEqualTo("100.00");
        assertThat(dashboard.getString("commissions.pending.EUR")).isEqualTo("20.00");
        assertThat(dashboard.getMap("commissions.approved")).isEmpty();
        assertThat(dashboard.getList("daily")).isNotEmpty();

        // and the sponsor, who joined unreferred, earns the second tier's 5%
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .get("/api/affiliates/" + sponsor + "/dashboard").jsonPath().get("commissions.pending.EUR") != null);
        JsonPath upline = given().get("/api/affiliates/" + sponsor + "/dashboard").then().statusCode(200)
                .extract().jsonPath();
        assertThat(upline.getString("sponsorId")).isNull();
        assertThat(upline.getLong("signups")).isEqualTo(1);
        assertThat(upline.getLong("conversions")).isZero();
        assertThat(upline.getString("commissions.pending.EUR")).isEqualTo("5.00");
    }

    @Test
    void shouldAnswerNotFoundForAnAffiliateWithoutActivity() {
        given().get("/api/affiliates/" + UUID.randomUUID() + "/dashboard").then().statusCode(404);
    }

    @Test
    void shouldWriteAReviewAndACommissionRunAsTheCliDoes() {
        String conversionId = UUID.randomUUID().toString();
        try (KafkaConsumer<String, SpecificRecord> commands =
                new KafkaClients(bootstrapServers, registryUrl).eventConsumer()) {
            commands.subscribe(List.of(Topics.CONTROL_COMMANDS.name()));

            // when an operator approves a flagged conversion and asks for a commission run in EUR
            String reviewId = given().header("X-Operator", "ops-anna").contentType(ContentType.JSON)
                    .body("{\"decision\": \"approve\", \"note\": \"checked the card\"}")
                    .post("/api/affiliates/conversions/" + conversionId + "/review")
                    .then().statusCode(202).extract().jsonPath().getString("commandId");
            String runId = given().post("/api/affiliates/commissions/process?currency=EUR")
                    .then().statusCode(202).extract().jsonPath().getString("commandId");

            // then both commands are on control.commands, keyed by their ids
            List<ConsumerRecord<String, SpecificRecord>> written = KafkaClients.pollUntil(commands, TIMEOUT,
                    seen -> seen.stream().filter(record -> record.key().equals(reviewId) || record.key().equals(runId))
                            .count() == 2);
            assertThat(written).filteredOn(record -> record.key().equals(reviewId)).singleElement()
                    .satisfies(record -> assertThat(record.value()).isInstanceOfSatisfying(ReviewConversion.class,
                            review -> {
                                assertThat(review.getConversionId()).isEqualTo(conversionId);
                                assertThat(review.getDecision()).isEqualTo(ReviewDecision.APPROVE);
                                assertThat(review.getReviewedBy()).isEqualTo("ops-anna");
                                assertThat(review.getNote()).isEqualTo("checked the card");
                            }));
            assertThat(written).filteredOn(record -> record.key().equals(runId)).singleElement()
                    .satisfies(record -> assertThat(record.value()).isInstanceOfSatisfying(ProcessCommissions.class,
                            run -> {
                                assertThat(run.getCurrency()).isEqualTo("EUR");
                                assertThat(run.getAffiliateId()).isNull();
                                assertThat(run.getDryRun()).isFalse();
                                assertThat(run.getRequestedBy()).isEqualTo("admin-api");
                            }));
        }
    }

    @Test
    void shouldRefuseAReviewWithoutADecisionAndARunInAnUnknownCurrency() {
        assertThat(given().contentType(ContentType.JSON).body("{\"decision\": \"maybe\"}")
                .post("/api/affiliates/conversions/c-1/review")
                .then().statusCode(400).extract().jsonPath().getString("message")).contains("APPROVE or DECLINE");
        assertThat(given().contentType(ContentType.JSON).body("{}").post("/api/affiliates/conversions/c-1/review")
                .then().statusCode(400).extract().jsonPath().getString("message")).contains("APPROVE or DECLINE");
        assertThat(given().post("/api/affiliates/commissions/process?currency=EURO")
                .then().statusCode(400).extract().jsonPath().getString("message")).contains("ISO 4217");
    }

    private static JsonPath awaitDashboard(String affiliate, String count, long value) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            var response = given().get("/api/affiliates/" + affiliate + "/dashboard");
            return response.statusCode() == 200 && response.jsonPath().getLong(count) == value;
        });
        return given().get("/api/affiliates/" + affiliate + "/dashboard").then().statusCode(200).extract().jsonPath();
    }
}
