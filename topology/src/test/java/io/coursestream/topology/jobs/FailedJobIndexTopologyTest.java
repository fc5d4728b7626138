// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.jobs;

import static io.coursestream.topology.testing.JobFixtures.T0;
import static io.coursestream.topology.testing.JobFixtures.command;
import static io.coursestream.topology.testing.JobFixtures.failed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.control.EnqueueJob;
import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobQueued;
import io.coursestream.schemas.jobs.JobState;
import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.StreamProcessorTopology;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

/** The failed-job index inside the whole processor topology: dead letters in, operators' commands, retried jobs out. */
class FailedJobIndexTopologyTest {

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> control;
    private TestInputTopic<String, SpecificRecord> lifecycle;
    private TestOutputTopic<String, SpecificRecord> media;
    private TestOutputTopic<String, SpecificRecord> payments;
    private TestOutputTopic<String, SpecificRecord> deadLetters;
    private TestOutputTopic<String, SpecificRecord> scheduling;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        driver = new TopologyTestDriver(StreamProcessorTopology.build(avro), DriverConfig.of("failed-jobs-test", stateDir), T0);
        control = driver.createInputTopic(Topics.CONTROL_COMMANDS.name(), new StringSerializer(), avro.serializer());
        lifecycle = driver.createInputTopic(Topics.JOB_LIFECYCLE.name(), new StringSerializer(), avro.serializer());
        media = output(Topics.JOBS_MEDIA.name());
        payments = output(Topics.JOBS_PAYMENTS.name());
        deadLetters = output(Topics.JOB_DEAD_LETTER.name());
        scheduling = output(Topics.JOB_SCHEDULING.name());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldIndexAFatallyFailedJobWithItsQueueCoordinates() {
        // When
        deadLetter("job-1", JobQueue.MEDIA);

        // Then
        DeadLetteredJob deadLettered = (DeadLetteredJob) deadLetters.readValue();
        assertThat(deadLettered.getReason()).isEqualTo(DeadLetterReason.FATAL_ERROR);
        assertThat(deadLettered.getOriginalTopic()).isEqualTo("jobs.media");
        assertThat(deadLettered.getOriginalPartition()).isEqualTo(3);
        assertThat(deadLettered.getOriginalOffset()).isEqualTo(42L);
        assertThat(deadLettered.getErrors()).hasSize(1);
        assertThat(failedJobIds()).containsExactly("job-1");
    }

    @Test
    void shouldRunARetriedJobAgainFromAttemptOneUnderItsOwnId() {
        // Given
        deadLetter("job-1", JobQueue.MEDIA);
        scheduling.readValuesToList();

        // When
        control.pipeInput("job-1", retry(FailedJobCommands.job("job-1")), T0.plusSeconds(60));

        // Then
        JobCommand again = (JobCommand) media.readValue();
        assertThat(again.getJobId()).isEqualTo("job-1");
        assertThat(again.getAttempt()).isEqualTo(1);
        assertThat(again.getRequeuedBy()).isEqualTo("ops@example.com");
        assertThat(again.getPreviousErrors()).as("history stays on jobs.dead-letter").isEmpty();
        assertThat(again.getFirstEnqueuedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(((JobQueued) scheduling.readValue()).getRequeuedBy()).isEqualTo("ops@example.com");
        assertThat(failedJobIds()).isEmpty();
        KeyValueStore<String, JobStatus> statuses = driver.getKeyValueStore(JobStatusTopology.STORE);
        assertThat(statuses.get("job-1").getState()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void shouldRetryOnlyTheSelectedQueue() {
        // Given
        deadLetter("job-media", JobQueue.MEDIA);
        deadLetter("job-payment", JobQueue.PAYMENTS);

        // When
        control.pipeInput("command-1", retry(FailedJobCommands.queue(JobQueue.PAYMENTS)), T0.plusSeconds(60));

        // Then
        assertThat(payments.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("job-payment");
        assertThat(media.isEmpty()).isTrue();
        assertThat(failedJobIds()).containsExactly("job-media");
    }

    @Test
    void shouldForgetWithoutRunning() {
        // Given
        deadLetter("job-media", JobQueue.MEDIA);
        deadLetter("job-payment", JobQueue.PAYMENTS);

        // When
        control.pipeInput("command-1", FailedJobCommands.forget(FailedJobCommands.all(), "ops@example.com",
                T0.plusSeconds(60)).records().get(0).value(), T0.plusSeconds(60));

        // Then
        assertThat(failedJobIds()).isEmpty();
        assertThat(media.isEmpty()).isTrue();
        assertThat(payments.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreARetryOfAJobThatIsNotInTheIndex() {
        // When
        control.pipeInput("job-unknown", retry(FailedJobCommands.job("job-unknown")), T0);

        // Then
        assertThat(media.isEmpty()).isTrue();
        assertThat(scheduling.isEmpty()).isTrue();
    }

    /** Enqueues a job through an EnqueueJob command and fails its first attempt fatally, read at jobs.media 3@42. */
    private void deadLetter(String jobId, JobQueue queue) {
        JobCommand job = command(jobId, queue).build();
        control.pipeInput("enqueue-" + jobId, EnqueueJob.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(T0)
                        .setCorrelationId(jobId).setProducer("admin").build())
                .setCommandId("enqueue-" + jobId).setRequestedBy("ops@example.com").setJob(job).build(), T0);
        (queue == JobQueue.MEDIA ? media : payments).readValue();
        lifecycle.pipeInput(jobId, JobFailed.newBuilder(failed(jobId, queue, 1, false, T0))
                .setQueuePartition(3).setQueueOffset(42L).build(), T0.plusSeconds(1));
    }

    private static SpecificRecord retry(FailedJobSelector selector) {
        return FailedJobCommands.retry(selector, "ops@example.com", T0).records().get(0).value();
    }

    private List<String> failedJobIds() {
        KeyValueStore<String, DeadLetteredJob> store = driver.getKeyValueStore(FailedJobIndex.STORE);
        List<String> ids = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining((KeyValue<String, DeadLetteredJob> entry) -> ids.add(entry.key));
        }
        return ids;
    }

    private TestOutputTopic<String, SpecificRecord> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), avro.deserializer());
    }
}
