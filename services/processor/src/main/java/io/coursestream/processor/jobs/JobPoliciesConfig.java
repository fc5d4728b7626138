package io.coursestream.processor.jobs;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.topology.jobs.Backoff;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.jobs.RetryPolicy;
import io.smallrye.config.ConfigMapping;

/**
 * {@code coursestream.jobs.*}: the job runtime's settings in the stream processor. Per queue, optional overrides of
 * the defaults of {@link QueuePolicies#defaults()}: {@code coursestream.jobs.queues.<queue>.retries},
 * {@code .backoff} ({@link Backoff#parse}), {@code .retry-for}, {@code .max-exceptions} and {@code .long-wait}.
 */
@ConfigMapping(prefix = "coursestream.jobs")
public interface JobPoliciesConfig {

    /** The workers' consumer group of queue {@code q} is this prefix followed by {@code q}. */
    String workerGroupPrefix();

    /** Overrides by queue name (default, payments, media, emails, backups, affiliates). */
    Map<String, QueueOverrides> queues();

    /** One queue's overrides; what is absent keeps its default. */
    interface QueueOverrides {

        /** Retries after the first attempt ("3 retries" is 4 tries). */
        Optional<Integer> retries();

        /** {@code PT10S,PT60S}, {@code exponential:PT10S:2:PT10M} or {@code linear:PT30S}. */
        Optional<String> backoff();

        /** No attempt starts later than this after the job's first enqueue. */
        Optional<Duration> retryFor();

        /** Give up after this many attempts failed with an error. */
        OptionalInt maxExceptions();

        /** How long the oldest job may wait for a worker before a long-wait alert. */
        Optional<Duration> longWait();
    }

    /**
     * The defaults with these overrides applied.
     *
     * @throws IllegalArgumentException for an unknown queue name or an invalid value, naming it
     */
    default QueuePolicies policies() {
        QueuePolicies policies = QueuePolicies.defaults();
        for (Map.Entry<String, QueueOverrides> entry : queues().entrySet()) {
            JobQueue queue = queue(entry.getKey());
            QueueOverrides overrides = entry.getValue();
            RetryPolicy policy = policies.policy(queue);
            if (overrides.retries().isPresent() || overrides.backoff().isPresent()) {
                policy = new RetryPolicy(overrides.retries().map(retries -> retries + 1).orElse(policy.tries()),
                        overrides.backoff().map(Backoff::parse).orElse(policy.backoff()), policy.retryFor(),
                        policy.maxExceptions());
            }
            policy = overrides.retryFor().map(policy::retryFor).orElse(policy);
            if (overrides.maxExceptions().isPresent()) {
                policy = policy.maxExceptions(overrides.maxExceptions().getAsInt());
            }
            policies = policies.with(queue, policy);
            if (overrides.longWait().isPresent()) {
                policies = policies.withLongWait(queue, overrides.longWait().get());
            }
        }
        return policies;
    }

    private static JobQueue queue(String name) {
        try {
            JobQueue queue = JobQueue.valueOf(name.toUpperCase(Locale.ROOT));
            if (queue != JobQueue.UNKNOWN) {
                return queue;
            }
        } catch (IllegalArgumentException unknown) {
            // named below
        }
        throw new IllegalArgumentException("coursestream.jobs.queues." + name + ": no such queue; one of default,"
                + " payments, media, emails, backups, affiliates");
    }
}
