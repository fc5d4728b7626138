package io.coursestream.topology.points;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.points.AchievementEarned;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.LedgerEntryKind;
import io.coursestream.schemas.points.LevelChangeDirection;
import io.coursestream.schemas.points.Milestone;
import io.coursestream.schemas.points.PointsAwarded;
import io.coursestream.schemas.points.PointsReversed;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.points.UserLevelChanged;
import io.coursestream.schemas.topics.Component;

/**
 * One user's ledger while one input is applied: entries are appended one by one (each written to the ledger store
 * and sent on {@code points.ledger}, with its {@code PointsAwarded} or {@code PointsReversed}), then {@link #close}
 * writes the user's state with the new total, moves the user in the ranking, and announces a level change and new
 * milestones.
 */
final class UserLedger {

    static final String PRODUCER = Component.STREAM_PROCESSOR.displayName();
    private static final int TEN_COURSES = 10;
    private static final long ONE_THOUSAND_POINTS = 1_000;
    private static final int STREAK_DAYS = 7;

    private final String userId;
    private final PointsStoresAccess stores;
    private final LevelCurve levels;
    private final Consumer<SpecificRecord> out;
    private final Instant now;
    private final PointsTotal before;
    private final PointsUserState.Builder state;
    private final Map<String, Long> pointsByActivity;
    private long total;
    private long entryCount;
    private LedgerEntry last;

    UserLedger(String userId, PointsStoresAccess stores, LevelCurve levels, Consumer<SpecificRecord> out, Instant now) {
        this.userId = userId;
        this.stores = stores;
        this.levels = levels;
        this.out = out;
        this.now = now;
        PointsUserState stored = stores.users().get(userId);
        this.before = stores.total(userId, stored);
        this.state = PointsUserState.newBuilder(stored != null ? stored : PointsUserState.newBuilder().build());
        this.pointsByActivity = new HashMap<>(before == null ? Map.of() : before.getPointsByActivity());
        this.total = before == null ? 0 : before.getTotalPoints();
        this.entryCount = before == null ? 0 : before.getEntryCount();
    }

    String userId() {
        return userId;
    }

    long total() {
        return total;
    }

    PointsUserState.Builder state() {
        return state;
    }

    /** Appends an entry; its user, balance and recording time are set here. */
    LedgerEntry append(LedgerEntry.Builder entry) {
        total += entry.getPoints();
        LedgerEntry written = entry.setUserId(userId).setBalanceAfter(total).setRecordedAt(now).build();
        stores.ledger().put(PointsStores.ledgerKey(userId, state.getLedgerEntries()), written);
        state.setLedgerEntries(state.getLedgerEntries() + 1);
        out.accept(written);
        if (written.getKind() != LedgerEntryKind.REFUSED) {
            entryCount++;
            last = written;
            pointsByActivity.merge(written.getActivityType().name(), written.getPoints(), Long::sum);
        }
        if (written.getPoints() > 0) {
            out.accept(awarded(written));
        } else if (written.getPoints() < 0) {
            out.accept(reversed(written));
        }
        return written;
    }

    /** Counts an award for the streak, in the user's local days. */
    void awardedAt(Instant at) {
        int day = (int) at.atZone(zone()).toLocalDate().toEpochDay();
        Integer streakDay = state.getStreakDay();
        if (streakDay == null || day > streakDay + 1) {
            state.setStreakDays(1);
        } else if (day == streakDay + 1) {
            state.setStreakDays(state.getStreakDays() + 1);
        }
        if (streakDay == null || day > streakDay) {
            state.setStreakDay(day);
        }
    }

    /** Writes what changed (the total within the user's state) and announces the consequences. */
    void close() {
        if (last != null) {
            writeTotal();
        }
        stores.users().put(userId, state.build());
    }

    /** Re-evaluates the level alone (a level-curve run); true when the user moved or would move. */
    boolean moveLevel(String commandId, boolean dryRun) {
        int level = levels.levelFor(total);
        if (before == null || level == before.getLevel()) {
            return false;
        }
        if (!dryRun) {
            PointsTotal moved = totalRecord(before.getLastEntryId(), before.getRuleVersion(), level);
            stores.users().put(userId, state.setTotal(moved).build());
            out.accept(moved);
            out.accept(levelChanged(before.getLevel(), level, null, commandId));
        }
        return true;
    }

    private void writeTotal() {
        int level = levels.levelFor(total);
        PointsTotal record = totalRecord(last.getEntryId(), last.getRuleVersion(), level);
        state.setTotal(record);
        stores.rank(userId, before == null ? null : before.getTotalPoints(), total);
        out.accept(record);
        int previousLevel = before == null ? 1 : before.getLevel();
        if (level != previousLevel) {
            out.accept(levelChanged(previousLevel, level, last.getEntryId(), null));
        }
        if (total >= ONE_THOUSAND_POINTS) {
            earn(Milestone.ONE_THOUSAND_POINTS, total, last);
        }
        if (state.getStreakDays() >= STREAK_DAYS) {
            earn(Milestone.SEVEN_DAY_STREAK, state.getStreakDays(), last);
        }
    }

    /** A first completion of a course: counts it and earns the course milestones. */
    void courseCompleted(LedgerEntry entry) {
        state.setCompletedCourses(state.getCompletedCourses() + 1);
        earn(Milestone.FIRST_COURSE_COMPLETED, state.getCompletedCourses(), entry);
        if (state.getCompletedCourses() >= TEN_COURSES) {
            earn(Milestone.TEN_COURSES_COMPLETED, state.getCompletedCourses(), entry);
        }
    }

    private void earn(Milestone milestone, long value, LedgerEntry entry) {
        if (state.getMilestones().contains(milestone)) {
            return;
        }
        List<Milestone> milestones = new ArrayList<>(state.getMilestones());
        milestones.add(milestone);
        state.setMilestones(milestones);
        String achievementId = userId + ":" + milestone;
        out.accept(AchievementEarned.newBuilder()
                .setMetadata(metadata("achievement-earned:" + achievementId, entry.getActivityAt(), entry))
                .setUserId(userId).setAchievementId(achievementId).setMilestone(milestone).setValue(value)
                .setEarnedAt(entry.getActivityAt()).setTriggeringEntryId(entry.getEntryId())
                .build());
    }

    private PointsTotal totalRecord(String lastEntryId, int ruleVersion, int level) {
        return PointsTotal.newBuilder()
                .setUserId(userId).setTotalPoints(total).setLevel(level)
                .setCurrentLevelThreshold(levels.thresholdOf(level)).setNextLevelThreshold(levels.nextThreshold(level))
                .setRuleVersion(ruleVersion).setLevelCurveVersion(levels.version()).setEntryCount(entryCount)
                .setLastEntryId(lastEntryId).setPointsByActivity(pointsByActivity).setUpdatedAt(now)
                .build();
    }

    private UserLevelChanged levelChanged(int previousLevel, int level, String causedByEntryId, String commandId) {
        String cause = causedByEntryId != null ? causedByEntryId : commandId;
        return UserLevelChanged.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(eventId("level-changed:" + userId + ":" + cause))
                        .setOccurredAt(last != null ? last.getActivityAt() : now)
                        .setCorrelationId(last != null && last.getCorrelationId() != null ? last.getCorrelationId() : cause)
                        .setCausationId(cause).setProducer(PRODUCER).build())
                .setUserId(userId).setPreviousLevel(previousLevel).setNewLevel(level)
                .setDirection(level > previousLevel ? LevelChangeDirection.UP : LevelChangeDirection.DOWN)
                .setTotalPoints(total).setLevelCurveVersion(levels.version())
                .setCausedByEntryId(causedByEntryId).setCommandId(commandId)
                .build();
    }

    private static PointsAwarded awarded(LedgerEntry entry) {
        return PointsAwarded.newBuilder()
                .setMetadata(metadata("points-awarded:" + entry.getEntryId(), entry.getActivityAt(), entry))
                .setEntryId(entry.getEntryId()).setUserId(entry.getUserId()).setKind(entry.getKind())
                .setActivityType(entry.getActivityType()).setPoints(entry.getPoints())
                .setBalanceAfter(entry.getBalanceAfter()).setReason(entry.getReason())
                .setSourceEventId(entry.getSourceEventId()).setSubjectId(entry.getSubjectId())
                .setRuleVersion(entry.getRuleVersion()).setMultiplierBasisPoints(entry.getMultiplierBasisPoints())
                .build();
    }

    private static PointsReversed reversed(LedgerEntry entry) {
        return PointsReversed.newBuilder()
                .setMetadata(metadata("points-reversed:" + entry.getEntryId(), entry.getActivityAt(), entry))
                .setEntryId(entry.getEntryId()).setUserId(entry.getUserId()).setKind(entry.getKind())
                .setActivityType(entry.getActivityType()).setPoints(entry.getPoints())
                .setBalanceAfter(entry.getBalanceAfter()).setReason(entry.getReason())
                .setSourceEventId(entry.getSourceEventId()).setRelatedEntryId(entry.getRelatedEntryId())
                .setRuleVersion(entry.getRuleVersion())
                .build();
    }

    private static EventMetadata metadata(String name, Instant occurredAt, LedgerEntry entry) {
        return EventMetadata.newBuilder()
                .setEventId(eventId(name))
                .setOccurredAt(occurredAt)
                .setCorrelationId(entry.getCorrelationId() != null ? entry.getCorrelationId() : entry.getSourceEventId())
                .setCausationId(entry.getSourceEventId())
                .setProducer(PRODUCER)
                .build();
    }

    /** Deterministic, so a re-run of the same input gives the same event ids. */
    private static UUID eventId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private ZoneId zone() {
        try {
            return state.getTimezone() == null ? ZoneOffset.UTC : ZoneId.of(state.getTimezone());
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
