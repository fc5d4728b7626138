package io.coursestream.topology.jobs;

import java.time.Duration;
import java.time.Instant;

import io.coursestream.schemas.jobs.DeadLetterReason;

/** What {@link RetryPolicy#decide} says about a failed attempt: run it again later, or give up. */
public sealed interface RetryDecision {

    /** Run {@code nextAttempt} at {@code notBefore}, {@code delay} after the failure. */
    record Retry(int nextAttempt, Instant notBefore, Duration delay) implements RetryDecision {
    }

    /** Give up: the job goes to the dead-letter topic. */
    record DeadLetter(DeadLetterReason reason, String detail) implements RetryDecision {
    }
}
