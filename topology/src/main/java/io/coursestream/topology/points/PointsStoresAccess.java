package io.coursestream.topology.points;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.PointsActivity;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;

/** The ledger processor's stores of one task, looked up once. */
record PointsStoresAccess(KeyValueStore<String, PointsUserState> users, KeyValueStore<String, LedgerEntry> ledger,
        KeyValueStore<String, PointsActivity> activities, KeyValueStore<String, String> subjects,
        KeyValueStore<String, PointsTotal> legacyTotals, KeyValueStore<String, String> ranking,
        KeyValueStore<String, Long> scores, KeyValueStore<String, Integer> applied) {

    static PointsStoresAccess of(ProcessorContext<?, ?> context) {
        return new PointsStoresAccess(context.getStateStore(PointsStores.USERS), context.getStateStore(PointsStores.LEDGER),
                context.getStateStore(PointsStores.ACTIVITIES), context.getStateStore(PointsStores.SUBJECTS),
                context.getStateStore(PointsStores.LEGACY_TOTALS), context.getStateStore(PointsStores.RANKING),
                context.getStateStore(PointsStores.SCORES), context.getStateStore(PointsStores.APPLIED));
    }

    /** The user's totals record ({@link PointsStores#userTotal}); {@code state} is the user's, null when none. */
    PointsTotal total(String userId, PointsUserState state) {
        return PointsStores.userTotal(userId, state, legacyTotals);
    }

    /**
     * Fills {@link PointsStores#RANKING} and {@link PointsStores#SCORES} from the users' totals. They are indexes of
     * the totals without a changelog: the task calls this when it starts, after its logged stores are restored, and
     * empties them first, since what is on the local disk may be older or newer than the totals. The counts per
     * total are summed in memory (one entry per distinct total) and written once each.
     */
    void rebuildRanks() {
        clear(ranking);
        clear(scores);
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, PointsUserState> all = users.all()) {
            all.forEachRemaining(user -> {
                PointsTotal total = total(user.key, user.value);
                if (total != null) {
                    ranking.put(PointsStores.rankKey(total.getTotalPoints(), user.key), user.key);
                    counts.merge(PointsStores.scoreKey(total.getTotalPoints()), 1L, Long::sum);
                }
            });
        }
        counts.forEach(scores::put);
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

    /** True while {@link PointsStores#LEGACY_TOTALS} holds a total not yet moved into its user's state. */
    boolean hasLegacyTotals() {
        try (KeyValueIterator<String, PointsTotal> all = legacyTotals.all()) {
            return all.hasNext();
        }
    }

    /**
     * Moves up to {@code max} totals from {@link PointsStores#LEGACY_TOTALS} into their users' states (a state that
     * has a total already keeps it: it is newer) and deletes them there; true when none is left. Writes to logged
     * stores, so it runs in a punctuation, not in {@code init}.
     */
    boolean moveLegacyTotals(int max) {
        List<KeyValue<String, PointsTotal>> batch = new ArrayList<>();
        try (KeyValueIterator<String, PointsTotal> all = legacyTotals.all()) {
            while (batch.size() < max && all.hasNext()) {
                batch.add(all.next());
            }
        }
        for (KeyValue<String, PointsTotal> legacy : batch) {
            PointsUserState state = users.get(legacy.key);
            if (state == null || state.getTotal() == null) {
                PointsUserState.Builder moved = state != null ? PointsUserState.newBuilder(state)
                        : PointsUserState.newBuilder();
                users.put(legacy.key, moved.setTotal(legacy.value).build());
            }
            legacyTotals.delete(legacy.key);
        }
        return batch.size() < max;
    }

    private static void clear(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(store::delete);
    }
}
