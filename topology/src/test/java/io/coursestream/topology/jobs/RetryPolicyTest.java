// Tier: unit test of a rule (no Kafka).
package io.coursestream.topology.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.DeadLetterReason;

class RetryPolicyTest {

    private static final Instant ENQUEUED = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant FAILED = Instant.parse("2026-03-02T09:00:05Z");
    private static final int NO_OVERRIDE = 0;

    private final RetryPolicy threeRetries = RetryPolicy.retries(3, Backoff.exponential(Duration.ofSeconds(10), 2,
            Duration.ofMinutes(10)));

    @Test
    void shouldCountThreeRetriesAsFourTries() {
        assertThat(threeRetries.tries()).isEqualTo(4);
    }

    @Test
    void shouldRetryTheNextAttemptAfterTheBackoff() {
        // When
        RetryDecision decision = threeRetries.decide(retriable(2), NO_OVERRIDE, null, ENQUEUED);

        // Then
        assertThat(decision).isEqualTo(new RetryDecision.Retry(3, FAILED.plusSeconds(20), Duration.ofSeconds(20)));
    }

    @Test
    void shouldDeadLetterWhenTheLastTryFails() {
        // When
        RetryDecision third = threeRetries.decide(retriable(3), NO_OVERRIDE, null, ENQUEUED);
        RetryDecision fourth = threeRetries.decide(retriable(4), NO_OVERRIDE, null, ENQUEUED);

        // Then
        assertThat(third).isInstanceOf(RetryDecision.Retry.class);
        assertThat(fourth).isInstanceOfSatisfying(RetryDecision.DeadLetter.class,
                dead -> assertThat(dead.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED));
    }

    @Test
    void shouldLetTheCommandsMaxAttemptsOverrideTheQueuesTries() {
        // When
        RetryDecision decision = threeRetries.decide(retriable(2), 2, null, ENQUEUED);

        // Then
        assertThat(decision).isInstanceOfSatisfying(RetryDecision.DeadLetter.class,
                dead -> assertThat(dead.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED));
    }

    @Test
    void shouldDeadLetterANonRetriableFailureAtOnce() {
        // When
        RetryDecision decision = threeRetries.decide(new RetryPolicy.Failure(1, false, 1, FAILED), NO_OVERRIDE, null,
                ENQUEUED);

        // Then
        assertThat(decision).isInstanceOfSatisfying(RetryDecision.DeadLetter.class,
                dead -> assertThat(dead.reason()).isEqualTo(DeadLetterReason.FATAL_ERROR));
    }

    @Test
    void shouldDeadLetterWhenTheNextAttemptWouldStartAfterRetryUntil() {
        // Given: the next attempt would start at FAILED + 10 s
        Instant retryUntil = FAILED.plusSeconds(9);

        // When
        RetryDecision decision = threeRetries.decide(retriable(1), NO_OVERRIDE, retryUntil, ENQUEUED);

        // Then
        assertThat(decision).isInstanceOfSatisfying(RetryDecision.DeadLetter.class,
                dead -> assertThat(dead.reason()).isEqualTo(DeadLetterReason.RETRY_UNTIL_PASSED));
    }

    @Test
    void shouldMeasureThePolicysRetryWindowFromTheFirstEnqueue() {
        // Given
        RetryPolicy withinFifteenSeconds = threeRetries.retryFor(Duration.ofSeconds(15));

        // When: 09:00:05 + 10 s is inside 09:00:00 + 15 s; + 20 s is not
        RetryDecision first = withinFifteenSeconds.decide(retriable(1), NO_OVERRIDE, null, ENQUEUED);
        RetryDecision second = withinFifteenSeconds.decide(retriable(2), NO_OVERRIDE, null, ENQUEUED);

        // Then
        assertThat(first).isInstanceOf(RetryDecision.Retry.class);
        assertThat(second).isInstanceOfSatisfying(RetryDecision.DeadLetter.class,
                dead -> assertThat(dead.reason()).isEqualTo(DeadLetterReason.RETRY_UNTIL_PASSED));
    }

    @Test
    void shouldDeadLetterWhenMaxExceptionsIsReachedBeforeTries() {
        // Given
        RetryPolicy twoExceptions = threeRetries.maxExceptions(2);

        // When
        RetryDecision first = twoExceptions.decide(new RetryPolicy.Failure(1, true, 1, FAILED), NO_OVERRIDE, null, ENQUEUED);
        RetryDecision second = twoExceptions.decide(new RetryPolicy.Failure(2, true, 2, FAILED), NO_OVERRIDE, null, ENQUEUED);

        // Then
        assertThat(first).isInstanceOf(RetryDecision.Retry.class);
        assertThat(second).isInstanceOfSatisfying(RetryDecision.DeadLetter.class,
                dead -> assertThat(dead.reason()).isEqualTo(DeadLetterReason.MAX_EXCEPTIONS));
    }

    private static RetryPolicy.Failure retriable(int attempt) {
        return new RetryPolicy.Failure(attempt, true, attempt, FAILED);
    }
}
