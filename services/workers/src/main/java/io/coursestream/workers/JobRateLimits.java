package io.coursestream.workers;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How many jobs may start per period, per queue and per job type: one token bucket (Bucket4j, in memory, so the
 * limit is per worker instance) for each configured queue and type. A job takes a token from its queue's bucket,
 * then from its type's; a thread without a token waits for it, bounded by the caller's wait, and every wait is
 * recorded in {@code coursestream.jobs.rate-limit.wait}.
 */
public class JobRateLimits {

    /** One bucket's configuration: {@code permits} per {@code period}, refilled evenly, {@code capacity} saved up. */
    public record Limit(long permits, Duration period, long capacity) {

        public Limit {
            if (permits <= 0 || capacity <= 0 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate limit needs positive permits, period and capacity, was "
                        + permits + " per " + period + " with capacity " + capacity);
            }
        }

        static Limit of(WorkersConfig.RateLimit config) {
            return new Limit(config.permits(), config.period().orElse(Duration.ofSeconds(1)),
                    config.capacity().orElse(config.permits()));
        }

        Bandwidth bandwidth() {
            return Bandwidth.builder().capacity(capacity).refillGreedy(permits, period).initialTokens(capacity).build();
        }

        @Override
        public String toString() {
            return permits + " per " + period + " (burst " + capacity + ")";
        }
    }

    private final Map<JobQueue, Bucket> byQueue = new EnumMap<>(JobQueue.class);
    private final Map<JobType, Bucket> byType = new EnumMap<>(JobType.class);
    private final TimeMeter time;
    private final BlockingStrategy blocking;
    private final MeterRegistry meters;

    /**
     * @param time what the buckets refill by; {@link TimeMeter#SYSTEM_NANOTIME} outside tests
     * @param blocking how a thread waits for a token; {@link BlockingStrategy#PARKING} outside tests
     */
    JobRateLimits(Map<JobQueue, Limit> queueLimits, Map<JobType, Limit> typeLimits, TimeMeter time,
            BlockingStrategy blocking, MeterRegistry meters) {
        queueLimits.forEach((queue, limit) -> byQueue.put(queue, bucket(limit, time)));
        typeLimits.forEach((type, limit) -> byType.put(type, bucket(limit, time)));
        this.time = time;
        this.blocking = blocking;
        this.meters = meters;
    }

    /** The limits the configuration sets, on the system's clock. */
    static JobRateLimits of(WorkersConfig config, MeterRegistry meters) {
        return new JobRateLimits(queueLimits(config), typeLimits(config), TimeMeter.SYSTEM_NANOTIME,
                BlockingStrategy.PARKING, meters);
    }

    static Map<JobQueue, Limit> queueLimits(WorkersConfig config) {
        Map<JobQueue, Limit> limits = new EnumMap<>(JobQueue.class);
        config.queues().forEach((key, settings) -> {
            JobQueue queue = WorkersConfig.queue(key);
            settings.rateLimit().ifPresent(limit -> limits.put(queue, Limit.of(limit)));
        });
        return limits;
    }

    static Map<JobType, Limit> typeLimits(WorkersConfig config) {
        Map<JobType, Limit> limits = new EnumMap<>(JobType.class);
        config.handlers().forEach((key, settings) -> {
            JobType type = WorkersConfig.jobType(key);
            settings.rateLimit().ifPresent(limit -> limits.put(type, Limit.of(limit)));
        });
        return limits;
    }

    /**
     * Takes a token from the queue's bucket and one from the type's, waiting for them if needed.
     *
     * @param maxWait the longest the two waits may take together
     * @return true once the job may start; false, at once and without taking a token, if the buckets could not
     *     give their tokens within {@code maxWait}
     * @throws InterruptedException if the thread is interrupted while it waits; the tokens stay taken
     */
    public boolean acquire(JobQueue queue, JobType type, Duration maxWait) throws InterruptedException {
        long deadline = time.currentTimeNanos() + maxWait.toNanos();
        Bucket queueBucket = byQueue.get(queue);
        if (queueBucket != null && !take(queueBucket, deadline, "queue", queue, type)) {
            return false;
        }
        Bucket typeBucket = byType.get(type);
        if (typeBucket != null && !take(typeBucket, deadline, "type", queue, type)) {
            if (queueBucket != null) {
                // The job does not start: its queue token goes to the next job rather than to waste.
                queueBucket.addTokens(1);
            }
            return false;
        }
        return true;
    }

    private boolean take(Bucket bucket, long deadline, String limit, JobQueue queue, JobType type)
            throws InterruptedException {
        long start = time.currentTimeNanos();
        long maxWaitNanos = deadline - start;
        // Bucket4j's blocking consume refuses a zero wait: with no time left, only a token there now will do.
        boolean taken = maxWaitNanos > 0
                ? bucket.asBlocking().tryConsume(1, maxWaitNanos, blocking)
                : bucket.tryConsume(1);
        if (!taken) {
            return false;
        }
        Timer.builder("coursestream.jobs.rate-limit.wait")
                .description("Time job attempts waited for a rate-limit token, by limit (queue or type), queue, type")
                .tag("limit", limit)
                .tag("queue", queue.name())
                .tag("type", type.name())
                .register(meters)
                .record(Duration.ofNanos(time.currentTimeNanos() - start));
        return true;
    }

    private static Bucket bucket(Limit limit, TimeMeter time) {
        return Bucket.builder().addLimit(limit.bandwidth()).withCustomTimePrecision(time).build();
    }
}
