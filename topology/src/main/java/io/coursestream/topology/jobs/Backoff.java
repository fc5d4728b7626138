package io.coursestream.topology.jobs;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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

    /**
     * A backoff as configuration writes it, durations in ISO-8601:
     * <ul>
     *   <li>{@code PT10S,PT60S,PT300S}: the array ({@link #of}), the last value repeating;</li>
     *   <li>{@code exponential:PT10S:2:PT10M}: base, factor and cap ({@link #exponential});</li>
     *   <li>{@code linear:PT30S}: the step ({@link #linear}).</li>
     * </ul>
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    static Backoff parse(String text) {
        String[] parts = text.trim().split(":");
        try {
            return switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "exponential" -> {
                    requireParts(text, parts, 4);
                    yield exponential(Duration.parse(parts[1]), Double.parseDouble(parts[2]), Duration.parse(parts[3]));
                }
                case "linear" -> {
                    requireParts(text, parts, 2);
                    yield linear(Duration.parse(parts[1]));
                }
                default -> {
                    requireParts(text, parts, 1);
                    yield of(Arrays.stream(text.split(",")).map(String::trim).map(Duration::parse)
                            .toArray(Duration[]::new));
                }
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("not a backoff: '" + text + "' (" + e.getMessage() + "); write"
                    + " PT10S,PT60S or exponential:PT10S:2:PT10M or linear:PT30S", e);
        }
    }

    private static void requireParts(String text, String[] parts, int count) {
        if (parts.length != count) {
            throw new IllegalArgumentException("not a backoff: '" + text + "'; write PT10S,PT60S or"
                    + " exponential:PT10S:2:PT10M or linear:PT30S");
        }
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
