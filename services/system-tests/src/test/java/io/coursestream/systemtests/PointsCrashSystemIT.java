// Tier: system IT (the stream processor as a process, killed with SIGKILL while it works, on the shared test broker)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.LedgerEntryKind;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * Exactly once under crashes: 100,000 learning events (and some replays of them) flow while the processor process
 * is killed with SIGKILL again and again, each time restarted on its state directory. Afterwards every user's total
 * on {@code points.totals} is what the shipped rules pay for the distinct events sent, and every ledger entry id on
 * {@code points.ledger} appears once.
 */
class PointsCrashSystemIT {

    private static final Logger LOG = LoggerFactory.getLogger(PointsCrashSystemIT.class);

    /** The processor's consumer group: its application id. */
    private static final String GROUP = "coursestream-stream-processor";
    private static final int USERS = 2_000;
    private static final int EVENTS_PER_USER = 50;
    /** Events of one user are this far apart in event time: at most 9 in any 60 s, the guard allows 10. */
    private static final Duration SPACING = Duration.ofSeconds(7);
    /** Every this many events, one sent earlier is sent again (same event id). */
    private static final int REPLAY_EVERY = 400;
    private static final int KILLS = 3;
    /** Events the processor commits between its (re)start and the next kill. */
    private static final long PROGRESS_BETWEEN_KILLS = 12_000;
    /**
     * The producer stays at most this many events ahead of what the processor committed, so the kills (after
     * {@value #KILLS} x {@value #PROGRESS_BETWEEN_KILLS} committed events at most) come while it is still writing.
     */
    private static final long PRODUCER_LEAD = 20_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path stateDir;

    @Test
    void shouldCountEveryEventExactlyOnceAcrossRepeatedKills() throws Exception {
        // given a processor and 100,000 learning events of 2,000 users, some sent twice, flowing in
        TestEnvironment env = TestEnvironment.get();
        long started = System.nanoTime();
        Events events = new Events("pc-" + Long.toString(System.nanoTime(), 36));
        try (Applications apps = Applications.processors(env, stateDir, 1); Admin admin = env.newAdmin()) {
            Map<TopicPartition, Long> inputStart = endOffsets(admin);
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(
                    () -> events.send(env, sent, () -> committedQuietly(admin, inputStart)));
            try {
                // when the processor is killed with SIGKILL while it works through them, and restarted each time
                for (int kill = 1; kill <= KILLS; kill++) {
                    long before = committed(admin, inputStart);
                    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                            .until(() -> committed(admin, inputStart) >= before + PROGRESS_BETWEEN_KILLS);
                    long committedAtKill = committed(admin, inputStart);
                    apps.killProcessor(0);
                    int sentAtKill = sent.get();
                    LOG.info("kill {}: SIGKILL with {} events committed, {} sent ({} s in)", kill, committedAtKill,
                            sentAtKill, (System.nanoTime() - started) / 1_000_000_000);
                    assertThat(sentAtKill).as("killed while events were still being written")
                            .isLessThan(events.total());
                    apps.startProcessor(0);
                    LOG.info("kill {}: restarted and ready ({} s in)", kill,
                            (System.nanoTime() - started) / 1_000_000_000);
                }
                producing.join();
            } finally {
                // a failed kill or restart stops the producer too
                events.stop();
            }
            assertThat(sent.get()).isEqualTo(events.total());

            // then, once it has committed every input record
            Map<TopicPartition, Long> inputEnd = endOffsets(admin);
            long inputRecords = inputEnd.entrySet().stream()
                    .mapToLong(end -> end.getValue() - inputStart.get(end.getKey())).sum();
            assertThat(inputRecords).isEqualTo(events.total());
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> committedOffsets(admin).entrySet().containsAll(inputEnd.entrySet()));
            LOG.info("caught up {} s in", (System.nanoTime() - started) / 1_000_000_000);
        }

        // every user's total is what the shipped rules pay for the distinct events sent
        Map<String, PointsTotal> totals = PointsTopics.totals(env);
        List<String> wrongTotals = new TreeMap<>(events.expectedTotals()).entrySet().stream()
                .filter(expected -> !totals.containsKey(expected.getKey())
                        || totals.get(expected.getKey()).getTotalPoints() != expected.getValue())
                .map(expected -> expected.getKey() + " has " + (totals.containsKey(expected.getKey())
                        ? totals.get(expected.getKey()).getTotalPoints() : "no total") + ", not " + expected.getValue())
                .toList();
        assertThat(wrongTotals).as("users whose total on points.totals is not what their events pay (of %d)",
                events.expectedTotals().size()).isEmpty();

        // and every ledger entry id appears once, one award per distinct event
        List<LedgerEntry> ledger = PointsTopics.ledger(env).stream()
                .filter(entry -> events.expectedTotals().containsKey(entry.getUserId())).toList();
        Map<String, Long> entriesById = ledger.stream()
                .collect(Collectors.groupingBy(LedgerEntry::getEntryId, Collectors.counting()));
        assertThat(entriesById.entrySet().stream().filter(id -> id.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("ledger entry ids written more than once").isEmpty();
        assertThat(entriesById).hasSize(events.distinct());
        assertThat(ledger).extracting(LedgerEntry::getKind).containsOnly(LedgerEntryKind.AWARD);
        assertThat(ledger.stream().map(LedgerEntry::getSourceEventId).collect(Collectors.toSet()))
                .isEqualTo(events.eventIds());
        LOG.info("checked {} ledger entries and {} totals {} s in", ledger.size(), events.expectedTotals().size(),
                (System.nanoTime() - started) / 1_000_000_000);
    }

    /** The sum over the input partitions of the group's committed offsets beyond {@code start}. */
    private static long committed(Admin admin, Map<TopicPartition, Long> start) throws Exception {
        Map<TopicPartition, Long> committed = committedOffsets(admin);
        return start.entrySet().stream()
                .mapToLong(partition -> Math.max(0, committed.getOrDefault(partition.getKey(), partition.getValue())
                        - partition.getValue()))
                .sum();
    }

    private static long committedQuietly(Admin admin, Map<TopicPartition, Long> start) {
        try {
            return committed(admin, start);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the processor's committed offsets", e);
        }
    }

    /** The group's committed offsets on {@code learning.learning-events}. */
    private static Map<TopicPartition, Long> committedOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null && partition.topic().equals(Topics.LEARNING_EVENTS.name())) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < Topics.LEARNING_EVENTS.partitions(); p++) {
            latest.put(new TopicPartition(Topics.LEARNING_EVENTS.name(), p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
    }

    /**
     * The events of one run: user {@code u}'s {@code k}-th event is {@code k * SPACING} after the run's start in
     * event time, on its own subject, of a type by {@code k} (episodes, enrolments, courses, achievements), sent round
     * robin over the users so every partition gets work at once; every {@value #REPLAY_EVERY}th send is a replay of an
     * event sent a few rounds earlier.
     */
    private static final class Events {

        private final String run;
        private final Instant start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        private final Map<String, Long> expectedTotals = new ConcurrentHashMap<>();
        private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
        private volatile boolean stopped;

        Events(String run) {
            this.run = run;
        }

        void stop() {
            stopped = true;
        }

        int distinct() {
            return USERS * EVENTS_PER_USER;
        }

        int total() {
            return distinct() + distinct() / REPLAY_EVERY;
        }

        Map<String, Long> expectedTotals() {
            return expectedTotals;
        }

        Set<String> eventIds() {
            return eventIds;
        }

        /**
         * Sends every event, counting the acknowledged ones in {@code sent}, never more than
         * {@value #PRODUCER_LEAD} ahead of {@code committed}.
         */
        void send(TestEnvironment env, AtomicInteger sent, LongSupplier committed) {
            Random random = new Random(42);
            List<ProducerRecord<String, SpecificRecord>> recent = new ArrayList<>();
            try (KafkaProducer<String, SpecificRecord> producer = LearningEvents.producer(env)) {
                int count = 0;
                for (int k = 0; k < EVENTS_PER_USER && !stopped; k++) {
                    for (int u = 0; u < USERS && !stopped; u++) {
                        String userId = run + "-user-" + u;
                        SpecificRecord event = event(userId, k);
                        expectedTotals.merge(userId, LearningEvents.points(event), Long::sum);
                        eventIds.add(LearningEvents.eventId(event));
                        ProducerRecord<String, SpecificRecord> record =
                                new ProducerRecord<>(Topics.LEARNING_EVENTS.name(), userId, event);
                        producer.send(record, counting(sent));
                        remember(recent, record);
                        if (++count % REPLAY_EVERY == 0) {
                            producer.send(recent.get(random.nextInt(recent.size())), counting(sent));
                        }
                        if (count % 1_000 == 0) {
                            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                                    .until(() -> sent.get() - committed.getAsLong() < PRODUCER_LEAD);
                        }
                    }
                }
                producer.flush();
            }
        }

        private SpecificRecord event(String userId, int k) {
            Instant at = start.plus(SPACING.multipliedBy(k));
            return switch (k % 10) {
                case 0, 1, 2, 3, 4, 5 ->
                        LearningEvents.episodeCompleted(userId, "course-" + k / 10, "episode-" + k, at);
                case 6 -> LearningEvents.courseEnrolled(userId, "enrolled-course-" + k, at);
                case 7, 8 -> LearningEvents.courseCompleted(userId, "completed-course-" + k, at);
                default -> LearningEvents.achievementUnlocked(userId, userId + "-achievement-" + k, at);
            };
        }

        /** The last few thousand records sent, to replay from. */
        private static void remember(List<ProducerRecord<String, SpecificRecord>> recent,
                ProducerRecord<String, SpecificRecord> record) {
            recent.add(record);
            if (recent.size() > 5_000) {
                recent.subList(0, 1_000).clear();
            }
        }

        private static Callback counting(AtomicInteger sent) {
            return (metadata, failure) -> {
                if (failure == null) {
                    sent.incrementAndGet();
                } else {
                    LOG.error("sending a learning event failed", failure);
                }
            };
        }
    }
}
