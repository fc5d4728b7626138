package io.coursestream.topology.points;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.topology.streams.SortableKeys;

/**
 * The points topology's state stores and how their keys are made: the contract the topology writes and the
 * interactive queries read. Every store but {@link #RULES} is partitioned like {@code learning.learning-events}
 * (by user id), so one user's ledger, totals and state live in one task.
 *
 * <p>Composite keys join their parts with {@link #SEPARATOR} (NUL, which sorts before every other character and
 * no id carries), so a user's keys are one contiguous range and one user's prefix never matches another user's.
 * Numbers in keys are zero-padded to a fixed width, so the byte order of the keys is the numeric order.
 */
public final class PointsStores {

    /** Global store over {@code points.rules}: rule version (decimal string) to {@code PointsRuleSet}. */
    public static final String RULES = "points-rules-store";
    /**
     * User id to {@code PointsTotal}, as written before the totals moved into {@link #USERS}: read for a user whose
     * state has no total yet, and emptied into {@link #USERS} when a task starts ({@code PointsLedgerProcessor}).
     * Still registered so that what an earlier version wrote restores; nothing new is written to it.
     */
    public static final String LEGACY_TOTALS = "points-totals-store";
    /** {@link #ledgerKey} to {@code LedgerEntry}: each user's ledger in order, for paging. */
    public static final String LEDGER = "points-ledger-store";
    /** {@link #activityKey} to {@code PointsActivity}: every activity event seen, as last priced. */
    public static final String ACTIVITIES = "points-activity-store";
    /** {@link #subjectKey} to the source event id of the latest activity of that type on that subject. */
    public static final String SUBJECTS = "points-subject-store";
    /**
     * User id to {@code PointsUserState}: the user's total (the record last written to {@code points.totals}),
     * cheat-guard window, time zone, milestones, ledger size. One record, so an event writes the user once.
     */
    public static final String USERS = "points-user-store";
    /**
     * {@link #rankKey} to user id: this task's users, highest total first. An index of the totals without a
     * changelog, rebuilt from them when the task starts.
     */
    public static final String RANKING = "points-ranking-store";
    /**
     * {@link #scoreKey} to the number of this task's users ({@code Long}) who have exactly that total. An index of
     * the totals as {@link #RANKING} is.
     */
    public static final String SCORES = "points-score-count-store";
    /** {@link #RETROACTIVE_APPLIED} to the highest retroactive rule version this task has applied ({@code Integer}). */
    public static final String APPLIED = "points-applied-rules-store";

    public static final String RETROACTIVE_APPLIED = "retroactive";
    public static final char SEPARATOR = '\u0000';

    /** Totals are shifted by this so the highest total has the smallest non-negative score key. */
    private static final long SCORE_ORIGIN = Long.MAX_VALUE / 2;

    private PointsStores() {
    }

    /**
     * A user's totals record: the one in the user's {@code state} ({@link #USERS}), else the one an earlier version
     * wrote to {@link #LEGACY_TOTALS}; null when the user has none.
     */
    public static PointsTotal userTotal(String userId, PointsUserState state,
            ReadOnlyKeyValueStore<String, PointsTotal> legacyTotals) {
        return state != null && state.getTotal() != null ? state.getTotal() : legacyTotals.get(userId);
    }

    /** The key of a user's {@code sequence}-th ledger entry (from 0). */
    public static String ledgerKey(String userId, long sequence) {
        return userPrefix(userId) + SortableKeys.digits(sequence);
    }

    /** The prefix of every key of one user in {@link #LEDGER} and {@link #ACTIVITIES}. */
    public static String userPrefix(String userId) {
        return userId + SEPARATOR;
    }

    public static String activityKey(String userId, String sourceEventId) {
        return userPrefix(userId) + sourceEventId;
    }

    public static String subjectKey(String userId, String activityType, String subjectId) {
        return userPrefix(userId) + activityType + SEPARATOR + subjectId;
    }

    /** Ascending score keys are descending totals: the store's first key is the highest total. */
    public static String scoreKey(long totalPoints) {
        return SortableKeys.digits(SCORE_ORIGIN - totalPoints);
    }

    /** The total a {@link #scoreKey} (or the score part of a {@link #rankKey}) stands for. */
    public static long totalOf(String scoreOrRankKey) {
        return SCORE_ORIGIN - Long.parseLong(scoreOrRankKey.substring(0, SortableKeys.WIDTH));
    }

    /** Users in {@link #RANKING}: by total descending, then by user id. */
    public static String rankKey(long totalPoints, String userId) {
        return scoreKey(totalPoints) + SEPARATOR + userId;
    }
}
