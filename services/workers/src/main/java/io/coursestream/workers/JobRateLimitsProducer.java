package io.coursestream.workers;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;

/** The configured rate limits as one bean: the buckets are shared by every worker thread of this instance. */
@Singleton
public class JobRateLimitsProducer {

    @Produces
    @Singleton
    JobRateLimits rateLimits(WorkersConfig config, MeterRegistry meters) {
        return JobRateLimits.of(config, meters);
    }
}
