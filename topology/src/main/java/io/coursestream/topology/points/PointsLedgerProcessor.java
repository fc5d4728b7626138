package io.coursestream.topology.points;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.control.CalculateUserLevels;
import io.coursestream.schemas.learning.AchievementRevoked;
import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.LedgerEntryKind;
import io.coursestream.schemas.points.PointsActivity;
import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.points.RefusalReason;
import io.coursestream.schemas.points.UserLevelsRecalculated;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;

/**
 * The points ledger of one task (one partition of users): prices activities, guards against cheating, reverses
 * revoked achievements, re-prices history when a retroactive rule version takes effect, and re-evaluates levels on
 * {@link CalculateUserLevels}. See {@link PointsTopology} for the rules it applies; every change goes through a
 * {@link UserLedger}.
 */
final class PointsLedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Totals moved from {@link PointsStores#LEGACY_TOTALS} into the users' states per punctuation, and how often. */
    static final int LEGACY_TOTALS_BATCH = 10_000;
    static final Duration LEGACY_TOTALS_EVERY = Duration.ofMillis(100);

    private final PointsSettings settings;
    private ProcessorContext<String, SpecificRecord> context;
    private PointsStoresAccess stores;
    private KeyValueStore<String, PointsRuleSet> rules;
    private PointsRuleBook book;
    private int appliedRetroactive;
    private Cancellable movingLegacyTotals;

    PointsLedgerProcessor(PointsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.stores = PointsStoresAccess.of(context);
        stores.rebuildRanks();
        if (stores.hasLegacyTotals()) {
            // Totals an earlier version wrote: read where they are until moved, a batch per punctuation.
            movingLegacyTotals = context.schedule(LEGACY_TOTALS_EVERY, PunctuationType.WALL_CLOCK_TIME,
                    this::moveLegacyTotals);
        }
        this.rules = context.getStateStore(PointsStores.RULES);
        this.appliedRetroactive = Objects.requireNonNullElse(stores.applied().get(PointsStores.RETROACTIVE_APPLIED), 0);
        refreshRules();
        context.schedule(settings.rulesCheckEvery(), PunctuationType.WALL_CLOCK_TIME, this::checkRules);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event instanceof AchievementRevoked revoked) {
            reverse(revoked, record);
        } else if (event instanceof UserRegistered registered) {
            rememberTimezone(registered.getUserId(), registered.getLocaleSettings().getTimezone());
        } else if (event instanceof UserProfileUpdated updated && updated.getLocaleSettings() != null) {
            rememberTimezone(updated.getUserId(), updated.getLocaleSettings().getTimezone());
        } else if (event instanceof CalculateUserLevels command) {
            recalculateLevels(command, record);
        } else {
            Activity.of(event).ifPresent(activity -> award(activity, record));
        }
    }

    private void moveLegacyTotals(long wallClockMillis) {
        if (stores.moveLegacyTotals(LEGACY_TOTALS_BATCH)) {
            movingLegacyTotals.cancel();
        }
    }

    // ---- activities ---------------------------------------------------------------------------------------------

    private void award(Activity activity, Record<String, SpecificRecord> record) {
        String activityKey = PointsStores.activityKey(activity.userId(), activity.eventId());
        if (stores.activities().get(activityKey) != null) {
            return; // the same source event again: it counts once, and its entry already exists
        }
        UserLedger ledger = ledger(activity.userId(), record);
        PointsRuleSet version = book.versionFor(activity.at(), appliedRetroactive);
        String subjectKey = PointsStores.subjectKey(activity.userId(), activity.type().name(), activity.subjectId());
        PointsActivity previous = previousOnSubject(activity.userId(), subjectKey);
        List<Instant> recentAwards = recentAwards(ledger, activity.at());
        RefusalReason refusal = guard(activity, previous, recentAwards);
        PointsRuleBook.Price price = PointsRuleBook.price(version, activity.type(), activity.achievementType(), activity.at());
        if (refusal == null && !price.priced()) {
            refusal = RefusalReason.NO_RULE;
        }
        boolean awarded = refusal == null;
        LedgerEntry entry = ledger.append(LedgerEntry.newBuilder()
                .setEntryId(entryId(activity.eventId(), version.getRuleVersion()))
                .setKind(awarded ? LedgerEntryKind.AWARD : LedgerEntryKind.REFUSED)
                .setActivityType(activity.type())
                .setPoints(awarded ? price.points() : 0)
                .setReason(awarded ? price.description() : refusalReason(refusal, activity, price))
                .setRefusalReason(refusal)
                .setSourceEventId(activity.eventId()).setSourceEventType(activity.eventType())
                .setSubjectId(activity.subjectId())
                .setRuleVersion(version.getRuleVersion())
                .setBasePoints(awarded ? price.basePoints() : 0)
                .setMultiplierBasisPoints(awarded ? price.multiplierBasisPoints() : 10_000)
                .setActivityAt(activity.at())
                .setCorrelationId(activity.metadata().getCorrelationId()));
        boolean guardRefused = refusal != null && refusal != RefusalReason.NO_RULE;
        stores.activities().put(activityKey, PointsActivity.newBuilder()
                .setSourceEventId(activity.eventId()).setSourceEventType(activity.eventType())
                .setUserId(activity.userId()).setActivityType(activity.type()).setSubjectId(activity.subjectId())
                .setAchievementType(activity.achievementType()).setActivityAt(activity.at())
                .setCorrelationId(activity.metadata().getCorrelationId())
                .setPoints(entry.getPoints()).setRuleVersion(version.getRuleVersion()).setLastEntryId(entry.getEntryId())
                .setRefusal(refusal).setReversed(false)
                .build());
        if (!guardRefused) {
            stores.subjects().put(subjectKey, activity.eventId());
            if (awarded) {
                recentAwards.add(activity.at());
                ledger.awardedAt(activity.at());
            }
            if (activity.type() == ActivityType.COURSE_COMPLETED) {
                ledger.courseCompleted(entry);
            }
        }
        ledger.close();
    }

    /** The user's awards still inside the rate window at {@code at}: a copy the award may be added to. */
    private List<Instant> recentAwards(UserLedger ledger, Instant at) {
        long windowStart = at.toEpochMilli() - settings.awardWindow().toMillis();
        List<Instant> kept = new ArrayList<>();
        for (Instant award : ledger.state().getRecentAwards()) {
            if (award.toEpochMilli() > windowStart) {
                kept.add(award);
            }
        }
        ledger.state().setRecentAwards(kept);
        return kept;
    }

    /** The cheat guard: why the activity may not earn, or null when it may. */
    private RefusalReason guard(Activity activity, PointsActivity previous, List<Instant> recentAwards) {
        if (previous != null && activity.oncePerSubject()) {
            return RefusalReason.ALREADY_AWARDED;
        }
        long at = activity.at().toEpochMilli();
        if (previous != null && Math.abs(at - previous.getActivityAt().toEpochMilli()) < settings.minGap().toMillis()) {
            return RefusalReason.MIN_INTERVAL;
        }
        long inWindow = recentAwards.stream().filter(award -> award.toEpochMilli() <= at).count();
        return inWindow >= settings.maxAwards() ? RefusalReason.RATE_LIMITED : null;
    }

    private String refusalReason(RefusalReason refusal, Activity activity, PointsRuleBook.Price price) {
        return switch (refusal) {
            case RATE_LIMITED -> "refused: more than " + settings.maxAwards() + " awards within "
                    + settings.awardWindow().toSeconds() + " s";
            case MIN_INTERVAL -> "refused: " + activity.type() + " on " + activity.subjectId() + " again within "
                    + settings.minGap().toSeconds() + " s";
            case ALREADY_AWARDED -> "refused: " + activity.type() + " on " + activity.subjectId() + " earns points once";
            case NO_RULE -> "refused: " + price.description();
            default -> "refused";
        };
    }

    private PointsActivity previousOnSubject(String userId, String subjectKey) {
        String eventId = stores.subjects().get(subjectKey);
        return eventId == null ? null : stores.activities().get(PointsStores.activityKey(userId, eventId));
    }

    // ---- reversals ----------------------------------------------------------------------------------------------

    private void reverse(AchievementRevoked revoked, Record<String, SpecificRecord> record) {
        String subjectKey = PointsStores.subjectKey(revoked.getUserId(), ActivityType.ACHIEVEMENT_UNLOCKED.name(),
                revoked.getAchievementId());
        PointsActivity awarded = previousOnSubject(revoked.getUserId(), subjectKey);
        if (awarded == null || awarded.getReversed() || awarded.getPoints() == 0) {
            return; // nothing was given for it (or it was already taken back): nothing to reverse
        }
        UserLedger ledger = ledger(revoked.getUserId(), record);
        EventMetadata metadata = revoked.getMetadata();
        String revocationId = metadata.getEventId().toString();
        LedgerEntry entry = ledger.append(LedgerEntry.newBuilder()
                .setEntryId(entryId(revocationId, awarded.getRuleVersion()))
                .setKind(LedgerEntryKind.REVERSAL)
                .setActivityType(awarded.getActivityType())
                .setPoints(-awarded.getPoints())
                .setReason("achievement " + revoked.getAchievementId() + " revoked: " + revoked.getReason())
                .setSourceEventId(revocationId).setSourceEventType(revoked.getSchema().getName())
                .setSubjectId(revoked.getAchievementId())
                .setRuleVersion(awarded.getRuleVersion())
                .setBasePoints(0).setMultiplierBasisPoints(10_000)
                .setRelatedEntryId(awarded.getLastEntryId())
                .setActivityAt(metadata.getOccurredAt())
                .setCorrelationId(metadata.getCorrelationId()));
        stores.activities().put(PointsStores.activityKey(revoked.getUserId(), awarded.getSourceEventId()),
                PointsActivity.newBuilder(awarded).setPoints(0).setReversed(true).setLastEntryId(entry.getEntryId()).build());
        ledger.close();
    }

    // ---- retroactive rule versions ------------------------------------------------------------------------------

    private void checkRules(long wallClockMillis) {
        refreshRules();
        book.retroactiveToApply(appliedRetroactive, Instant.ofEpochMilli(wallClockMillis))
                .ifPresent(version -> applyRetroactive(version, wallClockMillis));
    }

    private void refreshRules() {
        List<PointsRuleSet> published = new ArrayList<>();
        try (KeyValueIterator<String, PointsRuleSet> all = rules.all()) {
            all.forEachRemaining(entry -> published.add(entry.value));
        }
        book = PointsRuleBook.of(published);
    }

    /** Re-prices every activity of this task's users under {@code version}, with a compensating entry for each change. */
    private void applyRetroactive(PointsRuleSet version, long wallClockMillis) {
        List<KeyValue<String, PointsActivity>> changed = new ArrayList<>();
        try (KeyValueIterator<String, PointsActivity> all = stores.activities().all()) {
            all.forEachRemaining(entry -> {
                PointsActivity activity = entry.value;
                boolean repriceable = !activity.getReversed()
                        && (activity.getRefusal() == null || activity.getRefusal() == RefusalReason.NO_RULE);
                if (repriceable && reprice(version, activity).points() != activity.getPoints()) {
                    changed.add(entry);
                }
            });
        }
        Record<String, SpecificRecord> clock = new Record<>(null, null, wallClockMillis);
        UserLedger ledger = null;
        for (KeyValue<String, PointsActivity> entry : changed) {
            PointsActivity activity = entry.value;
            if (ledger == null || !ledger.userId().equals(activity.getUserId())) {
                if (ledger != null) {
                    ledger.close();
                }
                ledger = ledger(activity.getUserId(), clock);
            }
            stores.activities().put(entry.key, compensate(ledger, version, activity));
        }
        if (ledger != null) {
            ledger.close();
        }
        appliedRetroactive = version.getRuleVersion();
        stores.applied().put(PointsStores.RETROACTIVE_APPLIED, appliedRetroactive);
    }

    private PointsActivity compensate(UserLedger ledger, PointsRuleSet version, PointsActivity activity) {
        PointsRuleBook.Price price = reprice(version, activity);
        long difference = price.points() - activity.getPoints();
        LedgerEntry entry = ledger.append(LedgerEntry.newBuilder()
                .setEntryId(entryId(activity.getSourceEventId(), version.getRuleVersion()))
                .setKind(LedgerEntryKind.COMPENSATION)
                .setActivityType(activity.getActivityType())
                .setPoints(difference)
                .setReason("retroactive version " + version.getRuleVersion() + ": " + price.description() + ", was "
                        + activity.getPoints() + " points under version " + activity.getRuleVersion())
                .setSourceEventId(activity.getSourceEventId()).setSourceEventType(activity.getSourceEventType())
                .setSubjectId(activity.getSubjectId())
                .setRuleVersion(version.getRuleVersion())
                .setBasePoints(price.basePoints()).setMultiplierBasisPoints(price.multiplierBasisPoints())
                .setRelatedEntryId(activity.getLastEntryId())
                .setActivityAt(activity.getActivityAt())
                .setCorrelationId(activity.getCorrelationId()));
        return PointsActivity.newBuilder(activity).setPoints(price.points()).setRuleVersion(version.getRuleVersion())
                .setLastEntryId(entry.getEntryId()).setRefusal(null).build();
    }

    private static PointsRuleBook.Price reprice(PointsRuleSet version, PointsActivity activity) {
        PointsRuleBook.Price price = PointsRuleBook.price(version, activity.getActivityType(),
                activity.getAchievementType(), activity.getActivityAt());
        return price.priced() ? price : new PointsRuleBook.Price(price.rule(), 0, 10_000, 0, price.description());
    }

    // ---- levels -------------------------------------------------------------------------------------------------

    private void recalculateLevels(CalculateUserLevels command, Record<String, SpecificRecord> record) {
        LevelCurve curve = settings.levels();
        String refusal = command.getLevelCurveVersion() == null || command.getLevelCurveVersion() == curve.version()
                ? null : "this processor runs level curve version " + curve.version() + ", not "
                        + command.getLevelCurveVersion();
        long evaluated = 0;
        long up = 0;
        long down = 0;
        if (refusal == null) {
            List<PointsTotal> users = new ArrayList<>();
            try (KeyValueIterator<String, PointsUserState> all = stores.users().all()) {
                all.forEachRemaining(entry -> {
                    PointsTotal total = stores.total(entry.key, entry.value);
                    if (total != null) {
                        users.add(total);
                    }
                });
            }
            for (PointsTotal user : users) {
                evaluated++;
                int level = curve.levelFor(user.getTotalPoints());
                if (level != user.getLevel()) {
                    ledger(user.getUserId(), record).moveLevel(command.getCommandId(), command.getDryRun());
                    if (level > user.getLevel()) {
                        up++;
                    } else {
                        down++;
                    }
                }
            }
        }
        int partition = context.recordMetadata().map(metadata -> metadata.partition()).orElse(-1);
        context.forward(record.withKey(command.getCommandId()).withValue(UserLevelsRecalculated.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.nameUUIDFromBytes(("levels-recalculated:" + command.getCommandId()
                                + ":" + partition).getBytes(StandardCharsets.UTF_8)))
                        .setOccurredAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                        .setCorrelationId(command.getCommandId())
                        .setCausationId(command.getMetadata().getEventId().toString())
                        .setProducer(UserLedger.PRODUCER)
                        .build())
                .setCommandId(command.getCommandId()).setPartition(partition).setPartitions(Topics.PARTITIONS)
                .setLevelCurveVersion(curve.version()).setDryRun(command.getDryRun())
                .setUsersEvaluated(evaluated).setMovedUp(up).setMovedDown(down).setRefusal(refusal)
                .build()));
    }

    // ---- user state ---------------------------------------------------------------------------------------------

    private void rememberTimezone(String userId, String timezone) {
        UserLedger ledger = ledger(userId, null);
        ledger.state().setTimezone(timezone);
        ledger.close();
    }

    private UserLedger ledger(String userId, Record<String, SpecificRecord> cause) {
        long timestamp = cause != null ? cause.timestamp() : context.currentSystemTimeMs();
        return new UserLedger(userId, stores, settings.levels(),
                value -> context.forward(new Record<>(userId, value, timestamp)),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
    }

    /** Deterministic: one source event gives at most one entry per rule version, whatever is replayed. */
    static String entryId(String sourceEventId, int ruleVersion) {
        return sourceEventId + ":" + ruleVersion;
    }
}
