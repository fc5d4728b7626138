package io.coursestream.processor.points;

import java.time.Instant;

import io.coursestream.schemas.points.PointsTotal;

/**
 * One user's points as {@code /api/users/{id}/points} answers them: the totals store's {@link PointsTotal}, the way to
 * the next level, and the rank among all users (1 + the number of users with a strictly higher total, so ties share a
 * rank). {@code nextLevelThreshold} and {@code pointsToNextLevel} are null at the highest level.
 */
public record PointsView(String userId, long totalPoints, int level, Integer levelCurveVersion,
        long currentLevelThreshold, Long nextLevelThreshold, Long pointsToNextLevel, long rank, int ruleVersion,
        Instant updatedAt) {

    static PointsView of(PointsTotal total, long usersAbove) {
        Long next = total.getNextLevelThreshold();
        return new PointsView(total.getUserId(), total.getTotalPoints(), total.getLevel(),
                total.getLevelCurveVersion(), total.getCurrentLevelThreshold(), next,
                next == null ? null : Math.max(0, next - total.getTotalPoints()), usersAbove + 1,
                total.getRuleVersion(), total.getUpdatedAt());
    }
}
