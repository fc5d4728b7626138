package io.coursestream.topology.points;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.PointsActivity;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;

/** The ledger processor's stores of one task, looked up once. */
record PointsStoresAccess(KeyValueStore<String, PointsTotal> totals, KeyValueStore<String, LedgerEntry> ledger,
        KeyValueStore<String, PointsActivity> activities, KeyValueStore<String, String> subjects,
        KeyValueStore<String, PointsUserState> users, KeyValueStore<String, String> ranking,
        KeyValueStore<String, Long> scores, KeyValueStore<String, Integer> applied) {

    static PointsStoresAccess of(ProcessorContext<?, ?> context) {
        return new PointsStoresAccess(context.getStateStore(PointsStores.TOTALS), context.getStateStore(PointsStores.LEDGER),
                context.getStateStore(PointsStores.ACTIVITIES), context.getStateStore(PointsStores.SUBJECTS),
                context.getStateStore(PointsStores.USERS), context.getStateStore(PointsStores.RANKING),
                context.getStateStore(PointsStores.SCORES), context.getStateStore(PointsStores.APPLIED));
    }

    /**
     * Fills {@link PointsStores#RANKING} and {@link PointsStores#SCORES} from {@link PointsStores#TOTALS}. They are
     * indexes of the totals without a changelog: the task calls this when it starts, after its logged stores are
     * restored, and empties them first, since what is on the local disk may be older or newer than the totals.
     */
    void rebuildRanks() {
        clear(ranking);
        clear(scores);
        try (KeyValueIterator<String, PointsTotal> all = totals.all()) {
            all.forEachRemaining(total -> rank(total.key, null, total.value.getTotalPoints()));
        }
    }

    /** Moves a user from one total to another in {@link PointsStores#RANKING} and {@link PointsStores#SCORES}. */
    void rank(String userId, Long previousTotal, long total) {
        if (previousTotal != null) {
            ranking.delete(PointsStores.rankKey(previousTotal, userId));
            String previousScore = PointsStores.scoreKey(previousTotal);
            long left = scores.get(previousScore) - 1;
            if (left == 0) {
                scores.delete(previousScore);
            } else {
                scores.put(previousScore, left);
            }
        }
        ranking.put(PointsStores.rankKey(total, userId), userId);
        String score = PointsStores.scoreKey(total);
        Long count = scores.get(score);
        scores.put(score, count == null ? 1 : count + 1);
    }

    private static void clear(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(store::delete);
    }
}
