// Tier: unit test of a rule (processor with MockProcessorContext, no Kafka).
package io.coursestream.topology.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.OptimizeImages;

// TopologyTestDriver runs one partition, so it cannot show that a unique job's reports reach the task holding its
// lock; this test pins the routing keys that make it so.
class JobRouterTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final JobRouter router = new JobRouter(JobScheduler.ROUTE_STORE);

    @BeforeEach
    void initRouter() {
        KeyValueStore<String, String> routes = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(JobScheduler.ROUTE_STORE), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        routes.init(context.getStateStoreContext(), routes);
        context.addStateStore(routes);
        router.init(context);
    }

    @Test
    void shouldRouteAUniqueJobAndItsReportsByTheUniqueKeyUntilItSucceeds() {
        // When
        router.process(new Record<>("job-1", command("job-1", "optimize:media-7"), T0.toEpochMilli()));
        router.process(new Record<>("job-1", failed("job-1"), T0.plusSeconds(1).toEpochMilli()));
        router.process(new Record<>("job-1", succeeded("job-1"), T0.plusSeconds(2).toEpochMilli()));
        router.process(new Record<>("job-1", failed("job-1"), T0.plusSeconds(3).toEpochMilli()));

        // Then: after success the route is forgotten, so a late report falls back to the job id
        assertThat(forwardedKeys()).containsExactly("optimize:media-7", "optimize:media-7", "optimize:media-7", "job-1");
    }

    @Test
    void shouldRouteAPlainJobAndItsReportsByTheJobId() {
        // When
        router.process(new Record<>("job-1", command("job-1", null), T0.toEpochMilli()));
        router.process(new Record<>("job-1", failed("job-1"), T0.plusSeconds(1).toEpochMilli()));

        // Then
        assertThat(forwardedKeys()).containsExactly("job-1", "job-1");
    }

    private List<String> forwardedKeys() {
        return context.forwarded().stream().map(forward -> (String) forward.record().key()).toList();
    }

    private static JobCommand command(String jobId, String uniqueKey) {
        return JobCommand.newBuilder()
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA).setAttempt(1)
                .setMaxAttempts(0).setUniqueKey(uniqueKey).setCorrelationId("flow-" + jobId)
                .setEnqueuedAt(T0).setFirstEnqueuedAt(T0).setPreviousErrors(List.of())
                .setPayload(OptimizeImages.newBuilder()
                        .setMediaId("media-7").setOwnerId("user-1").setBucket("media").setObjectKey("media-7.png")
                        .setFileName("cover.png").setContentType("image/png").setSizeBytes(1_024L).setSha256("ab12")
                        .build())
                .build();
    }

    private static JobFailed failed(String jobId) {
        return JobFailed.newBuilder()
                .setMetadata(metadata()).setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA)
                .setAttempt(1)
                .setError(JobAttemptError.newBuilder().setAttempt(1).setErrorClass("java.io.IOException")
                        .setMessage("boom").setRetriable(true).setFailedAt(T0).build())
                .setRetriable(true).setDurationMillis(1L)
                .build();
    }

    private static JobSucceeded succeeded(String jobId) {
        return JobSucceeded.newBuilder()
                .setMetadata(metadata()).setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(JobQueue.MEDIA)
                .setAttempt(1).setWorkerId("worker-1").setDurationMillis(1L).setOutputs(Map.of())
                .build();
    }

    private static EventMetadata metadata() {
        return EventMetadata.newBuilder().setEventId(UUID.nameUUIDFromBytes(new byte[] {1})).setOccurredAt(T0)
                .setCorrelationId("flow").setProducer("workers").build();
    }
}
