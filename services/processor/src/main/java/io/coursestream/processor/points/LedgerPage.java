package io.coursestream.processor.points;

import java.time.Instant;
import java.util.List;

import io.coursestream.schemas.points.LedgerEntry;

/** One page of a user's ledger as {@code /api/users/{id}/ledger} answers it, newest entry first. */
public record LedgerPage(String userId, int page, int size, long totalEntries, List<Entry> entries) {

    /** A ledger entry ({@link LedgerEntry}) in plain JSON: enums as their names, times as ISO-8601 instants. */
    public record Entry(String entryId, String kind, String activityType, long points, long balanceAfter,
            String reason, String refusalReason, String sourceEventId, String sourceEventType, String subjectId,
            int ruleVersion, long basePoints, int multiplierBasisPoints, String relatedEntryId, Instant activityAt,
            Instant recordedAt) {

        static Entry of(LedgerEntry entry) {
            return new Entry(entry.getEntryId(), entry.getKind().name(), entry.getActivityType().name(),
                    entry.getPoints(), entry.getBalanceAfter(), entry.getReason(),
                    entry.getRefusalReason() == null ? null : entry.getRefusalReason().name(),
                    entry.getSourceEventId(), entry.getSourceEventType(), entry.getSubjectId(),
                    entry.getRuleVersion(), entry.getBasePoints(), entry.getMultiplierBasisPoints(),
                    entry.getRelatedEntryId(), entry.getActivityAt(), entry.getRecordedAt());
        }
    }
}
