// Tier: unit (the per-queue tally, no Kafka).
package io.coursestream.processor.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobState;
import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.schemas.jobs.JobType;

class QueueTallyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void shouldCountQueuedHeldAndRetryingJobsAsWaitingAndNameTheOldestQueued() {
        // given
        QueueTally tally = new QueueTally();

        // when
        tally.add(status("j1", JobQueue.MEDIA, JobState.QUEUED, T0.plusSeconds(5)));
        tally.add(status("j2", JobQueue.MEDIA, JobState.QUEUED, T0.plusSeconds(2)));
        tally.add(status("j3", JobQueue.MEDIA, JobState.SCHEDULED, T0));
        tally.add(status("j4", JobQueue.MEDIA, JobState.RETRY_SCHEDULED, T0));
        tally.add(status("j5", JobQueue.MEDIA, JobState.RUNNING, T0));
        tally.add(status("j6", JobQueue.MEDIA, JobState.SUCCEEDED, T0));
        tally.add(status("j7", JobQueue.MEDIA, JobState.DEAD_LETTERED, T0));
        tally.add(status("j8", JobQueue.MEDIA, JobState.DUPLICATE_DROPPED, T0));
        tally.add(status("j9", JobQueue.MEDIA, JobState.FAILED, T0));

        // then
        assertThat(tally.summaries()).extracting(QueueSummary::queue)
                .containsExactly("DEFAULT", "PAYMENTS", "MEDIA", "EMAILS", "BACKUPS", "AFFILIATES");
        assertThat(tally.summaries()).filteredOn(summary -> summary.queue().equals("MEDIA"))
                .containsExactly(new QueueSummary("MEDIA", 4, 1, 1, 1, 1, 1, T0.plusSeconds(2)));
        assertThat(tally.summaries()).filteredOn(summary -> summary.queue().equals("PAYMENTS"))
                .containsExactly(new QueueSummary("PAYMENTS", 0, 0, 0, 0, 0, 0, null));
    }

    private static JobStatus status(String jobId, JobQueue queue, JobState state, Instant updatedAt) {
        return JobStatus.newBuilder()
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(queue).setState(state)
                .setAttempt(1).setMaxAttempts(3).setProgressPercent(0).setCorrelationId("flow-" + jobId)
                .setEnqueuedAt(T0).setUpdatedAt(updatedAt)
                .build();
    }
}
