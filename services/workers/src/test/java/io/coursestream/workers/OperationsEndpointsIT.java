// Tier: IT (the workers' health and metrics endpoints on the real broker and registry of the test harness)
package io.coursestream.workers;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobSucceeded;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** What an operator and Kubernetes see: liveness and readiness from the Kafka channels, Prometheus metrics. */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class OperationsEndpointsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Inject
    ScriptedJobHandler handler;

    @Test
    void shouldBeLiveAndReadyWithEveryQueueChannelChecked() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("jobs-default"))
                .body(containsString("jobs-affiliates"))
                .body(containsString("job-lifecycle"));
    }

    @Test
    void shouldCountJobAttemptsByQueueTypeAndOutcome() throws Exception {
        // given a job that succeeds
        String jobId = UUID.randomUUID().toString();
        handler.script(jobId, context -> { });

        // when it ran
        try (QueueClients queues = new QueueClients(bootstrapServers, registryUrl)) {
            queues.send(QueueClients.uploadCommand(jobId, 1, null));
            queues.awaitReports(jobId, JobSucceeded.class);
        }

        // then Prometheus has its timer
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("coursestream_jobs_attempts_seconds_count{"))
                .body(containsString("outcome=\"succeeded\""))
                .body(containsString("type=\"PROCESS_COURSE_UPLOAD\""));
    }
}
