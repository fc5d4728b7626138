// Tier: unit (the per-queue tally, no Kafka).
package io.coursestream.processor.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        Instant now = T0.plusSeconds(65);
        QueueTally tally = new QueueTally(now);

        // when
        tally.add(status("j1", JobQueue.MEDIA, JobState.QUEUED, T0.plusSeconds(5)));
        tally.add(status("j2", JobQueue.MEDIA, JobState.QUEUED, T0.plusSeconds(2)));
        tally.add(status("j3", JobQueue.MEDIA, JobState.SCHEDULED, T0));
        tally.add(status("j4", JobQueue.MEDIA, JobState.RETRY_SCHEDULED, T0));
        tally.add(status("j5", JobQueue.MEDIA, JobState.RUNNING, T0));
        tally.add(finished(status("j6", JobQueue.MEDIA, JobState.SUCCEEDED, T0), T0));
        tally.add(finished(status("j10", JobQueue.MEDIA, JobState.SUCCEEDED, T0), T0.plusSeconds(30)));
        tally.add(status("j7", JobQueue.MEDIA, JobState.DEAD_LETTERED, T0));
        tally.add(status("j8", JobQueue.MEDIA, JobState.DUPLICATE_DROPPED, T0));
        tally.add(status("j9", JobQueue.MEDIA, JobState.FAILED, T0));

        // then
        List<QueueSummary> summaries = tally.summaries(Optional.of(Map.of(JobQueue.MEDIA, 7L)));
        assertThat(summaries).extracting(QueueSummary::queue)
                .containsExactly("DEFAULT", "PAYMENTS", "MEDIA", "EMAILS", "BACKUPS", "AFFILIATES");
        assertThat(summaries).filteredOn(summary -> summary.queue().equals("MEDIA"))
                .as("two succeeded, one of them within the last minute; the oldest queued has waited 63 s")
                .containsExactly(new QueueSummary("MEDIA", 4, 1, 2, 1, 1, 1, 1, T0.plusSeconds(2), 63L, 7L));
        assertThat(summaries).filteredOn(summary -> summary.queue().equals("PAYMENTS"))
                .containsExactly(new QueueSummary("PAYMENTS", 0, 0, 0, 0, 0, 0, 0, null, null, null));
    }

    @Test
    void shouldLeaveTheLagOutWhenTheBrokerDidNotAnswer() {
        QueueTally tally = new QueueTally(T0);

        assertThat(tally.summaries(Optional.empty())).extracting(QueueSummary::consumerLag).containsOnlyNulls();
    }

    private static JobStatus finished(JobStatus status, Instant at) {
        return JobStatus.newBuilder(status).setFinishedAt(at).build();
    }

    private static JobStatus status(String jobId, JobQueue queue, JobState state, Instant updatedAt) {
        return JobStatus.newBuilder()
                .setJobId(jobId).setType(JobType.OPTIMIZE_IMAGES).setQueue(queue).setState(state)
                .setAttempt(1).setMaxAttempts(3).setProgressPercent(0).setCorrelationId("flow-" + jobId)
                .setEnqueuedAt(T0).setUpdatedAt(updatedAt)
                .build();
    }
}
