// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.jobs;

import static io.coursestream.topology.testing.JobFixtures.T0;
import static io.coursestream.topology.testing.JobFixtures.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDispatched;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

/** How the contexts hand their jobs over ({@link JobScheduler#request}): dispatched straight, or requested. */
class JobDispatchTopologyTest {

    private static final String CONTEXT_JOBS = "test.context-jobs";

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private final Serde<JobCommand> commands = AvroSerdes.typed(avro);

    private TopologyTestDriver driver;
    private TestInputTopic<String, JobCommand> contextJobs;
    private TestOutputTopic<String, SpecificRecord> payments;
    private TestOutputTopic<String, SpecificRecord> lifecycle;
    private TestOutputTopic<String, SpecificRecord> requests;

    @TempDir
    Path stateDir;

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        JobScheduler.request(builder.stream(CONTEXT_JOBS, Consumed.with(Serdes.String(), commands)),
                QueuePolicies.defaults(), commands, avro);
        driver = new TopologyTestDriver(builder.build(), DriverConfig.of("job-dispatch-test", stateDir), T0);
        contextJobs = driver.createInputTopic(CONTEXT_JOBS, new StringSerializer(), commands.serializer());
        payments = output(Topics.JOBS_PAYMENTS.name());
        lifecycle = output(Topics.JOB_LIFECYCLE.name());
        requests = output(Topics.JOB_REQUESTS.name());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldDispatchAJobWithNothingToHoldStraightToItsQueueAndAnnounceIt() {
        // when a context asks for a payment, keyed by something else than its job id
        contextJobs.pipeInput("transaction-9", command("job-1", JobQueue.PAYMENTS).build(), T0);

        // then the command is on jobs.payments, keyed by job id, with the payments policy's tries
        TestRecord<String, SpecificRecord> sent = payments.readRecord();
        assertThat(sent.key()).isEqualTo("job-1");
        assertThat(((JobCommand) sent.value()).getMaxAttempts()).isEqualTo(4);
        // and announced on jobs.lifecycle, on the partition the workers' reports on it will go to
        TestRecord<String, SpecificRecord> announced = lifecycle.readRecord();
        assertThat(announced.key()).isEqualTo("job-1");
        JobDispatched dispatched = (JobDispatched) announced.value();
        assertThat(dispatched.getCommand()).isEqualTo(sent.value());
        assertThat(dispatched.getMetadata().getProducer()).isEqualTo("stream-processor");
        assertThat(dispatched.getMetadata().getEventId()).isEqualTo(JobEvents.eventId("dispatched", "job-1", 1));
        assertThat(requests.isEmpty()).isTrue();
    }

    @Test
    void shouldRequestAUniqueOrDelayedJobFromTheScheduler() {
        // when
        contextJobs.pipeInput("a", command("job-1", JobQueue.PAYMENTS).setUniqueKey("invoice-7").build(), T0);
        contextJobs.pipeInput("b", command("job-2", JobQueue.PAYMENTS).setNotBefore(T0.plusSeconds(60)).build(), T0);

        // then both wait for the scheduler on jobs.requests, keyed by job id; nothing is on a queue yet
        assertThat(requests.readKeyValuesToList()).extracting(keyValue -> keyValue.key)
                .containsExactly("job-1", "job-2");
        assertThat(payments.isEmpty()).isTrue();
        assertThat(lifecycle.isEmpty()).isTrue();
    }

    @Test
    void shouldWriteTheQueueCommandAndItsAnnouncementForAProducerOutsideTheProcessor() {
        // given
        JobCommand job = command("job-1", JobQueue.MEDIA).setMaxAttempts(2).build();

        // when
        List<ProducerRecord<String, SpecificRecord>> records = JobDispatch.records(job, "admin", "ops");

        // then
        assertThat(records).extracting(ProducerRecord::topic).containsExactly("jobs.media", "jobs.lifecycle");
        assertThat(records).extracting(ProducerRecord::key).containsOnly("job-1");
        assertThat(records).extracting(ProducerRecord::timestamp).containsOnly(T0.toEpochMilli());
        assertThat(records.get(0).value()).isEqualTo(job);
        JobDispatched dispatched = (JobDispatched) records.get(1).value();
        assertThat(dispatched.getRequestedBy()).isEqualTo("ops");
        assertThat(dispatched.getMetadata().getProducer()).isEqualTo("admin");
    }

    @Test
    void shouldRefuseToDispatchWhatTheSchedulerMustHold() {
        // given
        JobCommand unique = command("job-1", JobQueue.MEDIA).setUniqueKey("media-7").build();
        JobCommand delayed = command("job-2", JobQueue.MEDIA).setNotBefore(T0.plusSeconds(1)).build();
        JobCommand retry = command("job-3", JobQueue.MEDIA).setAttempt(2).build();
        JobCommand requeued = command("job-4", JobQueue.MEDIA).setRequeuedBy("cli").build();

        // then
        for (JobCommand held : List.of(unique, delayed, retry, requeued)) {
            assertThat(JobDispatch.isDirect(held)).as(held.getJobId()).isFalse();
            assertThatThrownBy(() -> JobDispatch.dispatched(held, "admin", null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(held.getJobId());
        }
        assertThat(JobDispatch.isDirect(command("job-5", JobQueue.MEDIA).build())).isTrue();
        assertThat(JobDispatch.isDirect(command("job-6", JobQueue.UNKNOWN).build())).isFalse();
    }

    private TestOutputTopic<String, SpecificRecord> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), avro.deserializer());
    }
}
