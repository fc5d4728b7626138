package io.coursestream.topology.points;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.control.CalculateUserLevels;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.streams.EveryPartition;
import io.coursestream.topology.streams.GlobalStoreCopy;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * The points ledger (CalculateUserPoints and CalculateUserLevels of the original system).
 *
 * <p>Inputs: the valid events of {@code learning.learning-events} (EpisodeCompleted, CourseCompleted,
 * AchievementUnlocked, CourseEnrolled earn; AchievementRevoked reverses), {@code ReferralCompleted} from
 * {@code affiliates.referral-events} re-keyed by the referring affiliate ({@value #REFERRALS_BY_AFFILIATE}), the
 * time zone from {@code users.user-events} (for streak days), {@link CalculateUserLevels} from
 * {@code control.commands} sent to every partition ({@value #LEVEL_COMMANDS}, a multicast repartition), and the
 * rule versions of {@code points.rules} as the global store {@value PointsStores#RULES}. Outputs: every ledger entry
 * on {@code points.ledger}, its PointsAwarded or PointsReversed, UserLevelChanged, AchievementEarned and the
 * level-run summaries on {@code points.events}, and each changed total on {@code points.totals}.
 *
 * <p>Rules applied to an activity, in order: a source event id seen before is ignored (its entry exists, with the
 * same id {@code <eventId>:<ruleVersion>}); an activity that earns once per subject and already did is refused
 * (ALREADY_AWARDED); the same activity on the same subject within the minimum gap is refused (MIN_INTERVAL); more
 * than the allowed awards in the window is refused (RATE_LIMITED); no rule, or a rule of 0, is refused (NO_RULE);
 * anything else is an AWARD priced by {@link PointsRuleBook}. Refusals are ledger entries too. Windows and gaps are
 * in event time, so a replay decides the same. A retroactive rule version, once its {@code effectiveFrom} has passed,
 * is applied by every task on its next rules check: every activity it prices differently gets a COMPENSATION entry
 * for the difference. Levels follow every change of a total ({@link LevelCurve}); milestones are earned once.
 *
 * <p>Named state: see {@link PointsStores}. Nodes: {@code points-*}.
 */
public final class PointsTopology {

    public static final String REFERRALS_BY_AFFILIATE = "points-referrals-by-affiliate";
    public static final String LEVEL_COMMANDS = "points-level-commands";

    private PointsTopology() {
    }

    /**
     * Adds the points ledger to {@code builder}.
     *
     * @param detectedCompletions the CourseCompleted the learning topology detects, keyed by user id (a course counts
     *                            once per user whether detected or sent upstream: completions earn once per course)
     * @param controlCommands     {@code control.commands} as read (the builder reads a topic through one source only)
     * @param events              serde of every Avro record read and written
     */
    public static void build(StreamsBuilder builder, ValidatedInputs inputs,
            KStream<String, SpecificRecord> detectedCompletions, KStream<String, SpecificRecord> controlCommands,
            Serde<SpecificRecord> events, PointsSettings settings) {
        Serde<String> keys = Serdes.String();
        int partitions = Topics.LEARNING_EVENTS.partitions();
        addStores(builder, keys, events);

        KStream<String, SpecificRecord> referrals = inputs.stream(Topics.REFERRAL_EVENTS)
                .filter((userId, event) -> event instanceof ReferralCompleted, Named.as("points-referrals-completed"))
                .selectKey((userId, event) -> ((ReferralCompleted) event).getAffiliateId(),
                        Named.as("points-referrals-key-by-affiliate"))
                .repartition(Repartitioned.<String, SpecificRecord>as(REFERRALS_BY_AFFILIATE)
                        .withKeySerde(keys).withValueSerde(events).withNumberOfPartitions(partitions));
        KStream<String, SpecificRecord> timezones = inputs.stream(Topics.USER_EVENTS)
                .filter((userId, event) -> event instanceof UserRegistered
                        || event instanceof UserProfileUpdated updated && updated.getLocaleSettings() != null,
                        Named.as("points-user-timezones"));
        KStream<String, SpecificRecord> levelCommands = controlCommands
                .filter((commandId, command) -> command instanceof CalculateUserLevels, Named.as("points-level-runs"))
                .repartition(Repartitioned.<String, SpecificRecord>as(LEVEL_COMMANDS)
                        .withKeySerde(keys).withValueSerde(events).withNumberOfPartitions(partitions)
                        // Sent to every partition: each task re-evaluates its own users.
                        .withStreamPartitioner(new EveryPartition<>()));

        inputs.stream(Topics.LEARNING_EVENTS)
                .merge(detectedCompletions, Named.as("points-merge-detected-completions"))
                .merge(referrals, Named.as("points-merge-referrals"))
                .merge(timezones, Named.as("points-merge-timezones"))
                .merge(levelCommands, Named.as("points-merge-level-runs"))
                .process(() -> new PointsLedgerProcessor(settings), Named.as("points-ledger"),
                        PointsStores.USERS, PointsStores.LEDGER, PointsStores.ACTIVITIES, PointsStores.SUBJECTS,
                        PointsStores.LEGACY_TOTALS, PointsStores.RANKING, PointsStores.SCORES, PointsStores.APPLIED)
                .to((key, value, context) -> topicOf(value), Produced.with(keys, events).withName("points-sink"));
    }

    private static void addStores(StreamsBuilder builder, Serde<String> keys, Serde<SpecificRecord> events) {
        builder.addStateStore(store(PointsStores.USERS, keys, AvroSerdes.<PointsUserState>typed(events)));
        builder.addStateStore(store(PointsStores.LEDGER, keys, AvroSerdes.<LedgerEntry>typed(events)));
        builder.addStateStore(store(PointsStores.ACTIVITIES, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(PointsStores.SUBJECTS, keys, keys));
        // Read only: the totals an earlier version kept apart from the users' states, until moved into them.
        builder.addStateStore(store(PointsStores.LEGACY_TOTALS, keys, AvroSerdes.<PointsTotal>typed(events)));

        // Indexes of the totals, rebuilt from them when a task starts (PointsStoresAccess.rebuildRanks), so not
        // logged: a move costs no changelog writes (it cost up to four). RocksDB rather than memory: the in-memory
        // store's iterators copy every key in range first, and the leaderboard reads the top of the whole ranking.
        builder.addStateStore(store(PointsStores.RANKING, keys, keys).withLoggingDisabled());
        builder.addStateStore(store(PointsStores.SCORES, keys, Serdes.Long()).withLoggingDisabled());
        builder.addStateStore(store(PointsStores.APPLIED, keys, Serdes.Integer()));
        // A global store is restored from its topic, not a changelog: GlobalStoreCopy only copies records into it.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PointsStores.RULES), keys,
                        AvroSerdes.<PointsRuleSet>typed(events)).withLoggingDisabled(),
                Topics.POINTS_RULES.name(),
                Consumed.with(keys, AvroSerdes.<PointsRuleSet>typed(events)).withName("points-rules"),
                () -> new GlobalStoreCopy<>(PointsStores.RULES));
    }

    private static <V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<String, V>> store(String name,
            Serde<String> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
    }

    private static String topicOf(SpecificRecord value) {
        if (value instanceof LedgerEntry) {
            return Topics.POINTS_LEDGER.name();
        }
        return value instanceof PointsTotal ? Topics.POINTS_TOTALS.name() : Topics.POINTS_EVENTS.name();
    }
}
