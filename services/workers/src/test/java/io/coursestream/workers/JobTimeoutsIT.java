// Tier: IT (the queue timeout guard inside the running workers application; SmallRye Fault Tolerance needs its CDI)
package io.coursestream.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link JobTimeouts} run on the test thread, as a worker thread runs it, with the short affiliates timeout. */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class JobTimeoutsIT {

    private static final Duration TIMEOUT = Duration.parse(WorkersTestProfile.SHORT_TIMEOUT);

    @Inject
    JobTimeouts timeouts;

    private final JobCommand command = QueueClients.probeCommand(UUID.randomUUID().toString(), JobQueue.AFFILIATES, 1,
            QueueClients.probe(0, 0, 0, false));

    @AfterEach
    void clearInterrupt() {
        // A failed assertion must not leave the flag to the next test on this thread.
        Thread.interrupted();
    }

    @Test
    void shouldUseTheConfiguredTimeoutOfEachQueue() {
        assertThat(timeouts.of(JobQueue.AFFILIATES)).isEqualTo(TIMEOUT);
        assertThat(timeouts.of(JobQueue.EMAILS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(timeouts.of(JobQueue.BACKUPS)).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void shouldInterruptWorkPastTheTimeoutAndLeaveTheThreadUninterrupted() {
        // given work that never ends unless interrupted
        AtomicBoolean interrupted = new AtomicBoolean();
        Instant start = Instant.now();

        // when it runs under the affiliates timeout, then it is interrupted and a JobTimeoutException names the job
        assertThatThrownBy(() -> timeouts.run(JobQueue.AFFILIATES, command, () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        })).isInstanceOf(JobTimeoutException.class)
                .hasMessage("job " + command.getJobId() + " attempt 1 exceeded the affiliates queue timeout "
                        + TIMEOUT);
        assertThat(interrupted).isTrue();
        assertThat(Duration.between(start, Instant.now())).isBetween(TIMEOUT, TIMEOUT.plusSeconds(20));
        // and the worker thread is fit for its next job
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void shouldPassTheWorksOwnFailureThroughWithinTheTimeout() {
        assertThatThrownBy(() -> timeouts.run(JobQueue.AFFILIATES, command, () -> {
            throw new IOException("provider down");
        })).isInstanceOf(IOException.class).hasMessage("provider down");
    }

    @Test
    void shouldPropagateAnInterruptThatIsNotTheTimeout() {
        // given a worker thread interrupted by a shutdown
        Thread.currentThread().interrupt();

        // when the work blocks, then the InterruptedException reaches the runner, which re-delivers the job
        assertThatThrownBy(() -> timeouts.run(JobQueue.AFFILIATES, command, () -> new CountDownLatch(1).await()))
                .isInstanceOf(InterruptedException.class);
    }
}
