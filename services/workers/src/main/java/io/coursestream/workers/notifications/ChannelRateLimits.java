package io.coursestream.workers.notifications;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.workers.JobRateLimits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How many notifications each delivery channel may deliver per period on this instance: one token bucket (Bucket4j,
 * in memory, as {@link JobRateLimits}) per configured channel
 * ({@code coursestream.notifications.channels.<email|in-app|webhook>.rate-limit.*}). The queue's limit bounds the
 * jobs of {@code jobs.emails}; these bound what reaches the SMTP relay or the webhook receivers, whatever job sends
 * it. A handler waits for its token (recorded in {@code coursestream.notifications.rate-limit.wait}).
 */
public class ChannelRateLimits {

    private final Map<NotificationChannel, Bucket> buckets = new EnumMap<>(NotificationChannel.class);
    private final TimeMeter time;
    private final BlockingStrategy blocking;
    private final MeterRegistry meters;

    /**
     * @param time     what the buckets refill by; {@link TimeMeter#SYSTEM_NANOTIME} outside tests
     * @param blocking how a thread waits for a token; {@link BlockingStrategy#PARKING} outside tests
     */
    ChannelRateLimits(Map<NotificationChannel, JobRateLimits.Limit> limits, TimeMeter time, BlockingStrategy blocking,
            MeterRegistry meters) {
        limits.forEach((channel, limit) -> buckets.put(channel, Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.permits(), limit.period()).initialTokens(limit.capacity()).build())
                .withCustomTimePrecision(time)
                .build()));
        this.time = time;
        this.blocking = blocking;
        this.meters = meters;
    }

    /** The limits the configuration sets, on the system's clock. */
    static ChannelRateLimits of(NotificationsConfig config, MeterRegistry meters) {
        return new ChannelRateLimits(limits(config), TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING, meters);
    }

    static Map<NotificationChannel, JobRateLimits.Limit> limits(NotificationsConfig config) {
        Map<NotificationChannel, JobRateLimits.Limit> limits = new EnumMap<>(NotificationChannel.class);
        config.channels().forEach((key, settings) -> settings.rateLimit().ifPresent(limit -> limits.put(channel(key),
                new JobRateLimits.Limit(limit.permits(), limit.period().orElse(Duration.ofSeconds(1)),
                        limit.capacity().orElse(limit.permits())))));
        return limits;
    }

    /** The configuration key of a channel: {@code in-app} for IN_APP. */
    static String key(NotificationChannel channel) {
        return channel.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The channel a configuration key names; throws, naming the valid keys, if it names none. */
    static NotificationChannel channel(String key) {
        for (NotificationChannel channel : NotificationChannel.values()) {
            if (channel != NotificationChannel.UNKNOWN && key(channel).equals(key)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("coursestream.notifications.channels." + key
                + " names no channel; the channels are email, in-app, webhook");
    }

    /**
     * Takes a token of the channel, waiting for it up to {@code maxWait}; a channel without a limit gives one at once.
     *
     * @return true once the notification may go out; false, without a token, if none came within {@code maxWait}
     * @throws InterruptedException if the thread is interrupted while it waits (the queue timeout, a shutdown)
     */
    public boolean acquire(NotificationChannel channel, Duration maxWait) throws InterruptedException {
        Bucket bucket = buckets.get(channel);
        if (bucket == null) {
            return true;
        }
        long start = time.currentTimeNanos();
        // Bucket4j's blocking consume refuses a zero wait: with no time to wait, only a token there now will do.
        boolean taken = maxWait.isZero() || maxWait.isNegative()
                ? bucket.tryConsume(1)
                : bucket.asBlocking().tryConsume(1, maxWait.toNanos(), blocking);
        if (taken) {
            Timer.builder("coursestream.notifications.rate-limit.wait")
                    .description("Time notifications waited for a token of their channel's rate limit")
                    .tag("channel", channel.name())
                    .register(meters)
                    .record(Duration.ofNanos(time.currentTimeNanos() - start));
        }
        return taken;
    }
}
