// Tier: system IT (the processor and the workers as processes, on the shared test broker and registry)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.admin.AlertKind;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobDuplicateDropped;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobQueued;
import io.coursestream.schemas.jobs.JobRetryScheduled;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * The job runtime end to end: operators enqueue probe jobs with the admin CLI, the stream processor schedules them,
 * the workers run them, {@code /api/jobs/{id}} and {@code /api/failed-jobs} answer, and a worker killed with SIGKILL
 * mid-job leaves its job to be completed exactly once by the next worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobRuntimeSystemIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path stateDir;

    private static TestEnvironment env;
    private static Applications apps;
    private static Journal journal;
    private static Cli cli;

    @BeforeAll
    static void startApplications() {
        env = TestEnvironment.get();
        apps = Applications.start(env, stateDir);
        journal = new Journal(env);
        cli = new Cli(env, apps.api());
    }

    @AfterAll
    static void stopApplications() {
        if (journal != null) {
            journal.close();
        }
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    @Order(1)
    void shouldShowAProbesProgressWhileItRunsThenItsSuccess() {
        // when
        String jobId = probe("--queue", "default", "--work-millis", "3000", "--progress-steps", "3");

        // then /api/jobs/{id} shows it running with progress between 0 and 100
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode status = get("/api/jobs/" + jobId);
            assertThat(status.path("state").asText()).isEqualTo("RUNNING");
            assertThat(status.path("progressPercent").asInt()).isBetween(1, 99);
            assertThat(status.path("progressMessage").asText()).isNotEmpty();
        });
        // and then succeeded, at 100
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode status = get("/api/jobs/" + jobId);
            assertThat(status.path("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(status.path("progressPercent").asInt()).isEqualTo(100);
            assertThat(status.path("attempt").asInt()).isEqualTo(1);
        });
        assertThat(journal.all(JobProgressed.class, e -> e.getJobId().equals(jobId))).hasSize(3);
    }

    @Test
    @Order(2)
    void shouldNotStartADelayedJobBeforeNotBefore() {
        // given
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(3);

        // when
        String jobId = probe("--queue", "emails", "--not-before", notBefore.toString());

        // then
        JobStarted started = journal.await(JobStarted.class, e -> e.getJobId().equals(jobId), TIMEOUT);
        assertThat(started.getMetadata().getOccurredAt()).isAfterOrEqualTo(notBefore);
        journal.await(JobSucceeded.class, e -> e.getJobId().equals(jobId), TIMEOUT);
    }

    @Test
    @Order(3)
    void shouldDeadLetterAFatalFailureAtOnceAndSucceedWhenRetriedFromTheCli() throws Exception {
        // when a payments probe fails with a non-retriable error
        String jobId = probe("--queue", "payments", "--fatal");

        // then it is dead-lettered after its first attempt, with the queue record's coordinates
        DeadLetteredJob deadLetter = journal.await(DeadLetteredJob.class,
                e -> e.getCommand().getJobId().equals(jobId), TIMEOUT);
        assertThat(deadLetter.getReason()).isEqualTo(DeadLetterReason.FATAL_ERROR);
        assertThat(deadLetter.getCommand().getAttempt()).isEqualTo(1);
        assertThat(deadLetter.getOriginalTopic()).isEqualTo(Topics.JOBS_PAYMENTS.name());
        assertThat(deadLetter.getOriginalPartition()).isBetween(0, Topics.JOBS_PAYMENTS.partitions() - 1);
        assertThat(deadLetter.getOriginalOffset()).isNotNegative();
        assertThat(journal.all(JobFailed.class, e -> e.getJobId().equals(jobId))).hasSize(1);
        // and payments is critical: an admin alert
        AdminAlertRaised alert = journal.await(AdminAlertRaised.class, e -> jobId.equals(e.getJobId()), TIMEOUT);
        assertThat(alert.getKind()).isEqualTo(AlertKind.JOB_DEAD_LETTERED);
        // and the CLI lists it
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(cli.run("failed-jobs", "list", "--queue", "payments", "--json").out()).contains(jobId));

        // when an operator retries it
        Cli.Result retry = cli.run("failed-jobs", "retry", jobId);

        // then it runs again and succeeds, and leaves the failed-job index
        assertThat(retry.exitCode()).as(retry.err()).isZero();
        JobSucceeded succeeded = journal.await(JobSucceeded.class, e -> e.getJobId().equals(jobId), TIMEOUT);
        assertThat(succeeded.getAttempt()).isEqualTo(1);
        assertThat(journal.all(JobDeadLettered.class, e -> e.getJobId().equals(jobId))).hasSize(1);
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(cli.run("failed-jobs", "list", "--queue", "payments", "--json").out()).doesNotContain(jobId));
    }

    @Test
    @Order(4)
    void shouldRetryEveryQueueAsItsPolicySays() {
        // given each queue's retries and backoff shape (Applications.SHORT_BACKOFFS: seconds for minutes)
        Map<String, List<Long>> expectedDelays = Map.of(
                "default", List.of(1_000L, 2_000L, 4_000L),
                "payments", List.of(1_000L, 2_000L, 4_000L),
                "media", List.of(1_000L, 2_000L),
                "emails", List.of(1_000L, 2_000L, 2_000L, 2_000L, 2_000L),
                "backups", List.of(1_000L, 2_000L, 4_000L),
                "affiliates", List.of(1_000L, 2_000L, 4_000L));

        // when a probe on each fails every attempt retriably
        Map<String, String> jobs = new TreeMap<>();
        expectedDelays.keySet().forEach(queue -> jobs.put(queue, probe("--queue", queue, "--fail-attempts", "99")));

        // then each takes retries + 1 attempts, each started no earlier than its backoff after the failure before
        jobs.forEach((queue, jobId) -> {
            List<Long> delays = expectedDelays.get(queue);
            JobDeadLettered deadLettered = journal.await(JobDeadLettered.class, e -> e.getJobId().equals(jobId),
                    TIMEOUT);
            assertThat(deadLettered.getReason()).as(queue).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
            assertThat(deadLettered.getAttempt()).as(queue).isEqualTo(delays.size() + 1);
            assertThat(journal.all(JobRetryScheduled.class, e -> e.getJobId().equals(jobId)))
                    .extracting(JobRetryScheduled::getDelayMillis).as(queue).containsExactlyElementsOf(delays);
            List<JobStarted> starts = journal.all(JobStarted.class, e -> e.getJobId().equals(jobId));
            List<JobFailed> failures = journal.all(JobFailed.class, e -> e.getJobId().equals(jobId));
            assertThat(starts).extracting(JobStarted::getAttempt).as(queue)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, delays.size() + 1).boxed()
                            .toList());
            for (int retry = 0; retry < delays.size(); retry++) {
                Instant failedAt = failures.get(retry).getMetadata().getOccurredAt();
                Instant nextStart = starts.get(retry + 1).getMetadata().getOccurredAt();
                assertThat(Duration.between(failedAt, nextStart).toMillis()).as(queue + " retry " + (retry + 1))
                        .isBetween(delays.get(retry), delays.get(retry) + 5_000L);
            }
        });
    }

    @Test
    @Order(5)
    void shouldRunAUniqueJobEnqueuedTwiceOnce() {
        // given a unique job that holds its key: queued, and running for 1.5 s
        String first = probe("--queue", "default", "--unique-key", "backup-nightly", "--work-millis", "1500");
        // Two requests race to the lock: each moves to the unique key's task only when its job id hashes elsewhere,
        // so a second request sent at once may get there first (and the first would be the one dropped).
        journal.await(JobQueued.class, e -> e.getJobId().equals(first), TIMEOUT);

        // when the same unique key is enqueued again while the first holds it
        String second = probe("--queue", "default", "--unique-key", "backup-nightly", "--work-millis", "1500");

        // then the second is dropped, saying who holds the key, and only the first runs
        JobDuplicateDropped dropped = journal.await(JobDuplicateDropped.class, e -> e.getJobId().equals(second),
                TIMEOUT);
        assertThat(dropped.getHeldByJobId()).isEqualTo(first);
        journal.await(JobSucceeded.class, e -> e.getJobId().equals(first), TIMEOUT);
        assertThat(journal.all(JobStarted.class, e -> Set.of(first, second).contains(e.getJobId())))
                .extracting(JobStarted::getJobId).containsExactly(first);
    }

    @Test
    @Order(6)
    void shouldCompleteAJobExactlyOnceAfterItsWorkerIsKilledMidJob() throws Exception {
        // given a job that works for 8 s, started and reporting progress
        String jobId = probe("--queue", "default", "--work-millis", "8000", "--progress-steps", "8");
        String firstWorker = apps.workersInstanceId();
        journal.await(JobProgressed.class, e -> e.getJobId().equals(jobId), TIMEOUT);

        // when its worker is killed with SIGKILL and another one starts
        apps.killWorkers();
        assertThat(journal.all(JobSucceeded.class, e -> e.getJobId().equals(jobId))).isEmpty();
        apps.startWorkers();

        // then the command is delivered again and the job completes, on the new worker
        JobSucceeded succeeded = journal.await(JobSucceeded.class, e -> e.getJobId().equals(jobId),
                Duration.ofSeconds(90));
        assertThat(succeeded.getWorkerId()).startsWith(apps.workersInstanceId() + "/");
        assertThat(journal.all(JobStarted.class, e -> e.getJobId().equals(jobId)))
                .extracting(JobStarted::getWorkerId)
                .satisfiesExactly(w -> assertThat(w).startsWith(firstWorker + "/"),
                        w -> assertThat(w).startsWith(apps.workersInstanceId() + "/"));
        // and once the workers committed its command, it has completed exactly once
        ConsumerRecord<String, SpecificRecord> command = journal.record(JobCommand.class,
                e -> e.getJobId().equals(jobId));
        awaitCommittedPast("coursestream-workers-default", command);
        assertThat(journal.all(JobSucceeded.class, e -> e.getJobId().equals(jobId))).hasSize(1);
        JsonNode status = get("/api/jobs/" + jobId);
        assertThat(status.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.path("attempt").asInt()).isEqualTo(1);
    }

    private static String probe(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "jobs";
        args[1] = "probe";
        System.arraycopy(options, 0, args, 2, options.length);
        Cli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result.lastLine();
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(apps.api() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Waits until {@code group} has committed an offset past {@code record}. */
    private static void awaitCommittedPast(String group, ConsumerRecord<?, ?> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = env.newAdmin()) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get().get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }
}
