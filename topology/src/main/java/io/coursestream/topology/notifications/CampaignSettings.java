package io.coursestream.topology.notifications;

import java.time.Duration;
import java.util.Objects;

import io.coursestream.schemas.topics.Topics;

/**
 * What the campaign topology is configured with (the processor's {@code coursestream.notifications.campaigns.*}).
 *
 * <p>No send rate here: the fan-out only decides who gets what and requests one job per notification; the e-mail
 * workers hold the per-channel rate limits (token buckets) when they run the jobs, so a campaign of any size is
 * delivered at the configured rate however fast it was fanned out. The batch size (the request's {@code batchSize})
 * and {@code fanOutInterval} only bound how many jobs one task requests per tick, so a large campaign does not
 * flood the job queue in one transaction.
 *
 * @param fanOutInterval wall-clock interval at which each task fans out the next batch of every running campaign
 * @param partitions     partitions of the user-keyed topics, so tasks that fan out: the campaign's fan-out is
 *                       complete when this many tasks reported done. {@link Topics#PARTITIONS} on a broker; a
 *                       TopologyTestDriver runs one task, so tests pass 1
 */
public record CampaignSettings(Duration fanOutInterval, int partitions) {

    public static final CampaignSettings DEFAULTS = new CampaignSettings(Duration.ofSeconds(1), Topics.PARTITIONS);

    public CampaignSettings {
        Objects.requireNonNull(fanOutInterval, "fanOutInterval");
        if (fanOutInterval.isNegative() || fanOutInterval.isZero()) {
            throw new IllegalArgumentException("the fan-out interval must be positive, got " + fanOutInterval);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("a campaign fans out on at least 1 partition, got " + partitions);
        }
    }
}
