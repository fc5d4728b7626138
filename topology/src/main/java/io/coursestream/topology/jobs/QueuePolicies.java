package io.coursestream.topology.jobs;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;

/**
 * The retry policy of each job queue and which queues are critical.
 *
 * <p>"N retries" in the design means N attempts after the first, so {@code tries = N + 1}: payments, default,
 * backups and affiliates take 4 attempts, media 3, emails 6. Defaults:
 * <ul>
 *   <li>payments: 3 retries, exponential 10 s, 20 s, 40 s (cap 10 min); critical</li>
 *   <li>media: 2 retries, linear 30 s, 60 s</li>
 *   <li>emails: 5 retries, backoff array 10 s, 60 s, 300 s, the last repeating (rate limiting is the workers')</li>
 *   <li>default: 3 retries, exponential 10 s, 20 s, 40 s</li>
 *   <li>backups: 3 retries, exponential 60 s, 120 s, 240 s; critical</li>
 *   <li>affiliates: 3 retries, exponential 30 s, 60 s, 120 s; critical</li>
 * </ul>
 * A job dead-lettered on a critical queue, for whatever reason, raises an admin alert. A queue whose oldest waiting
 * job (sent to the queue, not started) waits longer than the queue's long-wait threshold (default 60 s, as Horizon's
 * {@code waits}) raises a long-wait alert.
 */
public final class QueuePolicies {

    /** Horizon's default for {@code waits}. */
    public static final Duration DEFAULT_LONG_WAIT = Duration.ofSeconds(60);

    private final Map<JobQueue, RetryPolicy> policies;
    private final Set<JobQueue> critical;
    private final Map<JobQueue, Duration> longWaits;

    private QueuePolicies(Map<JobQueue, RetryPolicy> policies, Set<JobQueue> critical, Map<JobQueue, Duration> longWaits) {
        this.policies = policies;
        this.critical = critical;
        this.longWaits = longWaits;
    }

    /** The defaults of DESIGN section 5. */
    public static QueuePolicies defaults() {
        Duration cap = Duration.ofMinutes(10);
        Map<JobQueue, RetryPolicy> policies = new EnumMap<>(JobQueue.class);
        policies.put(JobQueue.PAYMENTS, RetryPolicy.retries(3, Backoff.exponential(Duration.ofSeconds(10), 2, cap)));
        policies.put(JobQueue.MEDIA, RetryPolicy.retries(2, Backoff.linear(Duration.ofSeconds(30))));
        policies.put(JobQueue.EMAILS, RetryPolicy.retries(5,
                Backoff.of(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(300))));
        policies.put(JobQueue.DEFAULT, RetryPolicy.retries(3, Backoff.exponential(Duration.ofSeconds(10), 2, cap)));
        policies.put(JobQueue.BACKUPS, RetryPolicy.retries(3, Backoff.exponential(Duration.ofSeconds(60), 2, cap)));
        policies.put(JobQueue.AFFILIATES, RetryPolicy.retries(3, Backoff.exponential(Duration.ofSeconds(30), 2, cap)));
        return new QueuePolicies(policies, EnumSet.of(JobQueue.PAYMENTS, JobQueue.BACKUPS, JobQueue.AFFILIATES),
                new EnumMap<>(JobQueue.class));
    }

    /** These policies with {@code queue}'s replaced. */
    public QueuePolicies with(JobQueue queue, RetryPolicy policy) {
        Map<JobQueue, RetryPolicy> changed = new EnumMap<>(policies);
        changed.put(queue, policy);
        return new QueuePolicies(changed, critical, longWaits);
    }

    /** These policies with {@code queue}'s long-wait threshold replaced. */
    public QueuePolicies withLongWait(JobQueue queue, Duration threshold) {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("a long-wait threshold is positive: " + threshold);
        }
        Map<JobQueue, Duration> changed = new EnumMap<>(JobQueue.class);
        changed.putAll(longWaits);
        changed.put(queue, threshold);
        return new QueuePolicies(policies, critical, changed);
    }

    /** How long the oldest job of {@code queue} may wait for a worker before an alert is raised. */
    public Duration longWait(JobQueue queue) {
        return longWaits.getOrDefault(queue, DEFAULT_LONG_WAIT);
    }

    /** The policy of {@code queue}; {@link JobQueue#UNKNOWN} has none. */
    public RetryPolicy policy(JobQueue queue) {
        RetryPolicy policy = policies.get(queue);
        if (policy == null) {
            throw new IllegalArgumentException("no retry policy for queue " + queue);
        }
        return policy;
    }

    /**
     * {@code command} with its tries resolved: as requested, or the queue's when it asks for the default (0), as the
     * scheduler keeps it and, for a job dispatched straight to its queue, as the worker receives it.
     */
    public JobCommand withTries(JobCommand command) {
        return JobCommand.newBuilder(command)
                .setMaxAttempts(policy(command.getQueue()).triesFor(command.getMaxAttempts()))
                .build();
    }

    /** True when {@code queue} has a policy, that is, when it is one of the six queues. */
    public boolean knows(JobQueue queue) {
        return policies.containsKey(queue);
    }

    /** True when dead-lettering a job of {@code queue} raises an admin alert. */
    public boolean isCritical(JobQueue queue) {
        return critical.contains(queue);
    }
}
