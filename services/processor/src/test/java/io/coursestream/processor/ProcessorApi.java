package io.coursestream.processor;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import io.coursestream.topology.validation.InputEventCount;

/** The processor's HTTP endpoints as the ITs read them (RestAssured points at the test instance). */
final class ProcessorApi {

    private ProcessorApi() {
    }

    /** Waits until readiness is UP: topics present, Kafka Streams RUNNING, stores restored. */
    static void awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    /** {@code /api/inputs} as {@code <topic>/<type>} to count. */
    static Map<String, Long> inputCounts() {
        InputEventCount[] counts = given().get("/api/inputs").then().statusCode(200).extract().as(InputEventCount[].class);
        return Arrays.stream(counts).collect(Collectors.toMap(
                count -> InputEventCount.storeKey(count.topic(), count.eventType()), InputEventCount::count));
    }
}
