package io.coursestream.workers.notifications;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;

/** The channels' rate limits as one bean: the buckets are shared by every worker thread of this instance. */
@Singleton
public class ChannelRateLimitsProducer {

    @Produces
    @Singleton
    ChannelRateLimits channelRateLimits(NotificationsConfig config, MeterRegistry meters) {
        return ChannelRateLimits.of(config, meters);
    }
}
