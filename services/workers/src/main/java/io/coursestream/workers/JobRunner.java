package io.coursestream.workers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Runs one attempt of one command and reports it: {@code JobStarted}, the handler (with its {@code JobProgressed}),
 * then {@code JobSucceeded} or {@code JobFailed}. It never retries: the scheduler decides on the failure report.
 *
 * <p>Before the start, the attempt takes a token from its queue's and its type's rate limits ({@link JobRateLimits}),
 * waiting for them at most the queue's timeout; the handler then runs under that timeout ({@link JobTimeouts}).
 *
 * <p>A handler's exception becomes a report; a failure to write a report fails the returned stage, so the command is
 * not acknowledged and is delivered again after the worker restarts. The worker thread does not wait for the
 * outcome's acknowledgement: it takes the next command while the broker writes it.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobHandlers handlers;
    private final JobRateLimits rateLimits;
    private final JobTimeouts timeouts;
    private final LifecycleEvents lifecycle;
    private final JobErrors errors;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String instanceId;
    private final Duration maxEarlyWait;

    @Inject
    JobRunner(JobHandlers handlers, JobRateLimits rateLimits, JobTimeouts timeouts, LifecycleEvents lifecycle,
            Clock clock, MeterRegistry meters, WorkersConfig config) {
        this.handlers = handlers;
        this.rateLimits = rateLimits;
        this.timeouts = timeouts;
        this.lifecycle = lifecycle;
        this.errors = new JobErrors(config.stackTraceMaxChars());
        this.clock = clock;
        this.meters = meters;
        this.instanceId = config.instanceId();
        this.maxEarlyWait = config.maxEarlyWait();
    }

    /**
     * Runs the command in {@code record}, read from the topic of {@code queue}, on the calling thread; returns once
     * its outcome is sent, with a stage that completes when the broker acknowledged it (the command may then be
     * acknowledged) or fails if it was not written (the command must not be).
     */
    public CompletionStage<Void> run(JobQueue queue, ConsumerRecord<String, JobCommand> record)
            throws InterruptedException {
        JobCommand command = record.value();
        if (command == null) {
            // Nothing to report on: without a jobId the scheduler could not match it. The record stays in the queue
            // topic for its retention; the metric alerts on it.
            LOG.errorf("undecodable job command skipped at %s-%d offset %d (key %s)", record.topic(),
                    record.partition(), record.offset(), record.key());
            meters.counter("coursestream.jobs.undecodable", "topic", record.topic()).increment();
            return CompletableFuture.completedFuture(null);
        }
        String workerId = instanceId + "/" + Thread.currentThread().getName();
        Optional<CompletionStage<Void>> notDue = refuseIfNotDue(record, workerId);
        if (notDue.isPresent()) {
            return notDue.get();
        }
        Optional<JobHandler> handler = handlers.forType(command.getType());
        if (handler.isEmpty()) {
            return reportFailure(record, new NoHandlerException(command.getType()), workerId, 0);
        }
        Duration timeout = timeouts.of(queue);
        if (!rateLimits.acquire(queue, command.getType(), timeout)) {
            return reportFailure(record, JobTimeoutException.waitingForToken(command, queue, timeout), workerId, 0);
        }

        Instant startedAt = clock.instant();
        lifecycle.started(command, workerId, Math.max(0, Duration.between(dueAt(command), startedAt).toMillis()));
        Timer.Sample sample = Timer.start(meters);
        JobContext context = new JobContext(command, record.partition(), lifecycle::progressed);
        try {
            timeouts.run(queue, command, () -> handler.get().handle(context));
        } catch (InterruptedException e) {
            // Shutting down mid-job: leave the command unacknowledged so it is delivered again.
            Thread.currentThread().interrupt();
            throw e;
        } catch (VirtualMachineError e) {
            // Out of memory or stack: this JVM cannot be trusted to report; the job is delivered again after restart.
            throw e;
        } catch (Exception | Error e) {
            // Errors too (AssertionError, NoClassDefFoundError from a handler): reported, so they cannot stop the queue.
            long durationMillis = Duration.between(startedAt, clock.instant()).toMillis();
            sample.stop(timer(command, JobErrors.isRetriable(e) ? "failed-retriable" : "failed-fatal"));
            return reportFailure(record, e, workerId, durationMillis);
        }
        long durationMillis = Duration.between(startedAt, clock.instant()).toMillis();
        sample.stop(timer(command, "succeeded"));
        LOG.debugf("job %s attempt %d (%s) succeeded in %d ms", command.getJobId(), command.getAttempt(),
                command.getType(), durationMillis);
        return lifecycle.succeeded(command, workerId, durationMillis, context.outputs());
    }

    /**
     * Guards {@code notBefore}: a command a little early (clock skew between the scheduler and this node) waits for
     * its time; one earlier than {@code max-early-wait} is reported as a retriable failure without running, so a
     * scheduler bug cannot pin a worker thread for hours.
     *
     * @return empty if the job may start now, else the refusal's report
     */
    private Optional<CompletionStage<Void>> refuseIfNotDue(ConsumerRecord<String, JobCommand> record, String workerId)
            throws InterruptedException {
        JobCommand command = record.value();
        Instant notBefore = command.getNotBefore();
        if (notBefore == null) {
            return Optional.empty();
        }
        Duration early = Duration.between(clock.instant(), notBefore);
        if (early.isNegative() || early.isZero()) {
            return Optional.empty();
        }
        if (early.compareTo(maxEarlyWait) <= 0) {
            Thread.sleep(early.toMillis() + 1);
            return Optional.empty();
        }
        return Optional.of(reportFailure(record,
                new JobNotDueException(command.getJobId(), notBefore, clock.instant()), workerId, 0));
    }

    private CompletionStage<Void> reportFailure(ConsumerRecord<String, JobCommand> record, Throwable error,
            String workerId, long durationMillis) {
        JobCommand command = record.value();
        boolean retriable = JobErrors.isRetriable(error);
        // The stack trace travels in the report; the log names the job so the two can be matched.
        LOG.warnf("job %s attempt %d (%s on %s) failed, %s: %s", command.getJobId(), command.getAttempt(),
                command.getType(), command.getQueue(), retriable ? "retriable" : "fatal", error.toString());
        return lifecycle.failed(command, errors.describe(error, command.getAttempt(), workerId, clock.instant()),
                durationMillis, record.partition(), record.offset());
    }

    private Timer timer(JobCommand command, String outcome) {
        return Timer.builder("coursestream.jobs.attempts")
                .description("Run time of job attempts by queue, type and outcome")
                .tag("queue", command.getQueue().name())
                .tag("type", command.getType().name())
                .tag("outcome", outcome)
                .register(meters);
    }

    /** When the attempt became due: enqueued, or its notBefore if later. */
    private static Instant dueAt(JobCommand command) {
        Instant notBefore = command.getNotBefore();
        return notBefore != null && notBefore.isAfter(command.getEnqueuedAt()) ? notBefore : command.getEnqueuedAt();
    }

}
