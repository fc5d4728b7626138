// Tier: IT (the workers application running PROBE jobs on the real broker and registry of the test harness)
package io.coursestream.workers;

import static io.coursestream.workers.QueueClients.probe;
import static io.coursestream.workers.QueueClients.probeCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The production PROBE handler end to end: commands on the queue topics, reports on {@code jobs.lifecycle}; and the
 * queue policies it makes visible, the timeout of the affiliates queue and the rate limit of the payments queue that
 * {@link WorkersTestProfile} sets.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class ProbeJobIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Inject
    MeterRegistry meters;

    private QueueClients queues;

    @BeforeEach
    void connect() {
        queues = new QueueClients(bootstrapServers, registryUrl);
    }

    @AfterEach
    void close() {
        queues.close();
    }

    @Test
    void shouldSucceedWithAProgressReportAfterEachStep() throws Exception {
        // given a probe working 200 ms in 4 steps
        String jobId = UUID.randomUUID().toString();

        // when it reaches the emails queue
        queues.send(probeCommand(jobId, JobQueue.EMAILS, 1, probe(200, 4, 0, false)));

        // then Started, Progressed 25, 50, 75, 100, Succeeded after at least the work, and nothing else
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobSucceeded.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobProgressed.class, JobProgressed.class,
                JobProgressed.class, JobProgressed.class, JobSucceeded.class);
        assertThat(reports.subList(1, 5)).map(report -> ((JobProgressed) report).getPercent())
                .containsExactly(25, 50, 75, 100);
        assertThat(((JobProgressed) reports.get(4)).getMessage()).isEqualTo("step 4 of 4");
        JobSucceeded succeeded = (JobSucceeded) reports.get(5);
        assertThat(succeeded.getType()).isEqualTo(JobType.PROBE);
        assertThat(succeeded.getQueue()).isEqualTo(JobQueue.EMAILS);
        assertThat(succeeded.getDurationMillis()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void shouldFailTheAttemptsUpToFailAttemptsRetriablyThenSucceed() throws Exception {
        // given a probe asked to fail its first attempt
        String jobId = UUID.randomUUID().toString();

        // when attempt 1 reaches the media queue
        RecordMetadata sent = queues.send(probeCommand(jobId, JobQueue.MEDIA, 1, probe(0, 0, 1, false)));

        // then Started, then a retriable JobFailed naming the requested failure and where the command was read
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobFailed.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobFailed.class);
        JobFailed failed = (JobFailed) reports.get(1);
        assertThat(failed.getRetriable()).isTrue();
        assertThat(failed.getAttempt()).isEqualTo(1);
        assertThat(failed.getError().getErrorClass())
                .isEqualTo(ProbeJobHandler.RequestedFailureException.class.getName());
        assertThat(failed.getError().getMessage())
                .isEqualTo("probe job " + jobId + " fails attempt 1, as asked (failAttempts 1)");
        assertThat(failed.getQueuePartition()).isEqualTo(sent.partition());
        assertThat(failed.getQueueOffset()).isEqualTo(sent.offset());

        // when attempt 2, as the scheduler's retry would be, arrives
        queues.send(probeCommand(jobId, JobQueue.MEDIA, 2, probe(0, 0, 1, false)));

        // then it succeeds
        reports = queues.awaitReports(jobId, JobSucceeded.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobFailed.class, JobStarted.class,
                JobSucceeded.class);
        assertThat(((JobSucceeded) reports.get(3)).getAttempt()).isEqualTo(2);
    }

    @Test
    void shouldFailEveryAttemptFatallyWhenAskedToBeFatal() throws Exception {
        // given a fatal probe on a later attempt than failAttempts covers
        String jobId = UUID.randomUUID().toString();

        // when it arrives
        RecordMetadata sent = queues.send(probeCommand(jobId, JobQueue.MEDIA, 3, probe(0, 0, 1, true)));

        // then a non-retriable JobFailed with the coordinates of the command
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobFailed.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobFailed.class);
        JobFailed failed = (JobFailed) reports.get(1);
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getError().getRetriable()).isFalse();
        assertThat(failed.getError().getErrorClass()).isEqualTo(FatalJobException.class.getName());
        assertThat(failed.getQueuePartition()).isEqualTo(sent.partition());
        assertThat(failed.getQueueOffset()).isEqualTo(sent.offset());
    }

    @Test
    void shouldInterruptAProbeThatRunsPastItsQueueTimeoutAndReportARetriableFailure() throws Exception {
        // given a probe working a minute, on the queue whose timeout is 2 s in this profile
        String jobId = UUID.randomUUID().toString();
        Duration timeout = Duration.parse(WorkersTestProfile.SHORT_TIMEOUT);

        // when it arrives
        RecordMetadata sent = queues.send(probeCommand(jobId, JobQueue.AFFILIATES, 1, probe(60_000, 1, 0, false)));

        // then Started, then, once the timeout passed, a retriable JobFailed that names the timeout; no progress
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobFailed.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobFailed.class);
        JobFailed failed = (JobFailed) reports.get(1);
        assertThat(failed.getRetriable()).isTrue();
        assertThat(failed.getError().getErrorClass()).isEqualTo(JobTimeoutException.class.getName());
        assertThat(failed.getError().getMessage())
                .isEqualTo("job " + jobId + " attempt 1 exceeded the affiliates queue timeout " + timeout);
        assertThat(failed.getDurationMillis()).isBetween(timeout.toMillis(), 30_000L);
        assertThat(failed.getQueuePartition()).isEqualTo(sent.partition());
        assertThat(failed.getQueueOffset()).isEqualTo(sent.offset());
    }

    @Test
    void shouldSpaceTheStartsOfARateLimitedQueueByItsRate() throws Exception {
        // given six quick probes, sent at once to the queue limited to 4 starts per second without burst
        int jobs = 6;
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String jobId = UUID.randomUUID().toString();
            jobIds.add(jobId);
            queues.send(probeCommand(jobId, JobQueue.PAYMENTS, 1, probe(0, 0, 0, false)));
        }

        // when they all ran
        List<Instant> starts = new ArrayList<>();
        for (String jobId : jobIds) {
            List<SpecificRecord> reports = queues.awaitReports(jobId, JobSucceeded.class);
            assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobSucceeded.class);
            starts.add(((JobStarted) reports.get(0)).getMetadata().getOccurredAt());
        }

        // then the first and the last start are (jobs - 1) token periods apart, less a scheduling tolerance, although
        // the queue runs 4 at a time
        starts.sort(null);
        long periodMillis = 1000 / WorkersTestProfile.RATE_LIMIT_PER_SECOND;
        assertThat(Duration.between(starts.get(0), starts.get(jobs - 1)).toMillis())
                .isGreaterThanOrEqualTo((jobs - 1) * periodMillis - 100);
        // and the waits are in the timer, one per job; how long each was depends on how the polls spread the jobs
        Timer waits = meters.find("coursestream.jobs.rate-limit.wait")
                .tags("limit", "queue", "queue", "PAYMENTS", "type", "PROBE").timer();
        assertThat(waits).isNotNull();
        assertThat(waits.count()).isGreaterThanOrEqualTo(jobs);
        assertThat(waits.totalTime(TimeUnit.MILLISECONDS)).isPositive();
    }
}
