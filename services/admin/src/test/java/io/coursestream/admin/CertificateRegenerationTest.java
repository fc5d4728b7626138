// Tier: unit (adding up a certificate regeneration's batches and the lines printed for it; no broker)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.certificates.CertificateRegenerationBatchEnqueued;
import io.coursestream.schemas.common.EventMetadata;

class CertificateRegenerationTest {

    private static final String COMMAND = "9b2f1c7e-4d3a-4e5f-8a6b-1c2d3e4f5a6b";
    private static final int PARTITIONS = 6;

    static CertificateRegenerationBatchEnqueued batch(String commandId, int partition, int batch, int jobs,
            int enqueued, int total, boolean finished) {
        return CertificateRegenerationBatchEnqueued.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.parse("2026-11-28T10:00:00Z")).setCorrelationId(commandId)
                        .setCausationId(null).setProducer("stream-processor").build())
                .setCommandId(commandId)
                .setCourseId("course-1")
                .setTemplateVersion(3)
                .setPartition(partition)
                .setPartitions(PARTITIONS)
                .setBatch(batch)
                .setJobs(jobs)
                .setEnqueued(enqueued)
                .setTotal(total)
                .setFinished(finished)
                .build();
    }

    private static CertificateRegenerationBatchEnqueued batch(int partition, int batch, int jobs, int enqueued,
            int total, boolean finished) {
        return batch(COMMAND, partition, batch, jobs, enqueued, total, finished);
    }

    private static CertificateRegenerationBatchEnqueued empty(int partition) {
        return batch(partition, 1, 0, 0, 0, true);
    }

    /** Feeds {@code batches} to {@code run} as the watch does: a progress line for each one taken. */
    private static List<String> feed(CertificateRegeneration run, CertificateRegenerationBatchEnqueued... batches) {
        List<String> lines = new ArrayList<>();
        for (CertificateRegenerationBatchEnqueued batch : batches) {
            if (run.add(batch)) {
                lines.add(CertificateRegeneration.progress(batch));
            }
        }
        return lines;
    }

    @Test
    void shouldPrintOneProgressLinePerBatchAndTheTotalOnceEveryPartitionFinished() {
        CertificateRegeneration run = new CertificateRegeneration(COMMAND, "course-1", 3);

        List<String> lines = feed(run, empty(0), batch(2, 1, 100, 100, 250, false), empty(1),
                batch(2, 2, 100, 200, 250, false), empty(3), empty(4), empty(5));
        boolean completeBeforeTheLastBatch = run.complete();
        lines.addAll(feed(run, batch(2, 3, 50, 250, 250, true)));

        assertThat(completeBeforeTheLastBatch).isFalse();
        assertThat(run.complete()).isTrue();
        assertThat(lines).containsExactly(
                "partition 0 batch 1: 0/0 certificates enqueued",
                "partition 2 batch 1: 100/250 certificates enqueued",
                "partition 1 batch 1: 0/0 certificates enqueued",
                "partition 2 batch 2: 200/250 certificates enqueued",
                "partition 3 batch 1: 0/0 certificates enqueued",
                "partition 4 batch 1: 0/0 certificates enqueued",
                "partition 5 batch 1: 0/0 certificates enqueued",
                "partition 2 batch 3: 250/250 certificates enqueued");
        assertThat(run.enqueued()).isEqualTo(250);
        assertThat(run.batches()).isEqualTo(3);
        assertThat(run.summary()).isEqualTo("regeneration " + COMMAND + " of course course-1 with template v3: "
                + "250 certificates enqueued in 3 batches");
    }

    @Test
    void shouldAddUpThePartitionsThatHaveCertificates() {
        CertificateRegeneration run = new CertificateRegeneration(COMMAND, "course-1", 3);

        feed(run, batch(0, 1, 300, 300, 450, false), batch(0, 2, 150, 450, 450, true),
                batch(3, 1, 7, 7, 7, true), empty(1), empty(2), empty(4), empty(5));

        assertThat(run.complete()).isTrue();
        assertThat(run.summary()).isEqualTo("regeneration " + COMMAND + " of course course-1 with template v3: "
                + "457 certificates enqueued in 3 batches");
    }

    @Test
    void shouldSayWhichPartitionsHaveNotFinishedWhileTheRunIsIncomplete() {
        CertificateRegeneration run = new CertificateRegeneration(COMMAND, "course-1", 3);

        feed(run, empty(0), empty(1), batch(2, 1, 100, 100, 150, false), empty(3));

        assertThat(run.complete()).isFalse();
        assertThat(run.expected()).isEqualTo(PARTITIONS);
        assertThat(run.finished()).isEqualTo(3);
        assertThat(run.unfinished()).containsExactly(2, 4, 5);
        assertThat(run.summary()).isEqualTo("regeneration " + COMMAND + " of course course-1 with template v3: "
                + "100 certificates enqueued in 1 batch so far; partitions 2, 4, 5 have not finished");
    }

    @Test
    void shouldNameTheOnePartitionThatHasNotFinished() {
        CertificateRegeneration run = new CertificateRegeneration(COMMAND, "course-1", 3);

        feed(run, empty(0), empty(1), empty(2), empty(3), empty(4));

        assertThat(run.summary()).isEqualTo("regeneration " + COMMAND + " of course course-1 with template v3: "
                + "0 certificates enqueued in 0 batches so far; partition 5 has not finished");
    }

    @Test
    void shouldCountABatchOnceAndIgnoreOtherRuns() {
        CertificateRegeneration run = new CertificateRegeneration(COMMAND, "course-1", 3);

        boolean first = run.add(batch(2, 1, 100, 100, 150, false));
        boolean again = run.add(batch(2, 1, 100, 100, 150, false));
        boolean other = run.add(batch("another-run", 2, 2, 50, 150, 150, true));

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(other).isFalse();
        assertThat(run.enqueued()).isEqualTo(100);
        assertThat(run.batches()).isEqualTo(1);
        assertThat(run.finished()).isZero();
    }

    @Test
    void shouldExpectNothingBeforeTheFirstBatchArrived() {
        CertificateRegeneration run = new CertificateRegeneration(COMMAND, "course-1", 3);

        assertThat(run.complete()).isFalse();
        assertThat(run.expected()).isZero();
        assertThat(run.unfinished()).isEmpty();
        assertThat(run.summary()).isEqualTo("no partition has reported on regeneration " + COMMAND);
    }

    @Test
    void shouldPrintTheProgressOfABatchAsEnqueuedOfTotal() {
        assertThat(CertificateRegeneration.progress(batch(2, 3, 100, 300, 450, false)))
                .isEqualTo("partition 2 batch 3: 300/450 certificates enqueued");
    }
}
