// Tier: unit test of a rule (the processor with MockProcessorContext and in-memory stores, no Kafka).
package io.coursestream.topology.points;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.MockStores;
import io.coursestream.topology.testing.PointsFixtures;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

/**
 * The ledger processor on stores an earlier version wrote, with the totals apart from the users' states
 * ({@link PointsStores#LEGACY_TOTALS}): what a task finds after the upgrade. The topology tests cannot start a task on
 * such stores (the test driver empties its state when closed).
 */
class PointsLedgerProcessorTest {

    private static final Serde<SpecificRecord> AVRO = new SingleObjectAvroSerde();
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private static final String ADA = "ada";
    private static final String GRACE = "grace";

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final KeyValueStore<String, PointsUserState> users = store(PointsStores.USERS, AvroSerdes.typed(AVRO));
    private final KeyValueStore<String, PointsTotal> legacyTotals = store(PointsStores.LEGACY_TOTALS,
            AvroSerdes.typed(AVRO));
    private final PointsLedgerProcessor processor = new PointsLedgerProcessor(PointsSettings.DEFAULTS);

    PointsLedgerProcessorTest() {
        store(PointsStores.LEDGER, AvroSerdes.typed(AVRO));
        store(PointsStores.ACTIVITIES, AvroSerdes.typed(AVRO));
        store(PointsStores.SUBJECTS, Serdes.String());
        store(PointsStores.RANKING, Serdes.String());
        store(PointsStores.SCORES, Serdes.Long());
        store(PointsStores.APPLIED, Serdes.Integer());
        store(PointsStores.RULES, AvroSerdes.typed(AVRO));
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
    }

    @Test
    void shouldGoOnFromTotalsAnEarlierVersionKeptApartAndMoveThemIntoTheUsersStates() {
        // Given: Ada's and Grace's totals where an earlier version kept them, beside states without a total
        users.put(ADA, PointsUserState.newBuilder().setLedgerEntries(11).setTimezone("Europe/London").build());
        legacyTotals.put(ADA, total(ADA, 110));
        users.put(GRACE, PointsUserState.newBuilder().setLedgerEntries(5).build());
        legacyTotals.put(GRACE, total(GRACE, 50));

        // When the task starts and Ada completes an episode before the totals are moved
        processor.init(context);
        processor.process(new Record<>(ADA, episode(ADA), T0.toEpochMilli()));

        // Then her total goes on from the one kept apart
        assertThat(forwardedTotals()).extracting(PointsTotal::getTotalPoints).containsExactly(120L);
        assertThat(users.get(ADA).getTotal().getTotalPoints()).isEqualTo(120);
        assertThat(users.get(ADA).getLedgerEntries()).isEqualTo(12);

        // When the move runs: one punctuation moves them all and stops
        CapturedPunctuator move = context.scheduledPunctuators().stream()
                .filter(punctuator -> punctuator.getInterval().equals(PointsLedgerProcessor.LEGACY_TOTALS_EVERY))
                .findFirst().orElseThrow();
        move.getPunctuator().punctuate(T0.toEpochMilli());

        // Then each state holds its total (Ada's newer one kept), nothing is left apart, and the move is done
        assertThat(users.get(ADA).getTotal().getTotalPoints()).isEqualTo(120);
        assertThat(users.get(GRACE)).isEqualTo(PointsUserState.newBuilder().setLedgerEntries(5)
                .setTotal(total(GRACE, 50)).build());
        assertThat(legacyTotals.approximateNumEntries()).isZero();
        assertThat(move.cancelled()).isTrue();
    }

    @Test
    void shouldScheduleNoMoveWhenNoTotalIsKeptApart() {
        users.put(ADA, PointsUserState.newBuilder().setTotal(total(ADA, 110)).build());

        processor.init(context);

        assertThat(context.scheduledPunctuators()).extracting(CapturedPunctuator::getInterval)
                .doesNotContain(PointsLedgerProcessor.LEGACY_TOTALS_EVERY);
    }

    private List<PointsTotal> forwardedTotals() {
        List<PointsTotal> totals = new ArrayList<>();
        context.forwarded().forEach(forwarded -> {
            if (forwarded.record().value() instanceof PointsTotal total) {
                totals.add(total);
            }
        });
        return totals;
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        return MockStores.inMemory(context, name, values);
    }

    private static EpisodeCompleted episode(String userId) {
        return EpisodeCompleted.newBuilder().setMetadata(InputEvents.metadata(T0)).setUserId(userId)
                .setCourseId("course-1").setEpisodeId("episode-1").setWatchedSeconds(600L).build();
    }

    private static PointsTotal total(String userId, long points) {
        return PointsFixtures.total(userId, points, T0);
    }
}
