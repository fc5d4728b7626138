// Tier: IT (the workers application on the real broker and registry of the test harness)
package io.coursestream.workers;

import static io.coursestream.workers.QueueClients.backupCommand;
import static io.coursestream.workers.QueueClients.uploadCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Commands sent to a queue topic, as the scheduler would, and the reports the workers write to
 * {@code jobs.lifecycle}; {@link ScriptedJobHandler} plays the PROCESS_COURSE_UPLOAD handler.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class JobLifecycleIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Inject
    ScriptedJobHandler handler;

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
    void shouldReportStartedProgressedAndSucceededInOrderForOneAttempt() throws Exception {
        // given a handler that reports progress twice and an output
        String jobId = UUID.randomUUID().toString();
        handler.script(jobId, context -> {
            context.progress(40, "extracting");
            context.progress(100, "done");
            context.output("episodes", "3");
        });

        // when its command (attempt 2, as a retry would be) reaches the default queue
        queues.send(uploadCommand(jobId, 2, null));

        // then Started, Progressed 40, Progressed 100, Succeeded, all for attempt 2, and nothing else
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobSucceeded.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobProgressed.class, JobProgressed.class,
                JobSucceeded.class);
        JobStarted started = (JobStarted) reports.get(0);
        assertThat(started.getAttempt()).isEqualTo(2);
        assertThat(started.getQueue()).isEqualTo(JobQueue.DEFAULT);
        assertThat(started.getMetadata().getProducer()).isEqualTo("workers");
        assertThat(started.getMetadata().getCausationId()).isEqualTo(jobId);
        assertThat(started.getMetadata().getCorrelationId()).isEqualTo("flow-" + jobId);
        assertThat(((JobProgressed) reports.get(1)).getPercent()).isEqualTo(40);
        assertThat(((JobProgressed) reports.get(1)).getMessage()).isEqualTo("extracting");
        assertThat(((JobProgressed) reports.get(2)).getPercent()).isEqualTo(100);
        assertThat(((JobProgressed) reports.get(2)).getAttempt()).isEqualTo(2);
        JobSucceeded succeeded = (JobSucceeded) reports.get(3);
        assertThat(succeeded.getAttempt()).isEqualTo(2);
        assertThat(succeeded.getWorkerId()).isEqualTo(started.getWorkerId());
        assertThat(succeeded.getOutputs()).containsEntry("episodes", "3");
    }

    @Test
    void shouldReportARetriableFailureWithTheErrorChainWhenTheHandlerThrows() throws Exception {
        // given a handler that fails as a storage timeout would
        String jobId = UUID.randomUUID().toString();
        handler.script(jobId, context -> {
            throw new UncheckedIOException("storage read failed", new SocketTimeoutException("read timed out"));
        });

        // when its command arrives
        queues.send(uploadCommand(jobId, 1, null));

        // then Started, then a retriable JobFailed naming the error and its cause
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobFailed.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobFailed.class);
        JobFailed failed = (JobFailed) reports.get(1);
        assertThat(failed.getRetriable()).isTrue();
        assertThat(failed.getAttempt()).isEqualTo(1);
        assertThat(failed.getError().getErrorClass()).isEqualTo(UncheckedIOException.class.getName());
        assertThat(failed.getError().getMessage()).isEqualTo("storage read failed");
        assertThat(failed.getError().getCauses())
                .containsExactly("java.net.SocketTimeoutException: read timed out");
        assertThat(failed.getError().getStackTrace()).contains("ScriptedJobHandler");
        assertThat(failed.getWorkerId()).isNotBlank().isEqualTo(failed.getError().getWorkerId());
    }

    @Test
    void shouldReportAFatalFailureWhenTheHandlerThrowsFatalJobException() throws Exception {
        // given a handler that finds the payload invalid
        String jobId = UUID.randomUUID().toString();
        handler.script(jobId, context -> {
            throw new FatalJobException("not a zip archive", new IOException("bad magic"));
        });

        // when its command arrives
        queues.send(uploadCommand(jobId, 1, null));

        // then Started, then JobFailed with retriable=false
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobFailed.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobFailed.class);
        JobFailed failed = (JobFailed) reports.get(1);
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getError().getRetriable()).isFalse();
        assertThat(failed.getError().getErrorClass()).isEqualTo(FatalJobException.class.getName());
    }

    @Test
    void shouldReportAFatalFailureWithoutStartingWhenNoHandlerRunsTheJobType() throws Exception {
        // given a backup job: this build has no BACKUP_DATABASE handler
        String jobId = UUID.randomUUID().toString();

        // when its command reaches the backups queue
        RecordMetadata sent = queues.send(backupCommand(jobId));

        // then JobFailed with retriable=false, naming where the command was read, and nothing before it
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobFailed.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobFailed.class);
        JobFailed failed = (JobFailed) reports.get(0);
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getQueue()).isEqualTo(JobQueue.BACKUPS);
        assertThat(failed.getError().getErrorClass()).isEqualTo(NoHandlerException.class.getName());
        assertThat(failed.getDurationMillis()).isZero();
        assertThat(failed.getQueuePartition()).isEqualTo(sent.partition());
        assertThat(failed.getQueueOffset()).isEqualTo(sent.offset());
    }

    @Test
    void shouldWaitForNotBeforeWhenTheCommandArrivesSlightlyEarly() throws Exception {
        // given a job due in one second (less than max-early-wait)
        String jobId = UUID.randomUUID().toString();
        handler.script(jobId, context -> { });
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(1);

        // when it arrives at once
        queues.send(uploadCommand(jobId, 1, notBefore));

        // then it starts no earlier than notBefore
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobSucceeded.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobSucceeded.class);
        assertThat(((JobStarted) reports.get(0)).getMetadata().getOccurredAt()).isAfterOrEqualTo(notBefore);
    }

    @Test
    void shouldReportARetriableFailureWithoutRunningWhenTheCommandArrivesFarTooEarly() throws Exception {
        // given a job due in an hour, which the scheduler should still be holding
        String jobId = UUID.randomUUID().toString();
        handler.script(jobId, context -> {
            throw new AssertionError("must not run before notBefore");
        });

        // when it arrives now
        queues.send(uploadCommand(jobId, 1, Instant.now().plus(Duration.ofHours(1))));

        // then a retriable JobFailed and no JobStarted
        List<SpecificRecord> reports = queues.awaitReports(jobId, JobFailed.class);
        assertThat(reports).hasExactlyElementsOfTypes(JobFailed.class);
        JobFailed failed = (JobFailed) reports.get(0);
        assertThat(failed.getRetriable()).isTrue();
        assertThat(failed.getError().getErrorClass()).isEqualTo(JobNotDueException.class.getName());
    }

    @Test
    void shouldCommitTheCommandOnlyAfterItsReportIsWritten() throws Exception {
        // given a handler that runs until the test lets it finish
        String jobId = UUID.randomUUID().toString();
        CountDownLatch finish = new CountDownLatch(1);
        handler.script(jobId, context -> {
            if (!finish.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the job finish");
            }
        });

        // when its command arrives and the attempt is running
        RecordMetadata sent = queues.send(uploadCommand(jobId, 1, null));
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        queues.awaitReports(jobId, JobStarted.class);

        // then the workers have not committed past it: killed now, the job would be delivered again
        assertThat(queues.committedOffset(partition)).isLessThanOrEqualTo(sent.offset());

        // when the attempt finishes, then the offset is committed past it after JobSucceeded
        finish.countDown();
        queues.awaitReports(jobId, JobSucceeded.class);
        await().atMost(TIMEOUT).until(() -> queues.committedOffset(partition) > sent.offset());
    }
}
