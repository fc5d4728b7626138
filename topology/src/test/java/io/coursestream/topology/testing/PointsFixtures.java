package io.coursestream.topology.testing;

import java.time.Instant;
import java.util.List;

import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.PointsMultiplier;
import io.coursestream.schemas.points.PointsRule;
import io.coursestream.schemas.points.PointsRuleSet;

/** Points rule versions for tests, built field by field as an operator would publish them. */
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
}
