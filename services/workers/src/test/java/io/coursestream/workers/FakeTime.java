package io.coursestream.workers;

import java.time.Duration;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;

/** Time for token buckets that moves only when a thread parks on it or a test advances it. */
public final class FakeTime implements TimeMeter, BlockingStrategy {

    private long nanos;

    @Override
    public synchronized long currentTimeNanos() {
        return nanos;
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    /** Parking is the wait passing at once; an interrupted thread is refused as with real parking. */
    @Override
    public synchronized void park(long parkNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        nanos += parkNanos;
    }

    public synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    public synchronized long elapsedMillis() {
        return nanos / 1_000_000;
    }
}
