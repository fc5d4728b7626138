// Tier: unit test of a rule (no Kafka).
package io.coursestream.topology.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobQueue;

class QueuePoliciesTest {

    private final QueuePolicies policies = QueuePolicies.defaults();

    @Test
    void shouldGiveEachQueueItsRetriesPlusTheFirstAttempt() {
        assertThat(policies.policy(JobQueue.PAYMENTS).tries()).isEqualTo(4);
        assertThat(policies.policy(JobQueue.MEDIA).tries()).isEqualTo(3);
        assertThat(policies.policy(JobQueue.EMAILS).tries()).isEqualTo(6);
        assertThat(policies.policy(JobQueue.DEFAULT).tries()).isEqualTo(4);
        assertThat(policies.policy(JobQueue.BACKUPS).tries()).isEqualTo(4);
        assertThat(policies.policy(JobQueue.AFFILIATES).tries()).isEqualTo(4);
    }

    @Test
    void shouldBackOffExponentiallyOnPaymentsAndLinearlyOnMedia() {
        assertThat(policies.policy(JobQueue.PAYMENTS).backoff()).isInstanceOf(Backoff.Exponential.class);
        assertThat(policies.policy(JobQueue.PAYMENTS).backoff().delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(policies.policy(JobQueue.MEDIA).backoff()).isInstanceOf(Backoff.Linear.class);
        assertThat(policies.policy(JobQueue.MEDIA).backoff().delayAfter(2)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldTreatPaymentsBackupsAndAffiliatesAsCritical() {
        assertThat(JobQueue.values()).filteredOn(policies::isCritical)
                .containsExactlyInAnyOrder(JobQueue.PAYMENTS, JobQueue.BACKUPS, JobQueue.AFFILIATES);
    }

    @Test
    void shouldKnowTheSixQueuesButNotUnknown() {
        assertThat(JobQueue.values()).filteredOn(policies::knows).hasSize(6).doesNotContain(JobQueue.UNKNOWN);
    }
}
