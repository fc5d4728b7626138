// Tier: unit (the shipped application.properties read through the JobPoliciesConfig mapping, no Quarkus)
package io.coursestream.processor.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.topology.jobs.Backoff;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.jobs.RetryPolicy;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class JobPoliciesConfigTest {

    @Test
    void shouldShipTheDefaultPoliciesWrittenOut() throws IOException {
        QueuePolicies shipped = config(Map.of()).policies();
        QueuePolicies defaults = QueuePolicies.defaults();

        for (JobQueue queue : JobQueue.values()) {
            if (queue != JobQueue.UNKNOWN) {
                assertThat(shipped.policy(queue)).as(queue.name()).isEqualTo(defaults.policy(queue));
                assertThat(shipped.longWait(queue)).isEqualTo(QueuePolicies.DEFAULT_LONG_WAIT);
            }
        }
    }

    @Test
    void shouldOverrideOnlyWhatIsSet() throws IOException {
        QueuePolicies policies = config(Map.of(
                "coursestream.jobs.queues.payments.backoff", "PT1S,PT5S",
                "coursestream.jobs.queues.payments.retry-for", "PT1H",
                "coursestream.jobs.queues.payments.max-exceptions", "2",
                "coursestream.jobs.queues.emails.long-wait", "PT5M")).policies();

        assertThat(policies.policy(JobQueue.PAYMENTS)).isEqualTo(new RetryPolicy(4,
                Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(5)), Optional.of(Duration.ofHours(1)),
                OptionalInt.of(2)));
        assertThat(policies.longWait(JobQueue.EMAILS)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policies.policy(JobQueue.MEDIA)).isEqualTo(QueuePolicies.defaults().policy(JobQueue.MEDIA));
    }

    @Test
    void shouldNameAnUnknownQueueOrAnInvalidBackoff() throws IOException {
        assertThatThrownBy(() -> config(Map.of("coursestream.jobs.queues.podcasts.retries", "1")).policies())
                .hasMessageStartingWith("coursestream.jobs.queues.podcasts: no such queue");
        assertThatThrownBy(() -> config(Map.of("coursestream.jobs.queues.media.backoff", "30 s")).policies())
                .hasMessageStartingWith("not a backoff: '30 s'");
    }

    private static JobPoliciesConfig config(Map<String, String> overrides) throws IOException {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        JobPoliciesConfigTest.class.getResource("/application.properties"), 100))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 200))
                .withMapping(JobPoliciesConfig.class)
                .build()
                .getConfigMapping(JobPoliciesConfig.class);
    }
}
