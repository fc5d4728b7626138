package io.coursestream.topology.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDispatched;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.topology.streams.SortableKeys;

/**
 * The job scheduler's state machine, keyed by routing key (see {@link JobRouter}): the unique key of a unique job,
 * else its job id. Input: job requests ({@code JobCommand}), jobs dispatched straight to their queue
 * ({@code JobDispatched}) and worker reports ({@code JobStarted}, {@code JobFailed}, {@code JobSucceeded}). A job
 * lives in the jobs store (by job id) from its request or dispatch to its terminal outcome; while it waits for
 * {@code notBefore} it also has an entry in the due index, which a wall-clock punctuator scans. A unique job holds
 * its key in the lock store for the same span; a request for a key another job holds is dropped.
 *
 * <p>Due index keys are {@code <19-digit due millis>|<jobId>}: zero-padded, so byte order is time order and a
 * range scan up to now finds exactly the due jobs.
 */
final class JobSchedulingProcessor implements Processor<String, SpecificRecord, String, Routed> {

    private static final Logger LOG = LoggerFactory.getLogger(JobSchedulingProcessor.class);

    private final QueuePolicies policies;
    private final String lockStoreName;
    private final String jobStoreName;
    private final String dueStoreName;
    private final String waitingStoreName;
    private final Duration punctuateEvery;
    /** Per queue, the last threshold window a long-wait alert was raised in, by this task. */
    private final Map<JobQueue, Long> alertedWindows = new EnumMap<>(JobQueue.class);
    private ProcessorContext<String, Routed> context;
    private KeyValueStore<String, String> locks;
    private KeyValueStore<String, JobCommand> jobs;
    private KeyValueStore<String, String> due;
    private KeyValueStore<String, String> waiting;

    JobSchedulingProcessor(QueuePolicies policies, String lockStoreName, String jobStoreName, String dueStoreName,
            String waitingStoreName, Duration punctuateEvery) {
        this.policies = policies;
        this.lockStoreName = lockStoreName;
        this.jobStoreName = jobStoreName;
        this.dueStoreName = dueStoreName;
        this.waitingStoreName = waitingStoreName;
        this.punctuateEvery = punctuateEvery;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.locks = context.getStateStore(lockStoreName);
        this.jobs = context.getStateStore(jobStoreName);
        this.due = context.getStateStore(dueStoreName);
        this.waiting = context.getStateStore(waitingStoreName);
        context.schedule(punctuateEvery, PunctuationType.WALL_CLOCK_TIME, now -> {
            releaseDueJobs(now);
            raiseLongWaitAlerts(now);
        });
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Instant at = Instant.ofEpochMilli(record.timestamp());
        if (record.value() instanceof JobCommand request) {
            onRequest(request, at);
        } else if (record.value() instanceof JobDispatched dispatched) {
            onDispatched(dispatched.getCommand(), at);
        } else if (record.value() instanceof JobFailed failed) {
            onFailed(failed, at);
        } else if (record.value() instanceof JobSucceeded succeeded) {
            onSucceeded(succeeded);
        } else if (record.value() instanceof JobStarted started) {
            onStarted(started);
        }
        // JobProgressed changes nothing the scheduler decides.
    }

    private void onRequest(JobCommand request, Instant at) {
        if (!takesUp(request, at)) {
            return;
        }
        String jobId = request.getJobId();
        String uniqueKey = request.getUniqueKey();
        if (uniqueKey != null) {
            String holder = locks.get(uniqueKey);
            if (holder != null && !holder.equals(jobId)) {
                forward(Routed.Route.SCHEDULING, jobId, JobEvents.duplicateDropped(request, holder, at), at);
                return;
            }
            locks.put(uniqueKey, jobId);
        }
        JobCommand command = policies.withTries(request);
        jobs.put(jobId, command);
        if (command.getNotBefore() == null || !command.getNotBefore().isAfter(at)) {
            enqueue(command, at);
        } else {
            due.put(dueKey(command.getNotBefore(), jobId), jobId);
        }
    }

    /**
     * A job its requester put straight on its queue ({@link JobDispatch}): taken up as if this scheduler had queued
     * it, without sending it again, and without a {@code JobQueued}: its {@code JobDispatched} on
     * {@code jobs.lifecycle} already says it is queued (the status fold resolves its tries as this does). Its
     * {@code JobDispatched} precedes every report on it (one partition of {@code jobs.lifecycle}), so none has been
     * ignored for want of it.
     */
    private void onDispatched(JobCommand dispatched, Instant at) {
        if (!takesUp(dispatched, at)) {
            return;
        }
        JobCommand command = policies.withTries(dispatched);
        jobs.put(command.getJobId(), command);
        waiting.put(waitKey(command), command.getJobId());
    }

    /**
     * Whether {@code job}, requested or dispatched, is new to the scheduler and on a queue it knows; a job on a queue
     * of none is dead-lettered.
     */
    private boolean takesUp(JobCommand job, Instant at) {
        if (jobs.get(job.getJobId()) != null) {
            LOG.debug("Ignoring job {} attempt {}: already scheduled", job.getJobId(), job.getAttempt());
            return false;
        }
        if (!policies.knows(job.getQueue())) {
            deadLetter(job, new RetryDecision.DeadLetter(DeadLetterReason.UNKNOWN, "no queue " + job.getQueue()),
                    null, at, job.getCausationId());
            return false;
        }
        return true;
    }

    /** The attempt no longer waits for a worker. */
    private void onStarted(JobStarted started) {
        JobCommand command = jobs.get(started.getJobId());
        if (command != null && command.getAttempt() == started.getAttempt()) {
            waiting.delete(waitKey(command));
        }
    }

    private void onFailed(JobFailed failed, Instant at) {
        JobCommand command = jobs.get(failed.getJobId());
        if (command == null || command.getAttempt() != failed.getAttempt()) {
            LOG.debug("Ignoring JobFailed {} for job {} attempt {}: not the attempt in flight",
                    failed.getMetadata().getEventId(), failed.getJobId(), failed.getAttempt());
            return;
        }
        // Its start may not have been reported (a worker that failed before starting it).
        waiting.delete(waitKey(command));
        String causationId = failed.getMetadata().getEventId().toString();
        JobAttemptError error = failed.getError();
        RetryPolicy.Failure failure = new RetryPolicy.Failure(failed.getAttempt(), failed.getRetriable(),
                command.getPreviousErrors().size() + 1, at);
        RetryDecision decision = policies.policy(command.getQueue())
                .decide(failure, command.getMaxAttempts(), command.getRetryUntil(), command.getFirstEnqueuedAt());
        if (decision instanceof RetryDecision.Retry retry) {
            List<JobAttemptError> errors = new ArrayList<>(command.getPreviousErrors());
            errors.add(error);
            JobCommand next = JobCommand.newBuilder(command)
                    .setAttempt(retry.nextAttempt())
                    .setNotBefore(retry.notBefore())
                    .setEnqueuedAt(at)
                    .setCausationId(causationId)
                    .setPreviousErrors(errors)
                    .build();
            jobs.put(next.getJobId(), next);
            due.put(dueKey(retry.notBefore(), next.getJobId()), next.getJobId());
            forward(Routed.Route.SCHEDULING, next.getJobId(),
                    JobEvents.retryScheduled(command, retry, at, causationId), at);
        } else {
            deadLetter(command, (RetryDecision.DeadLetter) decision, failed, at, causationId);
        }
    }

    private void onSucceeded(JobSucceeded succeeded) {
        JobCommand command = jobs.get(succeeded.getJobId());
        if (command == null || command.getAttempt() != succeeded.getAttempt()) {
            LOG.debug("Ignoring JobSucceeded for job {} attempt {}: not the attempt in flight", succeeded.getJobId(),
                    succeeded.getAttempt());
            return;
        }
        forget(command);
    }

    private void deadLetter(JobCommand command, RetryDecision.DeadLetter decision, JobFailed lastFailure, Instant at,
            String causationId) {
        String jobId = command.getJobId();
        forward(Routed.Route.DEAD_LETTER, jobId, JobEvents.deadLetter(command, decision, lastFailure, at), at);
        JobAttemptError lastError = lastFailure == null ? null : lastFailure.getError();
        forward(Routed.Route.SCHEDULING, jobId, JobEvents.deadLettered(command, decision, lastError, at, causationId), at);
        if (policies.isCritical(command.getQueue())) {
            var alert = JobEvents.deadLetterAlert(command, decision, at, causationId);
            forward(Routed.Route.ALERT, alert.getAlertId(), alert, at);
        }
        forget(command);
    }

    /** Terminal outcome: the job leaves the stores and releases its unique lock, if it holds it. */
    private void forget(JobCommand command) {
        jobs.delete(command.getJobId());
        // Usually gone since the start: a delete of nothing would still cost a tombstone on the changelog.
        String waitKey = waitKey(command);
        if (waiting.get(waitKey) != null) {
            waiting.delete(waitKey);
        }
        String uniqueKey = command.getUniqueKey();
        if (uniqueKey != null && command.getJobId().equals(locks.get(uniqueKey))) {
            locks.delete(uniqueKey);
        }
    }

    private void releaseDueJobs(long now) {
        List<KeyValue<String, String>> dueNow = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = due.range(dueKey(Instant.EPOCH, ""), dueKeyUpperBound(now))) {
            entries.forEachRemaining(dueNow::add);
        }
        Instant at = Instant.ofEpochMilli(now);
        for (KeyValue<String, String> entry : dueNow) {
            due.delete(entry.key);
            JobCommand command = jobs.get(entry.value);
            if (command != null) {
                enqueue(command, at);
            }
        }
    }

    /**
     * Raises a long-wait alert for every queue whose oldest waiting job (of this task's partition) has waited longer
     * than the queue's threshold; at most one per queue and threshold window.
     */
    private void raiseLongWaitAlerts(long now) {
        Instant at = Instant.ofEpochMilli(now);
        for (JobQueue queue : JobQueue.values()) {
            if (!policies.knows(queue)) {
                continue;
            }
            Duration threshold = policies.longWait(queue);
            long window = now / threshold.toMillis();
            if (alertedWindows.getOrDefault(queue, -1L) == window) {
                continue;
            }
            oldestWaiting(queue).ifPresent(oldest -> {
                Duration waited = Duration.between(waitingSince(oldest), at);
                if (waited.compareTo(threshold) > 0) {
                    alertedWindows.put(queue, window);
                    var alert = JobEvents.longWaitAlert(queue, oldest, waited, threshold, at);
                    forward(Routed.Route.ALERT, alert.getAlertId(), alert, at);
                }
            });
        }
    }

    private Optional<JobCommand> oldestWaiting(JobQueue queue) {
        List<String> stale = new ArrayList<>();
        Optional<JobCommand> oldest = Optional.empty();
        try (KeyValueIterator<String, String> entries = waiting.range(queue.name() + "|", queue.name() + "}")) {
            while (entries.hasNext() && oldest.isEmpty()) {
                KeyValue<String, String> entry = entries.next();
                JobCommand command = jobs.get(entry.value);
                if (command == null || !waitKey(command).equals(entry.key)) {
                    stale.add(entry.key);
                } else {
                    oldest = Optional.of(command);
                }
            }
        }
        // An entry whose job ended or moved on is removed once, not skipped on every scan.
        stale.forEach(waiting::delete);
        return oldest;
    }

    /** The attempt goes to its queue: it waits for a worker from now. */
    private void enqueue(JobCommand command, Instant at) {
        forward(Routed.Route.QUEUE, command.getJobId(), command, at);
        waiting.put(waitKey(command), command.getJobId());
        forward(Routed.Route.SCHEDULING, command.getJobId(), JobEvents.queued(command, at), at);
    }

    private void forward(Routed.Route route, String key, SpecificRecord value, Instant at) {
        context.forward(new Record<>(key, new Routed(route, value), at.toEpochMilli()));
    }

    /** When the attempt became due and began to wait for a worker: enqueued, or its notBefore if later. */
    static Instant waitingSince(JobCommand command) {
        Instant notBefore = command.getNotBefore();
        return notBefore != null && notBefore.isAfter(command.getEnqueuedAt()) ? notBefore : command.getEnqueuedAt();
    }

    /** {@code <queue>|<19-digit due millis>|<jobId>}: per queue in time order, so the first entry is the oldest. */
    static String waitKey(JobCommand command) {
        return command.getQueue().name() + "|" + dueKey(waitingSince(command), command.getJobId());
    }

    static String dueKey(Instant dueAt, String jobId) {
        return SortableKeys.digits(Math.max(0L, dueAt.toEpochMilli())) + "|" + jobId;
    }

    /** Above every key due at or before {@code now}: '}' sorts after the '|' separator. */
    private static String dueKeyUpperBound(long now) {
        return SortableKeys.digits(Math.max(0L, now)) + "}";
    }
}
