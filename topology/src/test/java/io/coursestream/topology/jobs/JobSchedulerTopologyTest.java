// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.jobs;

import static io.coursestream.topology.testing.JobFixtures.T0;
import static io.coursestream.topology.testing.JobFixtures.command;
import static io.coursestream.topology.testing.JobFixtures.failed;
import static io.coursestream.topology.testing.JobFixtures.started;
import static io.coursestream.topology.testing.JobFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.admin.AlertKind;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobDispatched;
import io.coursestream.schemas.jobs.JobDuplicateDropped;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobQueued;
import io.coursestream.schemas.jobs.JobRetryScheduled;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.OptimizeImages;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

class JobSchedulerTopologyTest {

    private static final String REQUESTS = "test.job-requests";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private final Serde<JobCommand> commands = AvroSerdes.typed(avro);

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobCommand> requests;
    private TestInputTopic<String, SpecificRecord> lifecycle;
    private TestOutputTopic<String, SpecificRecord> payments;
    private TestOutputTopic<String, SpecificRecord> media;
    private TestOutputTopic<String, SpecificRecord> scheduling;
    private TestOutputTopic<String, SpecificRecord> deadLetters;
    private TestOutputTopic<String, SpecificRecord> alerts;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        driver = new TopologyTestDriver(topology(), DriverConfig.of("job-scheduler-test", stateDir), T0);
        requests = driver.createInputTopic(REQUESTS, new StringSerializer(), commands.serializer());
        lifecycle = driver.createInputTopic(Topics.JOB_LIFECYCLE.name(), new StringSerializer(), avro.serializer());
        payments = output(Topics.JOBS_PAYMENTS.name());
        media = output(Topics.JOBS_MEDIA.name());
        scheduling = output(Topics.JOB_SCHEDULING.name());
        deadLetters = output(Topics.JOB_DEAD_LETTER.name());
        alerts = output(Topics.ADMIN_ALERTS.name());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldSendAJobWithoutNotBeforeToItsQueueAtOnce() {
        // When
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).build(), T0);

        // Then
        JobCommand sent = (JobCommand) payments.readValue();
        assertThat(sent.getJobId()).isEqualTo("job-1");
        assertThat(sent.getAttempt()).isEqualTo(1);
        assertThat(sent.getMaxAttempts()).as("filled in from the payments policy").isEqualTo(4);
        JobQueued queued = (JobQueued) scheduling.readValue();
        assertThat(queued.getJobId()).isEqualTo("job-1");
        assertThat(queued.getMetadata().getProducer()).isEqualTo("stream-processor");
        assertThat(queued.getMetadata().getEventId()).isEqualTo(JobEvents.eventId("queued", "job-1", 1));
        assertThat(payments.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();
    }

    @Test
    void shouldTakeUpADispatchedJobWithoutSendingItAgainAndRetryItOnItsQueuesPolicy() {
        // Given a payment its requester dispatched straight to jobs.payments, asking for the queue's tries
        lifecycle.pipeInput("job-1", dispatched(command("job-1", JobQueue.PAYMENTS).build()), T0);

        // Then the scheduler takes it up without sending it again, and without a JobQueued: its dispatch said so
        assertThat(payments.isEmpty()).as("already on its queue").isTrue();
        assertThat(scheduling.isEmpty()).isTrue();

        // When its first attempt fails
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.PAYMENTS, 1, true, T0.plusSeconds(1)), T0.plusSeconds(1));

        // Then the retry is the scheduler's: attempt 2 on the queue after the first backoff, with attempt 1's error
        // and the payments policy's tries
        assertThat(((JobRetryScheduled) scheduling.readValue()).getDelayMillis()).isEqualTo(10_000L);
        driver.advanceWallClockTime(Duration.ofSeconds(11));
        JobCommand second = (JobCommand) payments.readValue();
        assertThat(second.getAttempt()).isEqualTo(2);
        assertThat(second.getMaxAttempts()).isEqualTo(4);
        assertThat(second.getPreviousErrors()).extracting(JobAttemptError::getAttempt).containsExactly(1);
    }

    @Test
    void shouldForgetADispatchedJobThatSucceededAndIgnoreItsDispatchTwice() {
        // Given a dispatched job, dispatched again (a requester's replay)
        JobCommand job = command("job-1", JobQueue.MEDIA).build();
        lifecycle.pipeInput("job-1", dispatched(job), T0);
        lifecycle.pipeInput("job-1", dispatched(job), T0);

        // When it runs and succeeds
        lifecycle.pipeInput("job-1", started("job-1", JobQueue.MEDIA, 1, T0.plusSeconds(1)), T0.plusSeconds(1));
        lifecycle.pipeInput("job-1", succeeded("job-1", JobQueue.MEDIA, 1, T0.plusSeconds(2)), T0.plusSeconds(2));

        // Then it was taken up once, never sent nor announced by the scheduler, and left nothing behind
        assertThat(scheduling.isEmpty()).isTrue();
        assertThat(media.isEmpty()).isTrue();
        assertThat(changelog(JobScheduler.JOB_STORE).readRecordsToList())
                .extracting(record -> record.value() == null).containsExactly(false, true);
        assertThat(changelog(JobScheduler.WAITING_STORE).readRecordsToList())
                .extracting(record -> record.value() == null).containsExactly(false, true);
    }

    @Test
    void shouldAlertOnADispatchedJobNoWorkerStarts() {
        // Given a dispatched job no worker starts
        lifecycle.pipeInput("job-1", dispatched(command("job-1", JobQueue.PAYMENTS).build()), T0);

        // When the queue's threshold passes
        driver.advanceWallClockTime(QueuePolicies.DEFAULT_LONG_WAIT.plusSeconds(1));

        // Then it is the oldest job waiting on its queue
        AdminAlertRaised alert = (AdminAlertRaised) alerts.readValue();
        assertThat(alert.getKind()).isEqualTo(AlertKind.QUEUE_LONG_WAIT);
        assertThat(alert.getJobId()).isEqualTo("job-1");
        assertThat(alert.getWaitMillis()).isEqualTo(61_000L);
    }

    @Test
    void shouldDeadLetterAJobDispatchedToAQueueOfNone() {
        // Given a dispatch no requester should write: a queue without a policy
        JobCommand job = command("job-1", JobQueue.UNKNOWN).build();
        JobDispatched nowhere = JobDispatched.newBuilder(dispatched(command("job-1", JobQueue.MEDIA).build()))
                .setQueue(JobQueue.UNKNOWN).setCommand(job).build();

        // When
        lifecycle.pipeInput("job-1", nowhere, T0);

        // Then
        DeadLetteredJob deadLetter = (DeadLetteredJob) deadLetters.readValue();
        assertThat(deadLetter.getReason()).isEqualTo(DeadLetterReason.UNKNOWN);
        assertThat(((JobDeadLettered) scheduling.readValue()).getJobId()).isEqualTo("job-1");
    }

    @Test
    void shouldHoldADelayedJobUntilNotBefore() {
        // Given
        Instant notBefore = T0.plusSeconds(10);
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).setNotBefore(notBefore).build(), T0);

        // When
        driver.advanceWallClockTime(Duration.ofSeconds(9));

        // Then
        assertThat(payments.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();

        // When
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // Then
        TestRecord<String, SpecificRecord> sent = payments.readRecord();
        assertThat(sent.key()).isEqualTo("job-1");
        assertThat(sent.getRecordTime()).isEqualTo(notBefore);
        assertThat(((JobQueued) scheduling.readValue()).getNotBefore()).isEqualTo(notBefore);
        assertThat(payments.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();
    }

    @Test
    void shouldRetryAPaymentWithExponentialBackoff() {
        // Given
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).build(), T0);
        payments.readValue();
        scheduling.readValue();

        // When: attempt 1 fails at T0 + 1 s
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.PAYMENTS, 1, true, T0.plusSeconds(1)), T0.plusSeconds(1));

        // Then: attempt 2 is scheduled 10 s later and not sent before
        JobRetryScheduled first = (JobRetryScheduled) scheduling.readValue();
        assertThat(first.getNextAttempt()).isEqualTo(2);
        assertThat(first.getDelayMillis()).isEqualTo(10_000L);
        assertThat(first.getNotBefore()).isEqualTo(T0.plusSeconds(11));
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(payments.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        JobCommand second = (JobCommand) payments.readValue();
        assertThat(second.getAttempt()).isEqualTo(2);
        assertThat(second.getPreviousErrors()).extracting(JobAttemptError::getAttempt).containsExactly(1);
        assertThat(((JobQueued) scheduling.readValue()).getAttempt()).isEqualTo(2);

        // When: attempt 2 fails at T0 + 12 s
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.PAYMENTS, 2, true, T0.plusSeconds(12)), T0.plusSeconds(12));

        // Then: attempt 3 waits twice as long
        JobRetryScheduled secondRetry = (JobRetryScheduled) scheduling.readValue();
        assertThat(secondRetry.getDelayMillis()).isEqualTo(20_000L);
        assertThat(secondRetry.getNotBefore()).isEqualTo(T0.plusSeconds(32));
        assertThat(payments.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();
    }

    @Test
    void shouldRetryMediaLinearlyAndDeadLetterWithoutAlertWhenRetriesAreExhausted() {
        // Given
        requests.pipeInput("job-1", command("job-1", JobQueue.MEDIA).build(), T0);
        assertThat(((JobCommand) media.readValue()).getMaxAttempts()).isEqualTo(3);
        scheduling.readValue();

        // When: attempts 1 and 2 fail
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.MEDIA, 1, true, T0.plusSeconds(1)), T0.plusSeconds(1));
        JobRetryScheduled first = (JobRetryScheduled) scheduling.readValue();
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        media.readValue();
        scheduling.readValue();
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.MEDIA, 2, true, T0.plusSeconds(40)), T0.plusSeconds(40));
        JobRetryScheduled second = (JobRetryScheduled) scheduling.readValue();

        // Then: 30 s, then 60 s
        assertThat(first.getDelayMillis()).isEqualTo(30_000L);
        assertThat(second.getDelayMillis()).isEqualTo(60_000L);
        assertThat(second.getNotBefore()).isEqualTo(T0.plusSeconds(100));

        // When: the third and last attempt fails
        driver.advanceWallClockTime(Duration.ofSeconds(69));
        assertThat(((JobCommand) media.readValue()).getAttempt()).isEqualTo(3);
        scheduling.readValue();
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.MEDIA, 3, true, T0.plusSeconds(110)), T0.plusSeconds(110));

        // Then: dead-lettered with every error, no alert for media
        DeadLetteredJob dead = (DeadLetteredJob) deadLetters.readValue();
        assertThat(dead.getReason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        assertThat(dead.getErrors()).extracting(JobAttemptError::getAttempt).containsExactly(1, 2, 3);
        assertThat(dead.getOriginalTopic()).isEqualTo(Topics.JOBS_MEDIA.name());
        assertThat(((JobDeadLettered) scheduling.readValue()).getReason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();
        assertThat(media.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAPaymentThatExhaustsItsRetriesAndAlertTheAdmins() {
        // Given: attempts 1 to 3 fail and are retried
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).build(), T0);
        Instant now = T0;
        for (int attempt = 1; attempt <= 3; attempt++) {
            now = now.plusSeconds(1);
            lifecycle.pipeInput("job-1", failed("job-1", JobQueue.PAYMENTS, attempt, true, now), now);
            driver.advanceWallClockTime(Duration.ofMinutes(1));
            now = T0.plus(Duration.ofMinutes(attempt));
        }
        assertThat(payments.readValuesToList()).extracting(value -> ((JobCommand) value).getAttempt())
                .containsExactly(1, 2, 3, 4);
        scheduling.readValuesToList();

        // When: the fourth attempt fails
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.PAYMENTS, 4, true, now.plusSeconds(1)), now.plusSeconds(1));

        // Then
        DeadLetteredJob dead = (DeadLetteredJob) deadLetters.readValue();
        assertThat(dead.getReason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        assertThat(dead.getErrors()).hasSize(4);
        assertThat(((JobDeadLettered) scheduling.readValue()).getAttempt()).isEqualTo(4);
        TestRecord<String, SpecificRecord> alert = alerts.readRecord();
        AdminAlertRaised raised = (AdminAlertRaised) alert.value();
        assertThat(raised.getKind()).isEqualTo(AlertKind.JOB_DEAD_LETTERED);
        assertThat(raised.getQueue()).isEqualTo(JobQueue.PAYMENTS);
        assertThat(raised.getJobId()).isEqualTo("job-1");
        assertThat(alert.key()).isEqualTo(raised.getAlertId());
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();
        assertThat(payments.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAFatalFailureAtOnceWithTheWholeErrorChain() {
        // Given: attempt 1 failed and was retried
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).build(), T0);
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.PAYMENTS, 1, true, T0.plusSeconds(1)), T0.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(11));
        assertThat(payments.readValuesToList()).hasSize(2);
        scheduling.readValuesToList();

        // When: attempt 2 fails with a non-retriable error, tries remaining
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.PAYMENTS, 2, false, T0.plusSeconds(12)), T0.plusSeconds(12));

        // Then
        TestRecord<String, SpecificRecord> record = deadLetters.readRecord();
        DeadLetteredJob dead = (DeadLetteredJob) record.value();
        assertThat(record.key()).isEqualTo("job-1");
        assertThat(dead.getReason()).isEqualTo(DeadLetterReason.FATAL_ERROR);
        assertThat(dead.getErrors()).extracting(JobAttemptError::getAttempt, JobAttemptError::getRetriable)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, true), org.assertj.core.groups.Tuple.tuple(2, false));
        assertThat(dead.getCommand().getAttempt()).isEqualTo(2);
        assertThat(dead.getOriginalTopic()).isEqualTo(Topics.JOBS_PAYMENTS.name());
        assertThat(dead.getDeadLetteredAt()).isEqualTo(T0.plusSeconds(12));
        JobDeadLettered deadLettered = (JobDeadLettered) scheduling.readValue();
        assertThat(deadLettered.getReason()).isEqualTo(DeadLetterReason.FATAL_ERROR);
        assertThat(deadLettered.getLastError().getAttempt()).isEqualTo(2);
        assertThat(((AdminAlertRaised) alerts.readValue()).getJobId()).isEqualTo("job-1");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();
        assertThat(alerts.isEmpty()).isTrue();

        // And: nothing more is scheduled for the job
        driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(payments.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreARepeatedFailureReportOfAnAttemptAlreadyRetried() {
        // Given
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).build(), T0);
        JobFailed attemptOne = failed("job-1", JobQueue.PAYMENTS, 1, true, T0.plusSeconds(1));
        lifecycle.pipeInput("job-1", attemptOne, T0.plusSeconds(1));
        payments.readValuesToList();
        scheduling.readValuesToList();

        // When: the worker's report is delivered again
        lifecycle.pipeInput("job-1", attemptOne, T0.plusSeconds(2));

        // Then
        assertThat(scheduling.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldRunAUniqueJobRequestedTwiceOnceAndDropTheDuplicate() {
        // When
        requests.pipeInput("job-1", command("job-1", JobQueue.MEDIA).setUniqueKey("optimize:media-7").build(), T0);
        requests.pipeInput("job-2", command("job-2", JobQueue.MEDIA).setUniqueKey("optimize:media-7").build(),
                T0.plusSeconds(1));

        // Then
        assertThat(((JobCommand) media.readValue()).getJobId()).isEqualTo("job-1");
        assertThat(media.isEmpty()).isTrue();
        assertThat(((JobQueued) scheduling.readValue()).getJobId()).isEqualTo("job-1");
        TestRecord<String, SpecificRecord> dropped = scheduling.readRecord();
        assertThat(dropped.key()).isEqualTo("job-2");
        JobDuplicateDropped duplicate = (JobDuplicateDropped) dropped.value();
        assertThat(duplicate.getUniqueKey()).isEqualTo("optimize:media-7");
        assertThat(duplicate.getHeldByJobId()).isEqualTo("job-1");
        assertThat(scheduling.isEmpty()).isTrue();
    }

    @Test
    void shouldLetAUniqueKeyRunAgainAfterItsJobSucceeded() {
        // Given
        requests.pipeInput("job-1", command("job-1", JobQueue.MEDIA).setUniqueKey("optimize:media-7").build(), T0);
        media.readValue();
        scheduling.readValue();

        // When
        lifecycle.pipeInput("job-1", succeeded("job-1", JobQueue.MEDIA, 1, T0.plusSeconds(5)), T0.plusSeconds(5));
        requests.pipeInput("job-2", command("job-2", JobQueue.MEDIA).setUniqueKey("optimize:media-7").build(),
                T0.plusSeconds(6));

        // Then
        assertThat(((JobCommand) media.readValue()).getJobId()).isEqualTo("job-2");
        assertThat(((JobQueued) scheduling.readValue()).getJobId()).isEqualTo("job-2");
        assertThat(media.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();
    }

    @Test
    void shouldReleaseAUniqueKeyWhenItsJobIsDeadLetteredAndRouteLaterReportsToIt() {
        // Given: a unique job retried once, so its reports must keep finding the task that holds its lock
        requests.pipeInput("job-1", command("job-1", JobQueue.MEDIA).setUniqueKey("optimize:media-7").build(), T0);
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.MEDIA, 1, true, T0.plusSeconds(1)), T0.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(31));
        assertThat(media.readValuesToList()).hasSize(2);
        scheduling.readValuesToList();

        // When
        lifecycle.pipeInput("job-1", failed("job-1", JobQueue.MEDIA, 2, false, T0.plusSeconds(35)), T0.plusSeconds(35));
        requests.pipeInput("job-2", command("job-2", JobQueue.MEDIA).setUniqueKey("optimize:media-7").build(),
                T0.plusSeconds(36));

        // Then
        assertThat(((DeadLetteredJob) deadLetters.readValue()).getCommand().getJobId()).isEqualTo("job-1");
        assertThat(((JobCommand) media.readValue()).getJobId()).isEqualTo("job-2");
        assertThat(scheduling.readValuesToList()).extracting(event -> event.getClass().getSimpleName())
                .containsExactly("JobDeadLettered", "JobQueued");
        assertThat(media.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldNameEveryStoreAndRepartitionTopic() {
        // Given
        TopologyDescription description = topology().describe();

        // When
        Set<String> stores = description.subtopologies().stream()
                .flatMap(subtopology -> subtopology.nodes().stream())
                .filter(TopologyDescription.Processor.class::isInstance)
                .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
                .collect(Collectors.toSet());
        Set<String> sourceTopics = description.subtopologies().stream()
                .flatMap(subtopology -> subtopology.nodes().stream())
                .filter(TopologyDescription.Source.class::isInstance)
                .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
                .collect(Collectors.toSet());

        // Then
        assertThat(stores).containsExactlyInAnyOrder("jobs-route-store", "jobs-unique-lock-store",
                "jobs-scheduled-store", "jobs-due-store", "jobs-waiting-store");
        assertThat(sourceTopics).containsExactlyInAnyOrder(REQUESTS, "jobs.lifecycle", "jobs.scheduling",
                "jobs-operator-requests-by-job-id-repartition", "jobs-by-routing-key-repartition");
        assertThat(description.toString()).doesNotContain("KSTREAM-", "KTABLE-");
    }

    @Test
    void shouldRaiseOneLongWaitAlertWhenAQueuedJobWaitsLongerThanTheThreshold() {
        // Given a job sent to the payments queue that no worker starts
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).build(), T0);

        // When the threshold passes
        driver.advanceWallClockTime(QueuePolicies.DEFAULT_LONG_WAIT);
        // Then nothing yet: it has waited exactly the threshold
        assertThat(alerts.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // Then one alert, naming the queue, the job and the wait
        AdminAlertRaised alert = (AdminAlertRaised) alerts.readValue();
        assertThat(alert.getKind()).isEqualTo(AlertKind.QUEUE_LONG_WAIT);
        assertThat(alert.getQueue()).isEqualTo(JobQueue.PAYMENTS);
        assertThat(alert.getJobId()).isEqualTo("job-1");
        assertThat(alert.getWaitMillis()).isEqualTo(61_000L);
        assertThat(alert.getThresholdMillis()).isEqualTo(60_000L);
        // and no repeat within the same threshold window
        driver.advanceWallClockTime(Duration.ofSeconds(10));
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldNotAlertOnAJobAWorkerStarted() {
        // Given
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).build(), T0);

        // When a worker starts it before the threshold
        lifecycle.pipeInput("job-1", started("job-1", JobQueue.PAYMENTS, 1, T0.plusSeconds(5)), T0.plusSeconds(5));
        driver.advanceWallClockTime(Duration.ofSeconds(120));

        // Then
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteNoChangelogTombstoneForWhatAJobWithoutUniqueKeyNeverHad() {
        // Given a job without a unique key, started
        requests.pipeInput("job-1", command("job-1", JobQueue.PAYMENTS).build(), T0);
        lifecycle.pipeInput("job-1", started("job-1", JobQueue.PAYMENTS, 1, T0.plusSeconds(1)), T0.plusSeconds(1));

        // When it succeeds
        lifecycle.pipeInput("job-1", succeeded("job-1", JobQueue.PAYMENTS, 1, T0.plusSeconds(2)), T0.plusSeconds(2));

        // Then it had no route to delete, and its wait was deleted once, at its start
        assertThat(changelog(JobScheduler.ROUTE_STORE).readRecordsToList()).isEmpty();
        assertThat(changelog(JobScheduler.WAITING_STORE).readRecordsToList())
                .extracting(record -> record.value() == null).containsExactly(false, true);
        assertThat(changelog(JobScheduler.JOB_STORE).readRecordsToList())
                .extracting(record -> record.value() == null).containsExactly(false, true);
    }

    private static JobDispatched dispatched(JobCommand job) {
        return JobDispatch.dispatched(job, "test-requester", null);
    }

    private TestOutputTopic<String, byte[]> changelog(String store) {
        return driver.createOutputTopic("job-scheduler-test-" + store + "-changelog", new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        JobScheduler.build(builder,
                builder.stream(REQUESTS, Consumed.with(Serdes.String(), commands).withName("test-job-requests-source")),
                QueuePolicies.defaults(), commands, avro);
        return builder.build();
    }

    private TestOutputTopic<String, SpecificRecord> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), avro.deserializer());
    }
}
