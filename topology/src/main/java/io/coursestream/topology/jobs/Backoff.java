package io.coursestream.topology.jobs;

import java.time.Duration;
import java.util.List;

/**
 * How long a failed job waits before its next attempt. {@code failedAttempt} is the 1-based attempt that just
 * failed, so the delay before attempt 2 is {@code delayAfter(1)}.
 */
public sealed interface Backoff {

    /** The wait between the end of {@code failedAttempt} and the start of the next one. */
    Duration delayAfter(int failedAttempt);

    /** Laravel's backoff array: the n-th retry waits the n-th value; the last value repeats. */
    static Backoff of(Duration... delays) {
        return new Fixed(List.of(delays));
    }

    /** {@code base * factor^(n-1)} for the n-th retry, never above {@code cap}. */
    static Backoff exponential(Duration base, double factor, Duration cap) {
        return new Exponential(base, factor, cap);
    }

    /** {@code step * n} for the n-th retry. */
    static Backoff linear(Duration step) {
        return new Linear(step);
    }

    record Fixed(List<Duration> delays) implements Backoff {
        public Fixed {
            if (delays.isEmpty() || delays.stream().anyMatch(Duration::isNegative)) {
                throw new IllegalArgumentException("backoff array needs at least one non-negative delay: " + delays);
            }
            delays = List.copyOf(delays);
        }

        @Override
        public Duration delayAfter(int failedAttempt) {
            return delays.get(Math.min(retryIndex(failedAttempt), delays.size() - 1));
        }
    }

    record Exponential(Duration base, double factor, Duration cap) implements Backoff {
        public Exponential {
            if (base.isNegative() || factor < 1.0 || cap.compareTo(base) < 0) {
                throw new IllegalArgumentException("exponential backoff needs base >= 0, factor >= 1, cap >= base");
            }
        }

        @Override
        public Duration delayAfter(int failedAttempt) {
            double millis = base.toMillis() * Math.pow(factor, retryIndex(failedAttempt));
            // Compared as double so a long run of attempts cannot overflow past the cap.
            return millis >= cap.toMillis() ? cap : Duration.ofMillis((long) millis);
        }
    }

    record Linear(Duration step) implements Backoff {
        public Linear {
            if (step.isNegative()) {
                throw new IllegalArgumentException("linear backoff needs a non-negative step: " + step);
            }
        }

        @Override
        public Duration delayAfter(int failedAttempt) {
            return step.multipliedBy(retryIndex(failedAttempt) + 1L);
        }
    }

    private static int retryIndex(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + failedAttempt);
        }
        return failedAttempt - 1;
    }
}
