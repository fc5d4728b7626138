package io.coursestream.topology.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import io.coursestream.schemas.jobs.DeadLetterReason;

/**
 * When a failed job is tried again, after Laravel's job options.
 *
 * <ul>
 *   <li>{@code tries}: the maximum number of attempts, the first one included (Laravel's {@code $tries}), so
 *       "3 retries" is {@code tries = 4}. A command's own {@code maxAttempts}, when positive, overrides it.</li>
 *   <li>{@code backoff}: the wait before the next attempt.</li>
 *   <li>{@code retryFor}: optional; no attempt starts later than {@code firstEnqueuedAt + retryFor}. A command's own
 *       {@code retryUntil} overrides it. Unlike Laravel, where a deadline replaces {@code tries}, both limits apply
 *       and the first one reached wins: a job never runs more often than {@code tries} says.</li>
 *   <li>{@code maxExceptions}: optional; give up once this many attempts have failed with an error, even if tries
 *       remain (attempts can also end without an error, e.g. released by a rate limiter).</li>
 * </ul>
 *
 * A non-retriable failure (bad payload, validation) is dead-lettered at once, whatever the limits.
 */
public record RetryPolicy(int tries, Backoff backoff, Optional<Duration> retryFor, OptionalInt maxExceptions) {

    public RetryPolicy {
        if (tries < 1) {
            throw new IllegalArgumentException("tries counts the first attempt, so it is at least 1: " + tries);
        }
        if (maxExceptions.isPresent() && maxExceptions.getAsInt() < 1) {
            throw new IllegalArgumentException("maxExceptions must be at least 1: " + maxExceptions);
        }
    }

    /** {@code retries} retries after the first attempt, so {@code retries + 1} tries; no deadline, no exception limit. */
    public static RetryPolicy retries(int retries, Backoff backoff) {
        return new RetryPolicy(retries + 1, backoff, Optional.empty(), OptionalInt.empty());
    }

    /** This policy with a deadline relative to the job's first enqueue. */
    public RetryPolicy retryFor(Duration window) {
        return new RetryPolicy(tries, backoff, Optional.of(window), maxExceptions);
    }

    /** This policy giving up after {@code limit} failed attempts. */
    public RetryPolicy maxExceptions(int limit) {
        return new RetryPolicy(tries, backoff, retryFor, OptionalInt.of(limit));
    }

    /** The attempts one job may take: its own {@code maxAttempts} when positive, else {@link #tries()}. */
    public int triesFor(int commandMaxAttempts) {
        return commandMaxAttempts > 0 ? commandMaxAttempts : tries;
    }

    /**
     * Decides what follows a failed attempt.
     *
     * @param failure          the attempt that failed and how
     * @param commandMaxAttempts the command's {@code maxAttempts} (0 or less: use {@link #tries()})
     * @param commandRetryUntil  the command's {@code retryUntil}, if any
     * @param firstEnqueuedAt    when the job was first enqueued, the origin of {@link #retryFor()}
     */
    public RetryDecision decide(Failure failure, int commandMaxAttempts, Instant commandRetryUntil, Instant firstEnqueuedAt) {
        int attempt = failure.attempt();
        if (!failure.retriable()) {
            return new RetryDecision.DeadLetter(DeadLetterReason.FATAL_ERROR,
                    "attempt " + attempt + " failed with a non-retriable error");
        }
        int maxAttempts = triesFor(commandMaxAttempts);
        if (attempt >= maxAttempts) {
            return new RetryDecision.DeadLetter(DeadLetterReason.RETRIES_EXHAUSTED,
                    "attempt " + attempt + " of " + maxAttempts + " failed");
        }
        if (maxExceptions.isPresent() && failure.failedAttempts() >= maxExceptions.getAsInt()) {
            return new RetryDecision.DeadLetter(DeadLetterReason.MAX_EXCEPTIONS,
                    failure.failedAttempts() + " failed attempts reach maxExceptions " + maxExceptions.getAsInt());
        }
        Duration delay = backoff.delayAfter(attempt);
        Instant next = failure.failedAt().plus(delay);
        Optional<Instant> deadline = Optional.ofNullable(commandRetryUntil)
                .or(() -> retryFor.map(firstEnqueuedAt::plus));
        if (deadline.isPresent() && next.isAfter(deadline.get())) {
            return new RetryDecision.DeadLetter(DeadLetterReason.RETRY_UNTIL_PASSED,
                    "next attempt at " + next + " would start after retryUntil " + deadline.get());
        }
        return new RetryDecision.Retry(attempt + 1, next, delay);
    }

    /**
     * A failed attempt.
     *
     * @param attempt        the 1-based attempt that failed
     * @param retriable      false for a failure no retry can fix
     * @param failedAttempts how many attempts of this job have failed with an error, this one included
     * @param failedAt       when it failed
     */
    public record Failure(int attempt, boolean retriable, int failedAttempts, Instant failedAt) {
    }
}
