// Tier: IT (the stream processor's job scheduler on the real broker and registry of the test harness)
package io.coursestream.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.control.EnqueueJob;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobRetryScheduled;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProcessCourseUpload;
import io.coursestream.schemas.topics.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A job's life through the running processor: held until notBefore, retried after the default queue's first
 * backoff (10 s) when a worker reports a retriable failure, dead-lettered with both errors after a fatal one.
 * This test plays the worker: it reads the queue and writes to {@code jobs.lifecycle}. Along the way
 * {@code /api/jobs/{id}} shows the held retry, the running attempt's progress and the dead letter; then
 * {@code /api/failed-jobs} lists it and an operator's retry runs it again.
 */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class JobSchedulingIT {

    private static final Duration DELAY = Duration.ofSeconds(3);
    private static final Duration DEFAULT_QUEUE_FIRST_BACKOFF = Duration.ofSeconds(10);
    /** Well inside the 10 s backoff: the held retry must be seen before it is released. */
    private static final Duration API_TIMEOUT = Duration.ofSeconds(8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void shouldHoldRetryDeadLetterAndRequeueAJobAsTheDefaultQueuePolicySays() throws Exception {
        KafkaClients kafka = new KafkaClients(bootstrapServers, registryUrl);
        String jobId = UUID.randomUUID().toString();
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(DELAY);
        Map<Integer, Instant> receivedAt = new ConcurrentHashMap<>();

        try (KafkaProducer<String, SpecificRecord> producer = kafka.eventProducer();
                KafkaConsumer<String, SpecificRecord> queue = kafka.eventConsumer();
                KafkaConsumer<String, SpecificRecord> outcomes = kafka.eventConsumer()) {
            queue.subscribe(List.of(Topics.JOBS_DEFAULT.name()));
            outcomes.subscribe(List.of(Topics.JOB_SCHEDULING.name(), Topics.JOB_DEAD_LETTER.name()));

            // given an operator's request for a job that must not start for 3 s
            producer.send(new ProducerRecord<>(Topics.CONTROL_COMMANDS.name(), "cmd-" + jobId,
                    enqueue(jobId, notBefore)));
            producer.flush();

            // when the scheduler releases it, then not before its time
            JobCommand first = awaitAttempt(queue, jobId, 1, receivedAt);
            assertThat(receivedAt.get(1)).isAfterOrEqualTo(notBefore);
            assertThat(first.getMaxAttempts()).isEqualTo(4);

            // when the worker reports a retriable failure
            Instant reportedAt = Instant.ofEpochMilli(producer.send(new ProducerRecord<>(Topics.JOB_LIFECYCLE.name(),
                    jobId, failed(first, Instant.now().truncatedTo(ChronoUnit.MILLIS), true))).get().timestamp());

            // then attempt 2 is scheduled the default queue's first backoff after the report, and not sent before it
            JobRetryScheduled retry = awaitOutcome(outcomes, JobRetryScheduled.class, jobId);
            assertThat(retry.getNextAttempt()).isEqualTo(2);
            assertThat(retry.getNotBefore()).isEqualTo(reportedAt.plus(DEFAULT_QUEUE_FIRST_BACKOFF));
            // and the status shows attempt 1 waiting for its backoff, with its error
            awaitJobStatus(jobId, "RETRY_SCHEDULED", 1, Map.of("maxAttempts", 4, "lastError.attempt", 1,
                    "notBefore", retry.getNotBefore().toString()));
            JobCommand second = awaitAttempt(queue, jobId, 2, receivedAt);
            assertThat(receivedAt.get(2)).isAfterOrEqualTo(retry.getNotBefore());
            assertThat(second.getPreviousErrors()).extracting(JobAttemptError::getAttempt).containsExactly(1);

            // when the worker starts attempt 2 and reports progress
            Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            producer.send(new ProducerRecord<>(Topics.JOB_LIFECYCLE.name(), jobId, started(second, startedAt)));
            producer.send(new ProducerRecord<>(Topics.JOB_LIFECYCLE.name(), jobId,
                    progressed(second, 40, "extracting", startedAt.plusMillis(1))));
            producer.flush();

            // then the status shows it running, with its progress
            awaitJobStatus(jobId, "RUNNING", 2, Map.of("progressPercent", 40, "progressMessage", "extracting",
                    "workerId", "job-scheduling-it"));

            // when the worker reports a fatal failure of attempt 2
            producer.send(new ProducerRecord<>(Topics.JOB_LIFECYCLE.name(), jobId,
                    failed(second, Instant.now().truncatedTo(ChronoUnit.MILLIS), false)));
            producer.flush();

            // then it is dead-lettered at once with both attempts' errors and the original command
            DeadLetteredJob deadLetter = awaitOutcome(outcomes, DeadLetteredJob.class, jobId);
            assertThat(deadLetter.getReason()).isEqualTo(DeadLetterReason.FATAL_ERROR);
            assertThat(deadLetter.getErrors()).extracting(JobAttemptError::getAttempt).containsExactly(1, 2);
            assertThat(deadLetter.getCommand().getPayload()).isEqualTo(first.getPayload());
            assertThat(deadLetter.getOriginalTopic()).isEqualTo(Topics.JOBS_DEFAULT.name());
            // and the status and the default queue's counts show it
            awaitJobStatus(jobId, "DEAD_LETTERED", 2, Map.of("lastError.attempt", 2, "lastError.retriable", false));
            given().get("/api/queues").then().statusCode(200)
                    .body("find { it.queue == 'DEFAULT' }.deadLettered", greaterThanOrEqualTo(1))
                    // no worker group committed anything here: both attempts count as lag
                    .body("find { it.queue == 'DEFAULT' }.consumerLag", greaterThanOrEqualTo(2));

            // and the failed-job index lists it, with every attempt's error in full
            await().atMost(API_TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    given().get("/api/failed-jobs?queue=default&limit=1000").then().statusCode(200)
                            .body("jobs.find { it.jobId == '" + jobId + "' }.reason", equalTo("FATAL_ERROR")));
            given().get("/api/failed-jobs/" + jobId).then().statusCode(200)
                    .body("attempts", equalTo(2)).body("errors.attempt", contains(1, 2))
                    .body("errors[1].errorClass", equalTo("java.util.zip.ZipException"));

            // when an operator retries it over the admin API
            given().header("X-Operator", "ops@example.com").post("/api/failed-jobs/" + jobId + "/retry")
                    .then().statusCode(202).body("command", equalTo("RetryFailedJobs")).body("records", equalTo(1));

            // then it runs again under its id from attempt 1, leaves the index, and the status reopens
            JobCommand again = awaitRequeued(queue, jobId);
            assertThat(again.getAttempt()).isEqualTo(1);
            assertThat(again.getRequeuedBy()).isEqualTo("ops@example.com");
            assertThat(again.getPayload()).isEqualTo(first.getPayload());
            awaitJobStatus(jobId, "QUEUED", 1, Map.of());
            given().get("/api/failed-jobs/" + jobId).then().statusCode(404);
        }
    }

    @Test
    void shouldRefuseAnUnknownQueueAndAnUnknownFailedJob() {
        ProcessorApi.awaitReady(Duration.ofSeconds(60));

        given().post("/api/failed-jobs/retry?queue=podcasts").then().statusCode(400)
                .body("message", startsWith("unknown queue 'podcasts'"));
        given().get("/api/failed-jobs?limit=0").then().statusCode(400);
        given().post("/api/failed-jobs/" + UUID.randomUUID() + "/retry").then().statusCode(404);
    }

    @Test
    void shouldAnswerNotFoundForAJobNeverEnqueued() {
        // given
        String jobId = UUID.randomUUID().toString();
        ProcessorApi.awaitReady(Duration.ofSeconds(60));

        // when, then
        given().get("/api/jobs/" + jobId).then().statusCode(404)
                .body("message", startsWith("No job " + jobId + " is known to this instance"));
        given().get("/api/queues").then().statusCode(200)
                .body("queue", hasItem("PAYMENTS"));
    }

    /** Waits until {@code /api/jobs/{id}} shows {@code state} and {@code attempt} and the given JSON paths' values. */
    private static void awaitJobStatus(String jobId, String state, int attempt, Map<String, Object> fields) {
        await().atMost(API_TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            var body = given().get("/api/jobs/" + jobId).then().statusCode(200)
                    .body("state", equalTo(state)).body("attempt", equalTo(attempt));
            fields.forEach((path, value) -> body.body(path, equalTo(value)));
        });
    }

    private static JobCommand awaitAttempt(KafkaConsumer<String, SpecificRecord> queue, String jobId, int attempt,
            Map<Integer, Instant> receivedAt) {
        List<ConsumerRecord<String, SpecificRecord>> read = KafkaClients.pollUntil(queue, Duration.ofSeconds(60),
                records -> {
                    records.stream().map(ConsumerRecord::value)
                            .filter(value -> value instanceof JobCommand command && command.getJobId().equals(jobId))
                            .map(value -> ((JobCommand) value).getAttempt())
                            .forEach(seen -> receivedAt.putIfAbsent(seen, Instant.now()));
                    return receivedAt.containsKey(attempt);
                });
        return read.stream().map(ConsumerRecord::value).map(JobCommand.class::cast)
                .filter(command -> command.getJobId().equals(jobId) && command.getAttempt() == attempt)
                .findFirst().orElseThrow();
    }

    private static JobCommand awaitRequeued(KafkaConsumer<String, SpecificRecord> queue, String jobId) {
        List<ConsumerRecord<String, SpecificRecord>> read = KafkaClients.pollUntil(queue, Duration.ofSeconds(60),
                records -> records.stream().anyMatch(record -> isRequeued(record.value(), jobId)));
        return read.stream().map(ConsumerRecord::value).filter(value -> isRequeued(value, jobId))
                .map(JobCommand.class::cast).findFirst().orElseThrow();
    }

    private static boolean isRequeued(SpecificRecord value, String jobId) {
        return value instanceof JobCommand command && command.getJobId().equals(jobId) && command.getRequeuedBy() != null;
    }

    private static <T extends SpecificRecord> T awaitOutcome(KafkaConsumer<String, SpecificRecord> outcomes,
            Class<T> type, String jobId) {
        List<ConsumerRecord<String, SpecificRecord>> read = KafkaClients.pollUntil(outcomes, Duration.ofSeconds(60),
                records -> find(records, type, jobId).isPresent());
        return find(read, type, jobId).orElseThrow();
    }

    private static <T extends SpecificRecord> Optional<T> find(List<ConsumerRecord<String, SpecificRecord>> records,
            Class<T> type, String jobId) {
        return records.stream()
                .filter(record -> jobId.equals(record.key()) && type.isInstance(record.value()))
                .map(record -> type.cast(record.value()))
                .findFirst();
    }

    private static EnqueueJob enqueue(String jobId, Instant notBefore) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JobCommand job = JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(JobType.PROCESS_COURSE_UPLOAD)
                .setQueue(JobQueue.DEFAULT)
                .setAttempt(1)
                .setMaxAttempts(0)
                .setNotBefore(notBefore)
                .setCorrelationId(jobId)
                .setEnqueuedAt(now)
                .setFirstEnqueuedAt(now)
                .setPayload(ProcessCourseUpload.newBuilder()
                        .setUploadId(UUID.randomUUID().toString())
                        .setCourseId(UUID.randomUUID().toString())
                        .setUploaderId(UUID.randomUUID().toString())
                        .setBucket("coursestream-uploads")
                        .setObjectKey("uploads/course.zip")
                        .setFileName("course.zip")
                        .setContentType("application/zip")
                        .setSizeBytes(1_024)
                        .setSha256("0".repeat(64))
                        .build())
                .build();
        return EnqueueJob.newBuilder()
                .setMetadata(metadata(now))
                .setCommandId("cmd-" + jobId)
                .setRequestedBy("job-scheduling-it")
                .setJob(job)
                .build();
    }

    private static JobFailed failed(JobCommand command, Instant at, boolean retriable) {
        return JobFailed.newBuilder()
                .setMetadata(metadata(at))
                .setJobId(command.getJobId())
                .setType(command.getType())
                .setQueue(command.getQueue())
                .setAttempt(command.getAttempt())
                .setError(JobAttemptError.newBuilder()
                        .setAttempt(command.getAttempt())
                        .setErrorClass(retriable ? "java.net.SocketTimeoutException" : "java.util.zip.ZipException")
                        .setMessage(retriable ? "storage timed out" : "not a zip archive")
                        .setRetriable(retriable)
                        .setFailedAt(at)
                        .build())
                .setRetriable(retriable)
                .setWorkerId("job-scheduling-it")
                .setDurationMillis(5)
                .build();
    }

    private static JobStarted started(JobCommand command, Instant at) {
        return JobStarted.newBuilder()
                .setMetadata(metadata(at))
                .setJobId(command.getJobId()).setType(command.getType()).setQueue(command.getQueue())
                .setAttempt(command.getAttempt())
                .setWorkerId("job-scheduling-it")
                .setWaitMillis(0)
                .build();
    }

    private static JobProgressed progressed(JobCommand command, int percent, String message, Instant at) {
        return JobProgressed.newBuilder()
                .setMetadata(metadata(at))
                .setJobId(command.getJobId()).setType(command.getType()).setQueue(command.getQueue())
                .setAttempt(command.getAttempt())
                .setPercent(percent)
                .setMessage(message)
                .build();
    }

    private static EventMetadata metadata(Instant at) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(at)
                .setCorrelationId(UUID.randomUUID().toString())
                .setProducer("job-scheduling-it")
                .build();
    }
}
