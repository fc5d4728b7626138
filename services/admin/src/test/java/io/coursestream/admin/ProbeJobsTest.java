// Tier: unit (the probe job command and its EnqueueJob record, no broker)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.control.EnqueueJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProbeJob;

class ProbeJobsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T09:00:00Z");
    private static final ProbeJob PAYLOAD = ProbeJob.newBuilder()
            .setWorkMillis(250).setProgressSteps(5).setFailAttempts(2).setFatal(false).build();

    @Test
    void shouldMakeAFirstAttemptOfANewProbeJobOnTheQueue() {
        Instant notBefore = NOW.plusSeconds(60);

        JobCommand job = ProbeJobs.probe(JobQueue.MEDIA, PAYLOAD, "probe-media", notBefore, NOW);

        assertThat(UUID.fromString(job.getJobId())).isNotNull();
        assertThat(job.getType()).isEqualTo(JobType.PROBE);
        assertThat(job.getQueue()).isEqualTo(JobQueue.MEDIA);
        assertThat(job.getAttempt()).isEqualTo(1);
        assertThat(job.getMaxAttempts()).isZero();
        assertThat(job.getNotBefore()).isEqualTo(notBefore);
        assertThat(job.getRetryUntil()).isNull();
        assertThat(job.getUniqueKey()).isEqualTo("probe-media");
        assertThat(job.getCorrelationId()).isEqualTo(job.getJobId());
        assertThat(job.getCausationId()).isNull();
        assertThat(job.getEnqueuedAt()).isEqualTo(NOW);
        assertThat(job.getFirstEnqueuedAt()).isEqualTo(NOW);
        assertThat(job.getRequeuedBy()).isNull();
        assertThat(job.getPreviousErrors()).isEmpty();
        assertThat(job.getPayload()).isEqualTo(PAYLOAD);
    }

    @Test
    void shouldGiveEveryProbeItsOwnJobId() {
        JobCommand first = ProbeJobs.probe(JobQueue.EMAILS, PAYLOAD, null, null, NOW);
        JobCommand second = ProbeJobs.probe(JobQueue.EMAILS, PAYLOAD, null, null, NOW);

        assertThat(first.getJobId()).isNotEqualTo(second.getJobId());
        assertThat(first.getNotBefore()).isNull();
        assertThat(first.getUniqueKey()).isNull();
    }

    @Test
    void shouldKeyTheEnqueueJobCommandByItsJobId() {
        JobCommand job = ProbeJobs.probe(JobQueue.EMAILS, PAYLOAD, null, null, NOW);

        ProducerRecord<String, SpecificRecord> record = EnqueueJobCommands.enqueue(job, "alice", NOW);

        assertThat(record.topic()).isEqualTo("control.commands");
        assertThat(record.partition()).isNull();
        assertThat(record.value()).isInstanceOfSatisfying(EnqueueJob.class, command -> {
            assertThat(record.key()).as("the partition of the job's other records").isEqualTo(job.getJobId());
            assertThat(command.getRequestedBy()).isEqualTo("alice");
            assertThat(command.getJob()).isEqualTo(job);
            assertThat(command.getMetadata().getOccurredAt()).isEqualTo(NOW);
            assertThat(command.getMetadata().getCorrelationId()).isEqualTo(job.getJobId());
            assertThat(command.getMetadata().getProducer()).isEqualTo("admin");
        });
    }
}
