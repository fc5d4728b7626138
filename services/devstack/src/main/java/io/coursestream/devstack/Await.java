package io.coursestream.devstack;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, the watched process dies, or a deadline passes. */
final class Await {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private Await() {
    }

    /**
     * Returns once {@code condition} answers true. A condition that throws counts as "not yet"; its last exception
     * is attached to the timeout so the reason is not lost.
     *
     * @param alive checked before each attempt; when it turns false the wait ends at once with an exception
     */
    static void until(String what, Duration timeout, BooleanSupplier alive, Callable<Boolean> condition)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        do {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what + ": the process exited before it was ready", lastFailure);
            }
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted while waiting", e);
            } catch (Exception e) {
                lastFailure = e;
            }
            pause(what);
        } while (System.nanoTime() - deadline < 0);
        TimeoutException timedOut = new TimeoutException(what + ": not ready within " + timeout);
        if (lastFailure != null) {
            timedOut.initCause(lastFailure);
        }
        throw timedOut;
    }

    private static void pause(String what) {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted while waiting", e);
        }
    }
}
