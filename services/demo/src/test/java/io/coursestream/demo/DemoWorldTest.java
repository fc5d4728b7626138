// Tier: unit (the demo generator on its own, no broker).
package io.coursestream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.uploads.LargeCourseUploadStarted;
import io.coursestream.schemas.uploads.UploadChunkReceived;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.validation.Arrival;
import io.coursestream.topology.validation.InputEventRules;
import io.coursestream.topology.validation.RuleBook;

class DemoWorldTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldProduceTheSameEventsForTheSameSeed() {
        List<String> first = take(new DemoWorld(DemoOptions.DEFAULTS, CLOCK), 2_000).map(DemoWorldTest::render).toList();
        List<String> second = take(new DemoWorld(DemoOptions.DEFAULTS, CLOCK), 2_000).map(DemoWorldTest::render).toList();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldProduceDifferentEventsForAnotherSeed() {
        DemoOptions otherSeed = new DemoOptions(7L, 20, 200, 8);

        List<String> first = take(new DemoWorld(DemoOptions.DEFAULTS, CLOCK), 200).map(DemoWorldTest::render).toList();
        List<String> other = take(new DemoWorld(otherSeed, CLOCK), 200).map(DemoWorldTest::render).toList();

        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldCoverEveryInputEventTypeOnItsOwnTopic() {
        Set<Class<?>> seen = new HashSet<>();

        take(new DemoWorld(DemoOptions.DEFAULTS, CLOCK), 5_000).forEach(event -> {
            assertThat(event.topic().carries(event.value().getClass()))
                    .as("%s on %s", event.type(), event.topic().name()).isTrue();
            assertThat(event.key()).isNotBlank();
            seen.add(event.value().getClass());
        });

        Set<Class<?>> inputTypes = new HashSet<>();
        Topics.inputs().forEach(topic -> inputTypes.addAll(topic.valueSchemas()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(inputTypes);
    }

    @Test
    void shouldPassTheStreamProcessorsInputValidation() {
        RuleBook rules = InputEventRules.ruleBook();

        List<String> rejected = take(new DemoWorld(DemoOptions.DEFAULTS, CLOCK), 5_000)
                .flatMap(event -> rules.check(event.value(),
                                new Arrival(event.topic().name(), event.key(), event.timestamp())).stream()
                        .map(violation -> event.type() + " " + violation))
                .distinct()
                .toList();

        assertThat(rejected).as("demo events the processor would dead-letter").isEmpty();
    }

    @Test
    void shouldKeepCausalOrder() {
        Set<String> registered = new HashSet<>();
        Set<String> initiated = new HashSet<>();
        Set<String> started = new HashSet<>();

        take(new DemoWorld(DemoOptions.DEFAULTS, CLOCK), 5_000).map(DemoEvent::value).forEach(value -> {
            if (value instanceof UserRegistered registration) {
                registered.add(registration.getUserId());
            } else if (value instanceof EpisodeCompleted completion) {
                assertThat(registered).contains(completion.getUserId());
            } else if (value instanceof PaymentInitiated payment) {
                assertThat(registered).contains(payment.getUserId());
                initiated.add(payment.getTransactionId());
            } else if (value instanceof PaymentRefunded refund) {
                assertThat(initiated).contains(refund.getTransactionId());
            } else if (value instanceof LargeCourseUploadStarted upload) {
                started.add(upload.getUploadId());
            } else if (value instanceof UploadChunkReceived chunk) {
                assertThat(started).contains(chunk.getUploadId());
            }
        });
    }

    @Test
    void shouldRegisterNoMoreUsersThanAsked() {
        DemoOptions fewUsers = new DemoOptions(1L, 20, 10, 2);

        long registrations = take(new DemoWorld(fewUsers, CLOCK), 3_000)
                .filter(event -> event.value() instanceof UserRegistered)
                .count();

        assertThat(registrations).isEqualTo(10);
    }

    @Test
    void shouldRequestACampaignAtMostEveryTwoMinutes() {
        // ten minutes of events at the default 20 a second
        MutableClock clock = new MutableClock(CLOCK.instant());
        DemoWorld world = new DemoWorld(DemoOptions.DEFAULTS, clock);
        List<Instant> campaigns = new ArrayList<>();

        for (int i = 0; i < 12_000; i++) {
            clock.advance(Duration.ofMillis(50));
            if (world.next().value() instanceof BulkNotificationRequested campaign) {
                campaigns.add(campaign.getMetadata().getOccurredAt());
            }
        }

        assertThat(campaigns).hasSizeBetween(3, 6);
        for (int i = 1; i < campaigns.size(); i++) {
            assertThat(Duration.between(campaigns.get(i - 1), campaigns.get(i)))
                    .isGreaterThanOrEqualTo(DemoWorld.CAMPAIGN_INTERVAL);
        }
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static Stream<DemoEvent> take(DemoWorld world, int count) {
        return Stream.generate(world::next).limit(count);
    }

    private static String render(DemoEvent event) {
        SpecificRecord value = event.value();
        return event.topic().name() + "|" + event.key() + "|" + value;
    }
}
