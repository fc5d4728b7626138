// Tier: IT (the application against the shared test harness, over HTTP).
package io.coursestream.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.coursestream.processor.queries.KeyQueryResponses;
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

        // then Kafka Streams' own client and thread metrics are among them (KafkaStreamsMeters), next to the JVM's
        assertThat(metrics.lines()).anyMatch(line -> line.startsWith("kafka_stream_alive_stream_threads"))
                .anyMatch(line -> line.startsWith("kafka_stream_thread_process_rate{"))
                .anyMatch(line -> line.startsWith("kafka_producer_txn_commit_time_ns_total"))
                .anyMatch(line -> line.startsWith("jvm_memory_used_bytes"));
    }

    @Test
    void shouldDescribeTheInputCountsInTheOpenApiDocument() {
        // given / when / then: both answers of /api/inputs are documented
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/inputs'.get.responses.'200'", notNullValue())
                .body("paths.'/api/inputs'.get.responses.'503'", notNullValue());
    }

    @Test
    void shouldDescribeTheOwnersAnswersOfEveryKeyQueryWithoutTheMarker() {
        // given / when / then: the key queries' 503 (with Retry-After) and 504, added by KeyQueryResponses
        for (String path : new String[] {"/api/certificates/{code}", "/api/users/{id}/points",
                "/api/users/{id}/courses/{courseId}/progress", "/api/affiliates/{id}/dashboard"}) {
            String operation = "paths.'" + path + "'.get";
            given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                    .body(operation + ".responses.'200'", notNullValue())
                    .body(operation + ".responses.'503'.headers.'Retry-After'", notNullValue())
                    .body(operation + ".responses.'504'.content.'application/json'.schema.'$ref'",
                            equalTo("#/components/schemas/ApiError"))
                    .body(operation + ".'" + KeyQueryResponses.EXTENSION + "'", nullValue());
        }
        // and only there: the input counts answer 503 of their own, never 504
        given().queryParam("format", "json").get("/q/openapi").then()
                .body("paths.'/api/inputs'.get.responses.'504'", nullValue());
    }

    @Test
    void shouldServeTheInputCountsOnceReady() {
        // given
        ProcessorApi.awaitReady(Duration.ofSeconds(90));

        // when / then
        given().get("/api/inputs").then().statusCode(200).contentType("application/json");
    }
}
