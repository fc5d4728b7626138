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
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

class PointsStoresAccessTest {

    private static final Serde<SpecificRecord> AVRO = new SingleObjectAvroSerde();

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private final KeyValueStore<String, PointsTotal> totals = store(PointsStores.TOTALS, AvroSerdes.typed(AVRO));
    private final KeyValueStore<String, String> ranking = store(PointsStores.RANKING, Serdes.String());
    private final KeyValueStore<String, Long> scores = store(PointsStores.SCORES, Serdes.Long());
    private final PointsStoresAccess stores = new PointsStoresAccess(totals, null, null, null, null, ranking, scores,
            null);

    @Test
    void shouldRebuildTheRanksFromTheTotalsAndNothingElse() {
        // given three users' totals, two of them equal, and ranks a revived task kept from before
        totals.put("ada", total("ada", 110));
        totals.put("grace", total("grace", 100));
        totals.put("alan", total("alan", 100));
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

    private List<String> ranking() {
        List<String> users = new ArrayList<>();
        try (var all = ranking.all()) {
            all.forEachRemaining(entry -> users.add(entry.value + "=" + PointsStores.totalOf(entry.key)));
        }
        return users;
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static PointsTotal total(String userId, long points) {
        int level = LevelCurve.DEFAULT.levelFor(points);
        return PointsTotal.newBuilder().setUserId(userId).setTotalPoints(points).setLevel(level)
                .setCurrentLevelThreshold(LevelCurve.DEFAULT.thresholdOf(level))
                .setNextLevelThreshold(LevelCurve.DEFAULT.nextThreshold(level)).setRuleVersion(1)
                .setLevelCurveVersion(1).setEntryCount(1).setLastEntryId("earlier:1")
                .setUpdatedAt(Instant.parse("2026-11-29T12:00:00Z")).build();
    }
}
