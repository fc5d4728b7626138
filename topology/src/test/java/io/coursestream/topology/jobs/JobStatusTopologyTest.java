// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobQueued;
import io.coursestream.schemas.jobs.JobRetryScheduled;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobState;
import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.OptimizeImages;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

/**
 * The job status store behind the scheduler: the scheduler's own events on {@code jobs.scheduling} are fed back to
 * the topology by the driver, as the broker would; worker reports are piped to {@code jobs.lifecycle}; late or
 * reordered scheduler events are piped to {@code jobs.scheduling} directly.
 */
class JobStatusTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String REQUESTS = "test.job-requests";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private final Serde<JobCommand> commands = AvroSerdes.typed(avro);
    private final Serde<JobStatus> statuses = AvroSerdes.typed(avro);

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobCommand> requests;
    private TestInputTopic<String, SpecificRecord> lifecycle;
    private TestInputTopic<String, SpecificRecord> scheduling;
    private KeyValueStore<String, JobStatus> store;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        driver = new TopologyTestDriver(topology(), DriverConfig.of("job-status-test", stateDir), T0);
        requests = driver.createInputTopic(REQUESTS, new StringSerializer(), commands.serializer());
        lifecycle = driver.createInputTopic(Topics.JOB_LIFECYCLE.name(), new StringSerializer(), avro.serializer());
        scheduling = driver.createInputTopic(Topics.JOB_SCHEDULING.name(), new StringSerializer(), avro.serializer());
        store = driver.getKeyValueStore(JobStatusTopology.STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldShowAQueuedJobWithItsQueuePolicysAttempts() {
        // when
        requests.pipeInput("job-1", command("job-1").build(), T0);

        // then
        JobStatus status = store.get("job-1");
        assertThat(status.getState()).isEqualTo(JobState.QUEUED);
        assertThat(status.getAttempt()).isEqualTo(1);
        assertThat(status.getMaxAttempts()).as("resolved by the scheduler from the media policy").isEqualTo(3);
        assertThat(status.getQueue()).isEqualTo(JobQueue.MEDIA);
        assertThat(status.getCorrelationId()).isEqualTo("flow-job-1");
        assertThat(status.getEnqueuedAt()).isEqualTo(T0);
        assertThat(status.getStartedAt()).isNull();
        assertThat(status.getNotBefore()).isNull();
    }

    @Test
    void shouldShowADelayedJobAsScheduledUntilItIsReleased() {
        // given
        Instant notBefore = T0.plusSeconds(10);

        // when
        requests.pipeInput("job-1", command("job-1").setNotBefore(notBefore).build(), T0);

        // then
        JobStatus held = store.get("job-1");
        assertThat(held.getState()).isEqualTo(JobState.SCHEDULED);
        assertThat(held.getNotBefore()).isEqualTo(notBefore);

        // when
        driver.advanceWallClockTime(Duration.ofSeconds(10));

        // then
        JobStatus released = store.get("job-1");
        assertThat(released.getState()).isEqualTo(JobState.QUEUED);
        assertThat(released.getNotBefore()).isNull();
        assertThat(released.getEnqueuedAt()).as("first enqueued, not released").isEqualTo(T0);
    }

    @Test
    void shouldShowADispatchedJobQueuedFromItsDispatchAndThenRunning() {
        // when a job dispatched straight to its queue is announced
        lifecycle.pipeInput("job-1", JobDispatch.dispatched(command("job-1").build(), "test-requester", "ops"), T0);

        // then it is queued, with the default queue's tries: the scheduler announces no JobQueued for it
        JobStatus queued = store.get("job-1");
        assertThat(queued.getState()).isEqualTo(JobState.QUEUED);
        assertThat(queued.getMaxAttempts()).isEqualTo(3);
        assertThat(queued.getEnqueuedAt()).isEqualTo(T0);
        assertThat(queued.getCorrelationId()).isEqualTo("flow-job-1");

        // when
        lifecycle.pipeInput("job-1", started("job-1", 1, T0.plusSeconds(1)), T0.plusSeconds(1));

        // then
        assertThat(store.get("job-1").getState()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void shouldFollowARunningJobsProgressToSuccess() {
        // given
        requests.pipeInput("job-1", command("job-1").build(), T0);

        // when
        lifecycle.pipeInput("job-1", started("job-1", 1, T0.plusSeconds(1)), T0.plusSeconds(1));
        lifecycle.pipeInput("job-1", progressed("job-1", 1, 40, "resizing", T0.plusSeconds(2)), T0.plusSeconds(2));

        // then
        JobStatus running = store.get("job-1");
        assertThat(running.getState()).isEqualTo(JobState.RUNNING);
        assertThat(running.getProgressPercent()).isEqualTo(40);
        assertThat(running.getProgressMessage()).isEqualTo("resizing");
        assertThat(running.getWorkerId()).isEqualTo("worker-1");
        assertThat(running.getStartedAt()).isEqualTo(T0.plusSeconds(1));

        // when
        lifecycle.pipeInput("job-1", succeeded("job-1", 1, T0.plusSeconds(3)), T0.plusSeconds(3));

        // then
        JobStatus done = store.get("job-1");
        assertThat(done.getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.getProgressPercent()).isEqualTo(100);
        assertThat(done.getFinishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(done.getUpdatedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void shouldShowARetryWaitingForItsBackoffAndThenTheNextAttempt() {
        // given attempt 1 ran to 50 %
        requests.pipeInput("job-1", command("job-1").build(), T0);
        lifecycle.pipeInput("job-1", started("job-1", 1, T0.plusSeconds(1)), T0.plusSeconds(1));
        lifecycle.pipeInput("job-1", progressed("job-1", 1, 50, "half", T0.plusSeconds(2)), T0.plusSeconds(2));

        // when it fails retriably
        lifecycle.pipeInput("job-1", failed("job-1", 1, true, T0.plusSeconds(3)), T0.plusSeconds(3));

        // then the media queue's first backoff (30 s) holds attempt 2
        JobStatus waiting = store.get("job-1");
        assertThat(waiting.getState()).isEqualTo(JobState.RETRY_SCHEDULED);
        assertThat(waiting.getAttempt()).isEqualTo(1);
        assertThat(waiting.getNotBefore()).isEqualTo(T0.plusSeconds(33));
        assertThat(waiting.getLastError().getAttempt()).isEqualTo(1);
        assertThat(waiting.getLastError().getMessage()).isEqualTo("attempt 1");

        // when the backoff is over
        driver.advanceWallClockTime(Duration.ofSeconds(33));

        // then attempt 2 is queued with its progress reset, the error of attempt 1 kept
        JobStatus queued = store.get("job-1");
        assertThat(queued.getState()).isEqualTo(JobState.QUEUED);
        assertThat(queued.getAttempt()).isEqualTo(2);
        assertThat(queued.getProgressPercent()).isZero();
        assertThat(queued.getProgressMessage()).isNull();
        assertThat(queued.getLastError().getAttempt()).isEqualTo(1);
    }

    @Test
    void shouldShowADeadLetteredJobWithTheErrorOfItsLastAttempt() {
        // given
        requests.pipeInput("job-1", command("job-1").build(), T0);
        lifecycle.pipeInput("job-1", started("job-1", 1, T0.plusSeconds(1)), T0.plusSeconds(1));

        // when a fatal failure is reported
        lifecycle.pipeInput("job-1", failed("job-1", 1, false, T0.plusSeconds(2)), T0.plusSeconds(2));

        // then
        JobStatus status = store.get("job-1");
        assertThat(status.getState()).isEqualTo(JobState.DEAD_LETTERED);
        assertThat(status.getAttempt()).isEqualTo(1);
        assertThat(status.getLastError().getRetriable()).isFalse();
        assertThat(status.getFinishedAt()).isNotNull();
    }

    @Test
    void shouldShowADuplicateOfAHeldUniqueJobAsDropped() {
        // given
        requests.pipeInput("job-1", command("job-1").setUniqueKey("media-7").build(), T0);

        // when
        requests.pipeInput("job-2", command("job-2").setUniqueKey("media-7").build(), T0.plusSeconds(1));

        // then
        assertThat(store.get("job-1").getState()).isEqualTo(JobState.QUEUED);
        JobStatus duplicate = store.get("job-2");
        assertThat(duplicate.getState()).isEqualTo(JobState.DUPLICATE_DROPPED);
        assertThat(duplicate.getUniqueKey()).isEqualTo("media-7");
        assertThat(duplicate.getFinishedAt()).isNotNull();
    }

    @Test
    void shouldNotLetALateQueuedUndoTheStartOfTheSameAttempt() {
        // given the worker's start arrived before the scheduler's JobQueued
        lifecycle.pipeInput("job-9", started("job-9", 1, T0.plusSeconds(1)), T0.plusSeconds(1));

        // when
        scheduling.pipeInput("job-9", queued("job-9", 1, T0), T0.plusSeconds(2));

        // then it stays running and still learns what only JobQueued says
        JobStatus status = store.get("job-9");
        assertThat(status.getState()).isEqualTo(JobState.RUNNING);
        assertThat(status.getAttempt()).isEqualTo(1);
        assertThat(status.getMaxAttempts()).isEqualTo(3);
        assertThat(status.getEnqueuedAt()).as("the earliest time seen").isEqualTo(T0);
    }

    @Test
    void shouldKeepASuccessAgainstLateEventsOfEarlierPhasesAndAttempts() {
        // given attempt 2 succeeded before the scheduler's events about it arrived
        lifecycle.pipeInput("job-9", succeeded("job-9", 2, T0.plusSeconds(40)), T0.plusSeconds(40));

        // when
        scheduling.pipeInput("job-9", retryScheduled("job-9", 1, T0.plusSeconds(5)), T0.plusSeconds(41));
        scheduling.pipeInput("job-9", queued("job-9", 2, T0.plusSeconds(35)), T0.plusSeconds(42));
        lifecycle.pipeInput("job-9", started("job-9", 2, T0.plusSeconds(36)), T0.plusSeconds(43));

        // then
        JobStatus status = store.get("job-9");
        assertThat(status.getState()).isEqualTo(JobState.SUCCEEDED);
        assertThat(status.getAttempt()).isEqualTo(2);
        assertThat(status.getProgressPercent()).isEqualTo(100);
        assertThat(status.getNotBefore()).isNull();
        assertThat(status.getStartedAt()).as("a late start still tells when it began").isEqualTo(T0.plusSeconds(36));
        assertThat(status.getFinishedAt()).isEqualTo(T0.plusSeconds(40));
    }

    @Test
    void shouldMoveToALaterAttemptEvenIfItsEventsOvertakeTheEarlierOnes() {
        // given attempt 2 is running
        lifecycle.pipeInput("job-9", started("job-9", 2, T0.plusSeconds(40)), T0.plusSeconds(40));

        // when attempt 1's failure arrives late
        lifecycle.pipeInput("job-9", failed("job-9", 1, true, T0.plusSeconds(3)), T0.plusSeconds(41));

        // then the state stays with attempt 2, and the error is recorded
        JobStatus status = store.get("job-9");
        assertThat(status.getState()).isEqualTo(JobState.RUNNING);
        assertThat(status.getAttempt()).isEqualTo(2);
        assertThat(status.getLastError().getAttempt()).isEqualTo(1);
    }

    @Test
    void shouldStartANewLifeWhenAnOperatorReEnqueuesADeadLetteredJob() {
        // given
        requests.pipeInput("job-1", command("job-1").build(), T0);
        lifecycle.pipeInput("job-1", failed("job-1", 1, false, T0.plusSeconds(2)), T0.plusSeconds(2));
        assertThat(store.get("job-1").getState()).isEqualTo(JobState.DEAD_LETTERED);

        // when
        requests.pipeInput("job-1", command("job-1").setRequeuedBy("cli").setEnqueuedAt(T0.plusSeconds(60)).build(),
                T0.plusSeconds(60));

        // then
        JobStatus status = store.get("job-1");
        assertThat(status.getState()).isEqualTo(JobState.QUEUED);
        assertThat(status.getFinishedAt()).isNull();
        assertThat(status.getLastError().getAttempt()).as("history kept").isEqualTo(1);
    }

    private Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        JobScheduler.JobStreams streams = JobScheduler.build(builder,
                builder.stream(REQUESTS, Consumed.with(Serdes.String(), commands).withName("test-job-requests-source")),
                QueuePolicies.defaults(), commands, avro);
        JobStatusTopology.build(builder, streams, QueuePolicies.defaults(), statuses);
        return builder.build();
    }


    private static JobCommand.Builder command(String jobId) {
        return JobCommand.newBuilder()
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA)
                .setAttempt(1).setMaxAttempts(0)
                .setCorrelationId("flow-" + jobId)
                .setEnqueuedAt(T0).setFirstEnqueuedAt(T0)
                .setPreviousErrors(List.of())
                .setPayload(OptimizeImages.newBuilder()
                        .setMediaId("media-7").setOwnerId("user-1").setBucket("media").setObjectKey("media-7.png")
                        .setFileName("cover.png").setContentType("image/png").setSizeBytes(1_024L).setSha256("ab12")
                        .build());
    }

    private static JobQueued queued(String jobId, int attempt, Instant at) {
        return JobQueued.newBuilder()
                .setMetadata(metadata(jobId, "queued-" + attempt, at, "stream-processor"))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA).setAttempt(attempt)
                .setMaxAttempts(3)
                .build();
    }

    private static JobRetryScheduled retryScheduled(String jobId, int attempt, Instant at) {
        return JobRetryScheduled.newBuilder()
                .setMetadata(metadata(jobId, "retry-" + attempt, at, "stream-processor"))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA).setAttempt(attempt)
                .setNextAttempt(attempt + 1).setMaxAttempts(3).setNotBefore(at.plusSeconds(30)).setDelayMillis(30_000L)
                .build();
    }

    private static JobStarted started(String jobId, int attempt, Instant at) {
        return JobStarted.newBuilder()
                .setMetadata(metadata(jobId, "started-" + attempt, at, "workers"))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA).setAttempt(attempt)
                .setWorkerId("worker-1").setWaitMillis(10L)
                .build();
    }

    private static JobProgressed progressed(String jobId, int attempt, int percent, String message, Instant at) {
        return JobProgressed.newBuilder()
                .setMetadata(metadata(jobId, "progressed-" + attempt + "-" + percent, at, "workers"))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA).setAttempt(attempt)
                .setPercent(percent).setMessage(message)
                .build();
    }

    private static JobFailed failed(String jobId, int attempt, boolean retriable, Instant at) {
        return JobFailed.newBuilder()
                .setMetadata(metadata(jobId, "failed-" + attempt, at, "workers"))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA).setAttempt(attempt)
                .setError(JobAttemptError.newBuilder()
                        .setAttempt(attempt).setErrorClass("java.io.IOException").setMessage("attempt " + attempt)
                        .setCauses(List.of()).setRetriable(retriable).setWorkerId("worker-1").setFailedAt(at)
                        .build())
                .setRetriable(retriable).setWorkerId("worker-1").setDurationMillis(100L)
                .build();
    }

    private static JobSucceeded succeeded(String jobId, int attempt, Instant at) {
        return JobSucceeded.newBuilder()
                .setMetadata(metadata(jobId, "succeeded-" + attempt, at, "workers"))
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA).setAttempt(attempt)
                .setWorkerId("worker-1").setDurationMillis(100L).setOutputs(Map.of())
                .build();
    }

    private static EventMetadata metadata(String jobId, String what, Instant at, String producer) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((jobId + what).getBytes(StandardCharsets.UTF_8)))
                .setOccurredAt(at).setCorrelationId("flow-" + jobId).setCausationId(jobId).setProducer(producer)
                .build();
    }

}
