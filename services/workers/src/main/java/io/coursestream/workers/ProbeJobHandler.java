package io.coursestream.workers;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProbeJob;

/**
 * Runs PROBE jobs, the job runtime's self-test on any queue: it touches nothing outside the runtime. It works (sleeps)
 * for {@code workMillis}, split into {@code progressSteps} steps with a progress report after each, then fails as the
 * payload asks: with a fatal error if {@code fatal} until an operator retries it from the failed-job index (a
 * requeued probe succeeds, so the recovery path can be checked end to end), attempts up to {@code failAttempts} with
 * a retriable one. Failing after the work, not before, lets a probe check how a long failing attempt is reported.
 *
 * <p>An interrupt (the queue timeout, a shutdown) stops the work at once with an {@link InterruptedException}.
 */
@ApplicationScoped
public class ProbeJobHandler implements JobHandler {

    /** The retriable failure a probe was asked for. */
    public static class RequestedFailureException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RequestedFailureException(String message) {
            super(message);
        }
    }

    @Override
    public JobType type() {
        return JobType.PROBE;
    }

    @Override
    public void handle(JobContext context) throws InterruptedException {
        ProbeJob probe = context.payload(ProbeJob.class);
        if (probe.getWorkMillis() < 0 || probe.getProgressSteps() < 0) {
            throw new FatalJobException("probe job " + context.jobId() + " asks for " + probe.getWorkMillis()
                    + " ms of work in " + probe.getProgressSteps() + " steps; neither may be negative");
        }
        work(context, probe.getWorkMillis(), probe.getProgressSteps());
        if (probe.getFatal() && context.command().getRequeuedBy() == null) {
            throw new FatalJobException("probe job " + context.jobId() + " fails until an operator retries it, as asked"
                    + " (fatal)");
        }
        if (context.attempt() <= probe.getFailAttempts()) {
            throw new RequestedFailureException("probe job " + context.jobId() + " fails attempt " + context.attempt()
                    + ", as asked (failAttempts " + probe.getFailAttempts() + ")");
        }
    }

    /** Sleeps until each step's share of the work is over, so progress reports do not stretch the total. */
    private static void work(JobContext context, long workMillis, int steps) throws InterruptedException {
        long start = System.nanoTime();
        long workNanos = TimeUnit.MILLISECONDS.toNanos(workMillis);
        if (steps == 0) {
            sleepUntil(start + workNanos);
            return;
        }
        for (int step = 1; step <= steps; step++) {
            sleepUntil(start + workNanos / steps * step + (step == steps ? workNanos % steps : 0));
            context.progress((int) (100L * step / steps), "step " + step + " of " + steps);
        }
    }

    /** Throws on an interrupt even when the deadline has passed: a step without work still stops there. */
    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        } else if (Thread.interrupted()) {
            throw new InterruptedException("probe job interrupted");
        }
    }
}
