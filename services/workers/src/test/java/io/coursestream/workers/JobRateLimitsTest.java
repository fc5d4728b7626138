// Tier: unit (the rate-limit buckets on fake time, no Kafka)
package io.coursestream.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.workers.JobRateLimits.Limit;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class JobRateLimitsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final FakeTime time = new FakeTime();
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void shouldSpaceTheStartsOfALimitedQueueByItsRefillInterval() throws Exception {
        // given emails limited to 2 per second without burst
        JobRateLimits limits = limits(Map.of(JobQueue.EMAILS, new Limit(2, Duration.ofSeconds(1), 1)), Map.of());

        // when three jobs start one after the other, then the second and third each wait half a second
        assertThat(limits.acquire(JobQueue.EMAILS, JobType.SEND_NOTIFICATION, TIMEOUT)).isTrue();
        assertThat(time.elapsedMillis()).isZero();
        assertThat(limits.acquire(JobQueue.EMAILS, JobType.SEND_NOTIFICATION, TIMEOUT)).isTrue();
        assertThat(time.elapsedMillis()).isEqualTo(500);
        assertThat(limits.acquire(JobQueue.EMAILS, JobType.SEND_WELCOME_EMAIL, TIMEOUT)).isTrue();
        assertThat(time.elapsedMillis()).isEqualTo(1_000);

        // and the waits are recorded per limit, queue and type
        Timer notifications = wait("queue", JobQueue.EMAILS, JobType.SEND_NOTIFICATION);
        assertThat(notifications.count()).isEqualTo(2);
        assertThat(notifications.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(500);
        assertThat(wait("queue", JobQueue.EMAILS, JobType.SEND_WELCOME_EMAIL).totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(500);
    }

    @Test
    void shouldLetABurstUpToTheCapacityStartWithoutWaiting() throws Exception {
        // given emails limited to 20 per second with a burst of 20
        JobRateLimits limits = limits(Map.of(JobQueue.EMAILS, new Limit(20, Duration.ofSeconds(1), 20)), Map.of());

        // when 20 jobs start at once, then none waits; the 21st waits for one refill (50 ms)
        for (int i = 0; i < 20; i++) {
            assertThat(limits.acquire(JobQueue.EMAILS, JobType.SEND_NOTIFICATION, TIMEOUT)).isTrue();
        }
        assertThat(time.elapsedMillis()).isZero();
        assertThat(limits.acquire(JobQueue.EMAILS, JobType.SEND_NOTIFICATION, TIMEOUT)).isTrue();
        assertThat(time.elapsedMillis()).isEqualTo(50);
    }

    @Test
    void shouldNeitherWaitNorRecordOnAQueueWithoutLimit() throws Exception {
        JobRateLimits limits = limits(Map.of(JobQueue.EMAILS, new Limit(1, Duration.ofHours(1), 1)), Map.of());

        for (int i = 0; i < 100; i++) {
            assertThat(limits.acquire(JobQueue.MEDIA, JobType.OPTIMIZE_IMAGES, TIMEOUT)).isTrue();
        }

        assertThat(time.elapsedMillis()).isZero();
        assertThat(meters.find("coursestream.jobs.rate-limit.wait").timers()).isEmpty();
    }

    @Test
    void shouldLimitAJobTypeAcrossTheQueuesItRunsOn() throws Exception {
        // given PROBE limited to 1 per minute, whatever the queue
        JobRateLimits limits = limits(Map.of(), Map.of(JobType.PROBE, new Limit(1, Duration.ofMinutes(1), 1)));

        // when probes start on two queues, then the second waits a minute; another type on the same queue does not
        assertThat(limits.acquire(JobQueue.DEFAULT, JobType.PROBE, Duration.ofMinutes(2))).isTrue();
        assertThat(limits.acquire(JobQueue.DEFAULT, JobType.PROCESS_COURSE_UPLOAD, TIMEOUT)).isTrue();
        assertThat(time.elapsedMillis()).isZero();
        assertThat(limits.acquire(JobQueue.MEDIA, JobType.PROBE, Duration.ofMinutes(2))).isTrue();
        assertThat(time.elapsedMillis()).isEqualTo(60_000);
        assertThat(wait("type", JobQueue.MEDIA, JobType.PROBE).totalTime(TimeUnit.MILLISECONDS)).isEqualTo(60_000);
    }

    @Test
    void shouldRefuseAtOnceWithoutTakingATokenWhenNoneComesWithinTheMaxWait() throws Exception {
        // given a queue limited to 1 per minute, its token taken
        JobRateLimits limits = limits(Map.of(JobQueue.AFFILIATES, new Limit(1, Duration.ofMinutes(1), 1)), Map.of());
        assertThat(limits.acquire(JobQueue.AFFILIATES, JobType.EXECUTE_PAYOUT, TIMEOUT)).isTrue();

        // when the next job may wait only 10 s, then it is refused at once
        assertThat(limits.acquire(JobQueue.AFFILIATES, JobType.EXECUTE_PAYOUT, Duration.ofSeconds(10))).isFalse();
        assertThat(time.elapsedMillis()).isZero();

        // and the refused job took nothing: a minute later the next job starts without waiting
        time.advance(Duration.ofMinutes(1));
        assertThat(limits.acquire(JobQueue.AFFILIATES, JobType.EXECUTE_PAYOUT, Duration.ZERO)).isTrue();
    }

    @Test
    void shouldGiveTheQueueTokenBackWhenTheTypeLimitRefuses() throws Exception {
        // given a queue with 2 tokens and a type with 1, both refilling once a minute
        JobRateLimits limits = limits(Map.of(JobQueue.EMAILS, new Limit(2, Duration.ofMinutes(1), 2)),
                Map.of(JobType.SEND_NOTIFICATION, new Limit(1, Duration.ofMinutes(1), 1)));
        assertThat(limits.acquire(JobQueue.EMAILS, JobType.SEND_NOTIFICATION, Duration.ZERO)).isTrue();

        // when a second notification is refused by its type's limit
        assertThat(limits.acquire(JobQueue.EMAILS, JobType.SEND_NOTIFICATION, Duration.ZERO)).isFalse();

        // then the queue still has the token it would have used: another type starts at once
        assertThat(limits.acquire(JobQueue.EMAILS, JobType.SEND_WELCOME_EMAIL, Duration.ZERO)).isTrue();
        assertThat(time.elapsedMillis()).isZero();
    }

    @Test
    void shouldStopWaitingWithInterruptedExceptionWhenTheThreadIsInterrupted() throws Exception {
        // given real time and real parking, and a queue whose only token is taken for the next hour
        JobRateLimits limits = new JobRateLimits(Map.of(JobQueue.BACKUPS, new Limit(1, Duration.ofHours(1), 1)),
                Map.of(), TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING, meters);
        assertThat(limits.acquire(JobQueue.BACKUPS, JobType.BACKUP_DATABASE, Duration.ofHours(2))).isTrue();

        // when an interrupted worker thread waits for the next token, then it stops with InterruptedException
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> limits.acquire(JobQueue.BACKUPS, JobType.BACKUP_DATABASE, Duration.ofHours(2)))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void shouldRejectALimitWithoutPermits() {
        assertThatThrownBy(() -> new Limit(0, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive permits");
    }

    private JobRateLimits limits(Map<JobQueue, Limit> byQueue, Map<JobType, Limit> byType) {
        return new JobRateLimits(byQueue, byType, time, time, meters);
    }

    private Timer wait(String limit, JobQueue queue, JobType type) {
        Timer timer = meters.find("coursestream.jobs.rate-limit.wait")
                .tags("limit", limit, "queue", queue.name(), "type", type.name()).timer();
        assertThat(timer).as("rate-limit wait timer of %s %s %s", limit, queue, type).isNotNull();
        return timer;
    }
}
