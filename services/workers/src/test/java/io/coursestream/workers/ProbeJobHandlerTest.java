// Tier: unit (the PROBE handler on a JobContext that records progress, no Kafka)
package io.coursestream.workers;

import static io.coursestream.workers.QueueClients.probe;
import static io.coursestream.workers.QueueClients.probeCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.ProbeJob;

class ProbeJobHandlerTest {

    private final ProbeJobHandler handler = new ProbeJobHandler();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void shouldReportProgressAfterEachStepAndSucceed() throws Exception {
        handler.handle(context(1, probe(0, 4, 0, false)));

        assertThat(progress).containsExactly("25% step 1 of 4", "50% step 2 of 4", "75% step 3 of 4",
                "100% step 4 of 4");
    }

    @Test
    void shouldReportNoProgressWithoutSteps() throws Exception {
        handler.handle(context(1, probe(0, 0, 0, false)));

        assertThat(progress).isEmpty();
    }

    @Test
    void shouldWorkAtLeastWorkMillis() throws Exception {
        long start = System.nanoTime();

        handler.handle(context(1, probe(120, 3, 0, false)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        assertThat(progress).hasSize(3);
    }

    @Test
    void shouldFailTheAttemptsUpToFailAttemptsRetriablyAndRunTheNextOne() throws Exception {
        for (int attempt = 1; attempt <= 2; attempt++) {
            JobContext context = context(attempt, probe(0, 0, 2, false));
            assertThatThrownBy(() -> handler.handle(context))
                    .isInstanceOf(ProbeJobHandler.RequestedFailureException.class)
                    .hasMessageEndingWith("fails attempt " + attempt + ", as asked (failAttempts 2)")
                    .satisfies(error -> assertThat(JobErrors.isRetriable(error)).isTrue());
        }

        handler.handle(context(3, probe(0, 0, 2, false)));
    }

    @Test
    void shouldSucceedWhenFatalButRequeuedByAnOperator() throws Exception {
        JobContext failing = context(1, probe(0, 0, 0, true));
        JobContext requeued = new JobContext(JobCommand.newBuilder(failing.command()).setRequeuedBy("ops").build(),
                (c, percent, message) -> progress.add(percent + "% " + message));

        handler.handle(requeued);
    }

    @Test
    void shouldFailEveryAttemptFatallyWhenFatal() {
        JobContext context = context(7, probe(0, 2, 0, true));

        assertThatThrownBy(() -> handler.handle(context))
                .isInstanceOf(FatalJobException.class)
                .satisfies(error -> assertThat(JobErrors.isRetriable(error)).isFalse());
        // the work and its progress came first
        assertThat(progress).hasSize(2);
    }

    @Test
    void shouldRejectNegativeWorkAsFatal() {
        JobContext context = context(1, probe(-1, 0, 0, false));

        assertThatThrownBy(() -> handler.handle(context)).isInstanceOf(FatalJobException.class)
                .hasMessageContaining("neither may be negative");
    }

    @Test
    void shouldRejectAnotherPayloadAsFatal() {
        JobContext context = new JobContext(QueueClients.uploadCommand(UUID.randomUUID().toString(), 1, null),
                (command, percent, message) -> progress.add(percent + "% " + message));

        assertThatThrownBy(() -> handler.handle(context)).isInstanceOf(FatalJobException.class)
                .hasMessageContaining("expected ProbeJob");
    }

    @Test
    void shouldStopWorkWithInterruptedExceptionWhenInterrupted() throws Exception {
        // given a probe working ten minutes in two steps, on a worker thread
        JobContext context = context(1, probe(600_000, 2, 0, false));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                handler.handle(context);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "probe-worker");
        worker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.getState() == Thread.State.TIMED_WAITING);

        // when the thread is interrupted (queue timeout, shutdown)
        worker.interrupt();

        // then the work stops at once with InterruptedException, before any progress
        worker.join(Duration.ofSeconds(10).toMillis());
        assertThat(worker.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(progress).isEmpty();
    }

    @Test
    void shouldStopWithInterruptedExceptionEvenWithoutWorkLeft() {
        JobContext context = context(1, probe(0, 3, 0, false));
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> handler.handle(context)).isInstanceOf(InterruptedException.class);
        assertThat(progress).isEmpty();
    }

    private JobContext context(int attempt, ProbeJob probe) {
        JobCommand command = probeCommand(UUID.randomUUID().toString(), JobQueue.DEFAULT, attempt, probe);
        return new JobContext(command, (c, percent, message) -> progress.add(percent + "% " + message));
    }
}
