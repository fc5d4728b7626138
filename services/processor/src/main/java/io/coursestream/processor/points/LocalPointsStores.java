package io.coursestream.processor.points;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.coursestream.processor.points.Leaderboard.Candidate;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.points.PointsStores;

/**
 * Reads of this instance's partitions of the points stores ({@link PointsStores}). A user's reads go to the one
 * partition that holds the user; the rank and leaderboard reads answer per local partition, so that the caller can
 * tell which partitions another instance must answer for. Every read throws {@link InvalidStateStoreException} while
 * Kafka Streams is starting, rebalancing or restoring, at once.
 */
@ApplicationScoped
class LocalPointsStores {

    /** The points stores are partitioned like their input topic. */
    static final int PARTITIONS = Topics.LEARNING_EVENTS.partitions();

    private final KafkaStreams streams;

    LocalPointsStores(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Kafka Streams' state, for messages. */
    KafkaStreams.State state() {
        return streams.state();
    }

    /** The user's totals record on {@code partition}, null when the user has none. */
    PointsTotal total(String userId, int partition) {
        return PointsStores.userTotal(userId, this.<PointsUserState>store(PointsStores.USERS, partition).get(userId),
                store(PointsStores.LEGACY_TOTALS, partition));
    }

    /** One page of the user's ledger on {@code partition}, newest first. */
    LedgerPage ledger(String userId, int partition, LedgerPaging paging) {
        PointsUserState state = this.<PointsUserState>store(PointsStores.USERS, partition).get(userId);
        long totalEntries = state == null ? 0 : state.getLedgerEntries();
        List<LedgerPage.Entry> entries = new ArrayList<>();
        paging.sequences(totalEntries).ifPresent(page -> {
            ReadOnlyKeyValueStore<String, LedgerEntry> ledger = store(PointsStores.LEDGER, partition);
            try (KeyValueIterator<String, LedgerEntry> newestFirst = ledger.reverseRange(
                    PointsStores.ledgerKey(userId, page.first()), PointsStores.ledgerKey(userId, page.last()))) {
                newestFirst.forEachRemaining(entry -> entries.add(LedgerPage.Entry.of(entry.value)));
            }
        });
        return new LedgerPage(userId, paging.page(), paging.size(), totalEntries, List.copyOf(entries));
    }

    /** Per local partition: how many of its users have a total strictly above {@code totalPoints}. */
    Map<Integer, Long> usersAbove(long totalPoints) {
        String ownScore = PointsStores.scoreKey(totalPoints);
        return this.<Long, Long>perLocalPartition(PointsStores.SCORES, (partition, scores) -> {
            long above = 0;
            // Score keys ascend as totals descend: every key before this total's is a higher total.
            try (KeyValueIterator<String, Long> higher = scores.range(null, ownScore)) {
                while (higher.hasNext()) {
                    KeyValue<String, Long> score = higher.next();
                    if (!score.key.equals(ownScore) && score.value != null) {
                        above += score.value;
                    }
                }
            }
            return above;
        });
    }

    /**
     * Per local partition: its {@code top} users with the highest totals, highest first, with the level of their
     * totals record (same partition, same task).
     */
    Map<Integer, List<Candidate>> top(int top) {
        return this.<String, List<Candidate>>perLocalPartition(PointsStores.RANKING, (partition, ranking) -> {
            ReadOnlyKeyValueStore<String, PointsUserState> users = store(PointsStores.USERS, partition);
            ReadOnlyKeyValueStore<String, PointsTotal> legacyTotals = store(PointsStores.LEGACY_TOTALS, partition);
            List<Candidate> candidates = new ArrayList<>(top);
            try (KeyValueIterator<String, String> highestFirst = ranking.all()) {
                while (candidates.size() < top && highestFirst.hasNext()) {
                    KeyValue<String, String> ranked = highestFirst.next();
                    PointsTotal total = PointsStores.userTotal(ranked.value, users.get(ranked.value), legacyTotals);
                    candidates.add(new Candidate(ranked.value, PointsStores.totalOf(ranked.key),
                            total == null ? 0 : total.getLevel()));
                }
            }
            return candidates;
        });
    }

    private <V, R> Map<Integer, R> perLocalPartition(String storeName,
            BiFunction<Integer, ReadOnlyKeyValueStore<String, V>, R> read) {
        Map<Integer, R> answers = new TreeMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            try {
                answers.put(partition, read.apply(partition, store(storeName, partition)));
            } catch (InvalidStateStorePartitionException servedElsewhere) {
                // another instance's partition: it answers for it
            }
        }
        return answers;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }
}
