package io.coursestream.topology.jobs;

import java.time.Instant;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobDispatched;
import io.coursestream.schemas.jobs.JobDuplicateDropped;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobQueued;
import io.coursestream.schemas.jobs.JobRetryScheduled;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobState;
import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;

/**
 * Folds one job's events into its {@link JobStatus}. The events come from the scheduler on {@code jobs.scheduling},
 * the workers on {@code jobs.lifecycle} (where a dispatched job's requester announces it first, {@code JobDispatched})
 * and the scheduler's requests, so they can arrive in any order across those sources. An event moves the state only
 * if its <em>position</em> is not behind the status's: positions are ordered by attempt, then by phase within the
 * attempt (requested or queued, running, failed, retry scheduled, ended). A late {@code JobQueued} of attempt 2
 * therefore cannot undo a {@code JobStarted} or {@code JobSucceeded} of attempt 2, and a late
 * {@code JobRetryScheduled} of attempt 1 cannot undo attempt 2.
 *
 * <p>Facts that do not depend on the order are merged whatever the position: the resolved {@code maxAttempts}, the
 * unique key, the earliest enqueue time and the error of the highest failed attempt.
 *
 * <p>An ended job ({@code SUCCEEDED}, {@code DEAD_LETTERED}, {@code DUPLICATE_DROPPED}) stays ended, except that a
 * dead-lettered job re-enqueued by an operator ({@code requeuedBy} set) starts a new life.
 */
public final class JobStatusFold {

    /** Phases within one attempt, in the order they happen. */
    private static final int REQUESTED = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int FAILED = 3;
    private static final int RETRY_SCHEDULED = 4;
    private static final int ENDED = 5;

    private JobStatusFold() {
    }

    /**
     * The status after {@code event}.
     *
     * @param current  the status so far; null for the job's first event
     * @param event    a job request ({@link JobCommand}) or an event of {@code jobs.lifecycle} or
     *                 {@code jobs.scheduling}
     * @param policies the queues' policies, which resolve a dispatched job's default tries
     * @return the new status; {@code current} itself (possibly null) if the event is of no kind this fold knows
     */
    public static JobStatus apply(JobStatus current, SpecificRecord event, QueuePolicies policies) {
        Optional<Fact> read = Fact.of(event);
        if (read.isEmpty()) {
            return current;
        }
        Fact fact = read.get();
        JobStatus.Builder next = current == null ? firstStatus(fact) : JobStatus.newBuilder(current);
        mergeOrderFreeFacts(next, fact, event, policies);

        boolean reopens = current != null && current.getState() == JobState.DEAD_LETTERED && fact.requeuedBy() != null;
        boolean advances = current == null || reopens || !isBehind(fact, current);
        if (advances) {
            moveTo(next, fact, event);
        } else if (event instanceof JobStarted started && started.getAttempt() == next.getAttempt()
                && next.getStartedAt() == null) {
            // The start of this attempt arrived after its outcome: the state stays, the start time is still worth having.
            next.setStartedAt(fact.at());
            if (next.getWorkerId() == null) {
                next.setWorkerId(started.getWorkerId());
            }
        }
        return next.build();
    }

    private static JobStatus.Builder firstStatus(Fact fact) {
        return JobStatus.newBuilder()
                .setJobId(fact.jobId()).setType(fact.type()).setQueue(fact.queue())
                .setState(JobState.UNKNOWN).setAttempt(fact.attempt()).setMaxAttempts(0).setProgressPercent(0)
                .setCorrelationId(fact.correlationId())
                .setEnqueuedAt(fact.enqueuedAt())
                .setUpdatedAt(fact.at());
    }

    private static void mergeOrderFreeFacts(JobStatus.Builder next, Fact fact, SpecificRecord event,
            QueuePolicies policies) {
        next.setType(fact.type()).setQueue(fact.queue());
        if (fact.enqueuedAt().isBefore(next.getEnqueuedAt())) {
            next.setEnqueuedAt(fact.enqueuedAt());
        }
        if (fact.at().isAfter(next.getUpdatedAt())) {
            next.setUpdatedAt(fact.at());
        }
        JobCommand command = commandOf(event);
        if (event instanceof JobQueued queued) {
            next.setMaxAttempts(queued.getMaxAttempts()).setCorrelationId(fact.correlationId());
        } else if (event instanceof JobRetryScheduled retry) {
            next.setMaxAttempts(retry.getMaxAttempts());
        } else if (command != null) {
            // A request's or a dispatch's maxAttempts may be 0 (the queue's default): a request's is resolved by the
            // scheduler in JobQueued, a dispatch's here as the scheduler resolves it (a job its requester put on its
            // queue gets no JobQueued).
            if (next.getMaxAttempts() == 0) {
                boolean resolvable = event instanceof JobDispatched && policies.knows(fact.queue());
                next.setMaxAttempts(resolvable ? policies.policy(fact.queue()).triesFor(command.getMaxAttempts())
                        : command.getMaxAttempts());
            }
            next.setCorrelationId(fact.correlationId());
        }
        if (fact.uniqueKey() != null) {
            next.setUniqueKey(fact.uniqueKey());
        }
        error(event).filter(error -> next.getLastError() == null
                        || error.getAttempt() >= next.getLastError().getAttempt())
                .ifPresent(next::setLastError);
    }

    private static void moveTo(JobStatus.Builder next, Fact fact, SpecificRecord event) {
        boolean newAttempt = fact.attempt() != next.getAttempt();
        next.setAttempt(fact.attempt());
        if (newAttempt) {
            next.setProgressPercent(0).setProgressMessage(null);
        }
        if (event instanceof JobCommand request) {
            boolean held = request.getNotBefore() != null && request.getNotBefore().isAfter(fact.at());
            next.setState(held ? JobState.SCHEDULED : JobState.QUEUED)
                    .setNotBefore(held ? request.getNotBefore() : null)
                    .setFinishedAt(null).setProgressPercent(0).setProgressMessage(null);
        } else if (event instanceof JobQueued || event instanceof JobDispatched) {
            next.setState(JobState.QUEUED).setNotBefore(null).setFinishedAt(null)
                    .setProgressPercent(0).setProgressMessage(null);
        } else if (event instanceof JobStarted started) {
            if (next.getState() != JobState.RUNNING) {
                next.setProgressPercent(0).setProgressMessage(null);
            }
            next.setState(JobState.RUNNING).setNotBefore(null).setStartedAt(fact.at())
                    .setWorkerId(started.getWorkerId());
        } else if (event instanceof JobProgressed progressed) {
            next.setState(JobState.RUNNING).setNotBefore(null)
                    .setProgressPercent(Math.max(0, Math.min(100, progressed.getPercent())))
                    .setProgressMessage(progressed.getMessage());
        } else if (event instanceof JobFailed failed) {
            next.setState(JobState.FAILED);
            if (failed.getWorkerId() != null) {
                next.setWorkerId(failed.getWorkerId());
            }
        } else if (event instanceof JobRetryScheduled retry) {
            next.setState(JobState.RETRY_SCHEDULED).setNotBefore(retry.getNotBefore());
        } else if (event instanceof JobSucceeded succeeded) {
            next.setState(JobState.SUCCEEDED).setProgressPercent(100).setNotBefore(null).setFinishedAt(fact.at())
                    .setWorkerId(succeeded.getWorkerId());
        } else if (event instanceof JobDeadLettered) {
            next.setState(JobState.DEAD_LETTERED).setNotBefore(null).setFinishedAt(fact.at());
        } else if (event instanceof JobDuplicateDropped) {
            next.setState(JobState.DUPLICATE_DROPPED).setNotBefore(null).setFinishedAt(fact.at());
        }
    }

    /** Whether {@code fact} is at an earlier position of the job's life than {@code current}. */
    private static boolean isBehind(Fact fact, JobStatus current) {
        if (isEnded(current.getState())) {
            return true;
        }
        if (fact.attempt() != current.getAttempt()) {
            return fact.attempt() < current.getAttempt();
        }
        return fact.phase() < phase(current.getState());
    }

    private static boolean isEnded(JobState state) {
        return state == JobState.SUCCEEDED || state == JobState.DEAD_LETTERED || state == JobState.DUPLICATE_DROPPED;
    }

    private static int phase(JobState state) {
        return switch (state) {
            case SCHEDULED, QUEUED -> QUEUED;
            case RUNNING -> RUNNING;
            case FAILED -> FAILED;
            case RETRY_SCHEDULED -> RETRY_SCHEDULED;
            case SUCCEEDED, DEAD_LETTERED, DUPLICATE_DROPPED -> ENDED;
            case UNKNOWN -> REQUESTED;
        };
    }

    /** The command a request is, or a dispatch carries; null for any other event. */
    private static JobCommand commandOf(SpecificRecord event) {
        if (event instanceof JobDispatched dispatched) {
            return dispatched.getCommand();
        }
        return event instanceof JobCommand request ? request : null;
    }

    private static Optional<JobAttemptError> error(SpecificRecord event) {
        if (event instanceof JobFailed failed) {
            return Optional.of(failed.getError());
        }
        if (event instanceof JobDeadLettered deadLettered) {
            return Optional.ofNullable(deadLettered.getLastError());
        }
        return Optional.empty();
    }

    /** What every kind of event says about its job, read once. */
    private record Fact(String jobId, JobType type, JobQueue queue, int attempt, int phase, Instant at,
            Instant enqueuedAt, String correlationId, String uniqueKey, String requeuedBy) {

        static Optional<Fact> of(SpecificRecord event) {
            if (event instanceof JobCommand c) {
                Instant first = c.getFirstEnqueuedAt().isBefore(c.getEnqueuedAt()) ? c.getFirstEnqueuedAt()
                        : c.getEnqueuedAt();
                return Optional.of(new Fact(c.getJobId(), c.getType(), c.getQueue(), c.getAttempt(), REQUESTED,
                        c.getEnqueuedAt(), first, c.getCorrelationId(), c.getUniqueKey(), c.getRequeuedBy()));
            }
            if (event instanceof JobDispatched e) {
                JobCommand c = e.getCommand();
                return Optional.of(new Fact(c.getJobId(), c.getType(), c.getQueue(), c.getAttempt(), QUEUED,
                        e.getMetadata().getOccurredAt(), c.getEnqueuedAt(), c.getCorrelationId(), null, null));
            }
            if (event instanceof JobQueued e) {
                return Optional.of(of(e.getJobId(), e.getType(), e.getQueue(), e.getAttempt(), QUEUED,
                        e.getMetadata().getOccurredAt(), e.getMetadata().getCorrelationId(), e.getUniqueKey(),
                        e.getRequeuedBy()));
            }
            if (event instanceof JobStarted e) {
                return Optional.of(of(e.getJobId(), e.getType(), e.getQueue(), e.getAttempt(), RUNNING,
                        e.getMetadata().getOccurredAt(), e.getMetadata().getCorrelationId(), null, null));
            }
            if (event instanceof JobProgressed e) {
                return Optional.of(of(e.getJobId(), e.getType(), e.getQueue(), e.getAttempt(), RUNNING,
                        e.getMetadata().getOccurredAt(), e.getMetadata().getCorrelationId(), null, null));
            }
            if (event instanceof JobFailed e) {
                return Optional.of(of(e.getJobId(), e.getType(), e.getQueue(), e.getAttempt(), FAILED,
                        e.getMetadata().getOccurredAt(), e.getMetadata().getCorrelationId(), null, null));
            }
            if (event instanceof JobRetryScheduled e) {
                return Optional.of(of(e.getJobId(), e.getType(), e.getQueue(), e.getAttempt(), RETRY_SCHEDULED,
                        e.getMetadata().getOccurredAt(), e.getMetadata().getCorrelationId(), null, null));
            }
            if (event instanceof JobSucceeded e) {
                return Optional.of(of(e.getJobId(), e.getType(), e.getQueue(), e.getAttempt(), ENDED,
                        e.getMetadata().getOccurredAt(), e.getMetadata().getCorrelationId(), null, null));
            }
            if (event instanceof JobDeadLettered e) {
                return Optional.of(of(e.getJobId(), e.getType(), e.getQueue(), e.getAttempt(), ENDED,
                        e.getMetadata().getOccurredAt(), e.getMetadata().getCorrelationId(), null, null));
            }
            if (event instanceof JobDuplicateDropped e) {
                return Optional.of(of(e.getJobId(), e.getType(), e.getQueue(), e.getAttempt(), ENDED,
                        e.getMetadata().getOccurredAt(), e.getMetadata().getCorrelationId(), e.getUniqueKey(), null));
            }
            return Optional.empty();
        }

        private static Fact of(String jobId, JobType type, JobQueue queue, int attempt, int phase, Instant at,
                String correlationId, String uniqueKey, String requeuedBy) {
            return new Fact(jobId, type, queue, attempt, phase, at, at, correlationId, uniqueKey, requeuedBy);
        }
    }
}
