package io.coursestream.workers;

import java.util.List;
import java.util.Map;

import io.coursestream.testkit.CoursestreamTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The one Quarkus test configuration of this module: the workers against the shared test harness (broker, registry,
 * S3, SMTP), Dev Services off. Every {@code *IT} uses it, so Quarkus starts the application once for all of them.
 * Two queues get policies short enough to observe in a test. The other ITs that send to them (payouts on affiliates,
 * payments on payments) stay well inside them, and IT classes run one at a time.
 */
public class WorkersTestProfile implements QuarkusTestProfile {

    /** The queue whose timeout {@link ProbeJobIT} and {@link JobTimeoutsIT} exceed. */
    static final String SHORT_TIMEOUT_QUEUE = "affiliates";
    static final String SHORT_TIMEOUT = "PT2S";

    /** The queue whose rate limit {@link ProbeJobIT} measures: 4 starts per second, no burst. */
    static final String RATE_LIMITED_QUEUE = "payments";
    static final int RATE_LIMIT_PER_SECOND = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "coursestream.workers.queues." + SHORT_TIMEOUT_QUEUE + ".timeout", SHORT_TIMEOUT,
                "coursestream.workers.queues." + RATE_LIMITED_QUEUE + ".rate-limit.permits",
                String.valueOf(RATE_LIMIT_PER_SECOND),
                "coursestream.workers.queues." + RATE_LIMITED_QUEUE + ".rate-limit.period", "PT1S",
                "coursestream.workers.queues." + RATE_LIMITED_QUEUE + ".rate-limit.capacity", "1");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(CoursestreamTestResource.class));
    }
}
