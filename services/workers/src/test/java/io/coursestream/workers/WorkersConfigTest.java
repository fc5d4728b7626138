// Tier: unit (the shipped application.properties read through the WorkersConfig mapping, no Quarkus)
package io.coursestream.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.workers.JobRateLimits.Limit;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class WorkersConfigTest {

    @Test
    void shouldGiveEveryQueueItsDefaultTimeout() throws IOException {
        WorkersConfig config = config(Map.of());

        assertThat(config.queues()).hasSize(6);
        assertThat(config.queues().get("default").timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.queues().get("payments").timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.queues().get("media").timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.queues().get("emails").timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.queues().get("backups").timeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config.queues().get("affiliates").timeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void shouldRateLimitOnlyTheEmailsQueueByDefault() throws IOException {
        WorkersConfig config = config(Map.of());

        assertThat(JobRateLimits.queueLimits(config))
                .containsExactly(Map.entry(JobQueue.EMAILS, new Limit(20, Duration.ofSeconds(1), 20)));
        assertThat(JobRateLimits.typeLimits(config)).isEmpty();
    }

    @Test
    void shouldReadAHandlerLimitByItsKebabCaseTypeWithPeriodAndCapacityDefaulted() throws IOException {
        WorkersConfig config = config(
                Map.of("coursestream.workers.handlers.send-welcome-email.rate-limit.permits", "5"));

        assertThat(JobRateLimits.typeLimits(config))
                .containsExactly(Map.entry(JobType.SEND_WELCOME_EMAIL, new Limit(5, Duration.ofSeconds(1), 5)));
    }

    @Test
    void shouldFailOnAKeyThatNamesNoJobTypeAndListTheValidOnes() throws IOException {
        WorkersConfig config = config(
                Map.of("coursestream.workers.handlers.send-welcom-email.rate-limit.permits", "5"));

        assertThatThrownBy(() -> JobRateLimits.typeLimits(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("send-welcom-email names no job type")
                .hasMessageContaining("send-welcome-email");
    }

    @Test
    void shouldFailOnAKeyThatNamesNoQueue() throws IOException {
        WorkersConfig config = config(Map.of("coursestream.workers.queues.email.timeout", "PT1M"));

        assertThatThrownBy(() -> JobRateLimits.queueLimits(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("email names no queue");
    }

    @Test
    void shouldLetEveryQueueOwe256OutcomesByDefaultAndTakeThemBack() throws IOException, InterruptedException {
        UnacknowledgedOutcomes outcomes = new UnacknowledgedOutcomes(
                config(Map.of("coursestream.workers.queues.media.unacknowledged-outcomes", "2")));

        for (JobQueue queue : JobQueue.values()) {
            if (queue != JobQueue.UNKNOWN) {
                assertThat(outcomes.available(queue)).as(queue.name()).isEqualTo(queue == JobQueue.MEDIA ? 2 : 256);
            }
        }
        outcomes.take(JobQueue.MEDIA);
        outcomes.take(JobQueue.MEDIA);
        assertThat(outcomes.available(JobQueue.MEDIA)).isZero();
        assertThat(outcomes.available(JobQueue.EMAILS)).as("another queue's permits").isEqualTo(256);
        outcomes.giveBack(JobQueue.MEDIA);
        assertThat(outcomes.available(JobQueue.MEDIA)).isEqualTo(1);
    }

    @Test
    void shouldRefuseAQueueThatMayOweNoOutcome() throws IOException {
        WorkersConfig config = config(Map.of("coursestream.workers.queues.emails.unacknowledged-outcomes", "0"));

        assertThatThrownBy(() -> new UnacknowledgedOutcomes(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coursestream.workers.queues.emails.unacknowledged-outcomes must be at least 1");
    }

    @Test
    void shouldMapEveryQueueAndTypeToAKeyAndBack() {
        for (JobQueue queue : JobQueue.values()) {
            if (queue != JobQueue.UNKNOWN) {
                assertThat(WorkersConfig.queue(WorkersConfig.key(queue))).isEqualTo(queue);
            }
        }
        for (JobType type : JobType.values()) {
            if (type != JobType.UNKNOWN) {
                assertThat(WorkersConfig.jobType(WorkersConfig.key(type))).isEqualTo(type);
            }
        }
        assertThat(WorkersConfig.key(JobType.PROCESS_VIDEO_CONVERSION)).isEqualTo("process-video-conversion");
    }

    /** application.properties with {@code overrides} on top, as the environment would set them. */
    private static WorkersConfig config(Map<String, String> overrides) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        WorkersConfigTest.class.getResource("/application.properties"), 100))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 200))
                .withMapping(WorkersConfig.class)
                .build();
        return config.getConfigMapping(WorkersConfig.class);
    }
}
