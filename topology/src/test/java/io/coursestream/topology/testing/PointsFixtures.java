package io.coursestream.topology.testing;

import java.time.Instant;
import java.util.List;

import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.PointsMultiplier;
import io.coursestream.schemas.points.PointsRule;
import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.topology.points.LevelCurve;

/**
 * Points rule versions for tests, built field by field as an operator would publish them, and totals as the points
 * topology writes them.
 */
public final class PointsFixtures {

    private PointsFixtures() {
    }

    public static PointsRuleSet ruleSet(int version, boolean retroactive, Instant effectiveFrom, List<PointsRule> rules,
            List<PointsMultiplier> multipliers) {
        return PointsRuleSet.newBuilder().setRuleVersion(version).setRetroactive(retroactive)
                .setEffectiveFrom(effectiveFrom).setRules(rules).setMultipliers(multipliers)
                .setDescription("version " + version).setCreatedBy("test").build();
    }

    public static PointsRule rule(ActivityType activity, String achievementType, long points, Integer multiplier) {
        return PointsRule.newBuilder().setActivityType(activity).setAchievementType(achievementType).setPoints(points)
                .setMultiplierBasisPoints(multiplier).setDescription(null).build();
    }

    public static PointsMultiplier multiplier(String id, int basisPoints, Instant startsAt, Instant endsAt) {
        return PointsMultiplier.newBuilder().setMultiplierId(id).setDescription("Double points " + id)
                .setMultiplierBasisPoints(basisPoints).setStartsAt(startsAt).setEndsAt(endsAt).setActivityTypes(List.of())
                .build();
    }

    /** A total of one entry under rule version 1, at the level the shipped curve (version 1) gives it. */
    public static PointsTotal total(String userId, long points, Instant updatedAt) {
        int level = LevelCurve.DEFAULT.levelFor(points);
        return PointsTotal.newBuilder().setUserId(userId).setTotalPoints(points).setLevel(level)
                .setCurrentLevelThreshold(LevelCurve.DEFAULT.thresholdOf(level))
                .setNextLevelThreshold(LevelCurve.DEFAULT.nextThreshold(level)).setRuleVersion(1)
                .setLevelCurveVersion(1).setEntryCount(1).setLastEntryId("earlier:1").setUpdatedAt(updatedAt)
                .build();
    }
}
