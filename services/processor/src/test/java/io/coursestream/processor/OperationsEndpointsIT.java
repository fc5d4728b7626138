// Tier: IT (the application against the shared test harness, over HTTP).
package io.coursestream.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** What operators and clients rely on: health, Prometheus metrics with Kafka Streams' own, the OpenAPI document. */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class OperationsEndpointsIT {

    @Test
    void shouldBeReadyOnceTopicsExistAndStoresAreRestored() {
        // given the application started against the harness
        // when readiness turns UP
        ProcessorApi.awaitReady(Duration.ofSeconds(90));

        // then it is because topics exist, Kafka Streams runs and nothing is restoring
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka Streams topics health check"))
                .body("checks.find { it.name == 'Kafka Streams state stores restored' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Kafka Streams state stores restored' }.data.restoring", equalTo(0));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'Kafka Streams state health check' }.data.state", equalTo("RUNNING"));
    }

    @Test
    void shouldExposeKafkaStreamsMetricsToPrometheus() {
        // given a running Kafka Streams client
        ProcessorApi.awaitReady(Duration.ofSeconds(90));

        // when
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        // then Kafka Streams' own client metrics are among them, next to the JVM's
        assertThat(metrics.lines()).anyMatch(line -> line.startsWith("kafka_stream_"));
    }

    @Test
    void shouldDescribeTheInputCountsInTheOpenApiDocument() {
        // given / when / then: both answers of /api/inputs are documented
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/inputs'.get.responses.'200'", notNullValue())
                .body("paths.'/api/inputs'.get.responses.'503'", notNullValue());
    }

    @Test
    void shouldServeTheInputCountsOnceReady() {
        // given
        ProcessorApi.awaitReady(Duration.ofSeconds(90));

        // when / then
        given().get("/api/inputs").then().statusCode(200).contentType("application/json");
    }
}
