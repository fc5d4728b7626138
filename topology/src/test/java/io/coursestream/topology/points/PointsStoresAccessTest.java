// Tier: unit test of a rule (stores with MockProcessorContext, no Kafka).
package io.coursestream.topology.points;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.topology.testing.MockStores;
import io.coursestream.topology.testing.PointsFixtures;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

class PointsStoresAccessTest {

    private static final Serde<SpecificRecord> AVRO = new SingleObjectAvroSerde();

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final KeyValueStore<String, PointsUserState> users = store(PointsStores.USERS, AvroSerdes.typed(AVRO));
    private final KeyValueStore<String, PointsTotal> legacyTotals = store(PointsStores.LEGACY_TOTALS,
            AvroSerdes.typed(AVRO));
    private final KeyValueStore<String, String> ranking = store(PointsStores.RANKING, Serdes.String());
    private final KeyValueStore<String, Long> scores = store(PointsStores.SCORES, Serdes.Long());
    private final PointsStoresAccess stores = new PointsStoresAccess(users, null, null, null, legacyTotals, ranking,
            scores, null);

    @Test
    void shouldRebuildTheRanksFromTheTotalsAndNothingElse() {
        // given three users' totals, two of them equal (one still where an earlier version wrote it), a user without
        // a total, and ranks a revived task kept from before
        users.put("ada", withTotal(total("ada", 110)));
        users.put("grace", withTotal(total("grace", 100)));
        users.put("alan", PointsUserState.newBuilder().build());
        legacyTotals.put("alan", total("alan", 100));
        users.put("barbara", PointsUserState.newBuilder().setTimezone("Europe/Vienna").build());
        stores.rank("ada", null, 10);
        stores.rank("edsger", null, 500);

        // when the task starts
        stores.rebuildRanks();

        // then the ranking and the counts per total are those of the totals alone
        assertThat(ranking()).containsExactly("ada=110", "alan=100", "grace=100");
        assertThat(scores.get(PointsStores.scoreKey(110))).isEqualTo(1);
        assertThat(scores.get(PointsStores.scoreKey(100))).isEqualTo(2);
        assertThat(scores.approximateNumEntries()).isEqualTo(2);
        // and moves go on from them
        stores.rank("grace", 100L, 120);
        assertThat(ranking()).containsExactly("grace=120", "ada=110", "alan=100");
        assertThat(scores.get(PointsStores.scoreKey(100))).isEqualTo(1);
    }

    @Test
    void shouldMoveTheLegacyTotalsIntoTheUsersStatesABatchAtATime() {
        // given totals an earlier version kept apart: one of a user whose state has a newer total since
        PointsUserState alan = PointsUserState.newBuilder().setTimezone("Europe/London").setLedgerEntries(3).build();
        users.put("alan", alan);
        legacyTotals.put("alan", total("alan", 100));
        legacyTotals.put("grace", total("grace", 50));
        users.put("ada", withTotal(total("ada", 130)));
        legacyTotals.put("ada", total("ada", 110));

        // when they are moved two at a time
        assertThat(stores.hasLegacyTotals()).isTrue();
        assertThat(stores.moveLegacyTotals(2)).isFalse();
        assertThat(stores.moveLegacyTotals(2)).isTrue();

        // then each state holds its total, the newer one kept, and nothing is left behind
        assertThat(users.get("alan")).isEqualTo(PointsUserState.newBuilder(alan).setTotal(total("alan", 100)).build());
        assertThat(users.get("grace").getTotal()).isEqualTo(total("grace", 50));
        assertThat(users.get("ada").getTotal().getTotalPoints()).isEqualTo(130);
        assertThat(stores.hasLegacyTotals()).isFalse();
    }

    private List<String> ranking() {
        List<String> users = new ArrayList<>();
        try (var all = ranking.all()) {
            all.forEachRemaining(entry -> users.add(entry.value + "=" + PointsStores.totalOf(entry.key)));
        }
        return users;
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        return MockStores.inMemory(context, name, values);
    }

    private static PointsUserState withTotal(PointsTotal total) {
        return PointsUserState.newBuilder().setTotal(total).build();
    }

    private static PointsTotal total(String userId, long points) {
        return PointsFixtures.total(userId, points, Instant.parse("2026-11-29T12:00:00Z"));
    }
}
