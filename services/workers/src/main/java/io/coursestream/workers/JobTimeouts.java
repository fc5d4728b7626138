package io.coursestream.workers;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The timeout of each queue, applied with a SmallRye Fault Tolerance guard: past it the guard interrupts the worker
 * thread, so a handler blocked in I/O or a sleep stops with an {@link InterruptedException}, and the attempt fails
 * with a retriable {@link JobTimeoutException}. A handler that ignores interrupts still runs to its end before the
 * failure is reported. Every queue must have a timeout: a queue without one fails the start.
 */
@ApplicationScoped
public class JobTimeouts {

    /** One attempt's work, as the handler runs it. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final Map<JobQueue, Duration> timeouts = new EnumMap<>(JobQueue.class);
    private final Map<JobQueue, Guard> guards = new EnumMap<>(JobQueue.class);

    @Inject
    JobTimeouts(WorkersConfig config) {
        config.queues().forEach((key, settings) -> {
            JobQueue queue = WorkersConfig.queue(key);
            Duration timeout = settings.timeout();
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "coursestream.workers.queues." + key + ".timeout must be positive, was " + timeout);
            }
            timeouts.put(queue, timeout);
            guards.put(queue, Guard.create()
                    .withDescription("jobs." + key + " timeout")
                    .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                    .build());
        });
        for (JobQueue queue : JobQueue.values()) {
            if (queue != JobQueue.UNKNOWN && !timeouts.containsKey(queue)) {
                throw new IllegalStateException("no coursestream.workers.queues." + WorkersConfig.key(queue)
                        + ".timeout: every queue needs one");
            }
        }
    }

    /** The queue's timeout. */
    public Duration of(JobQueue queue) {
        return timeouts.get(queue);
    }

    /**
     * Runs the attempt's work on this thread, interrupting it past the queue's timeout.
     *
     * @throws JobTimeoutException if the timeout passed; the thread's interrupt flag is then clear again
     * @throws InterruptedException if the thread was interrupted for another reason (shutdown)
     * @throws Exception what the work threw
     */
    public void run(JobQueue queue, JobCommand command, Work work) throws Exception {
        Duration timeout = timeouts.get(queue);
        long start = System.nanoTime();
        try {
            guards.get(queue).call(() -> {
                work.run();
                return null;
            }, Void.class);
        } catch (TimeoutException e) {
            if (System.nanoTime() - start < timeout.toNanos()) {
                // Not this guard's: a timeout the handler met in its own calls.
                throw e;
            }
            throw JobTimeoutException.running(command, queue, timeout, e);
        }
    }
}
