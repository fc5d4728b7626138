package io.coursestream.topology.points;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.PointsMultiplier;
import io.coursestream.schemas.points.PointsRule;
import io.coursestream.schemas.points.PointsRuleSet;

/**
 * The points rules as data: every published {@link PointsRuleSet} version, which one prices an activity, and what
 * it is worth. Pure: the topology builds one from {@code points-rules-store} and asks it.
 *
 * <p>Which version prices an activity: the highest that is effective at the activity's event time
 * ({@code effectiveFrom <= activityAt}) or is retroactive and already applied to the history (so the whole
 * history, old activity arriving late included, is priced the same way). Version 1 is the shipped
 * {@link #DEFAULTS} unless {@code points.rules} holds its own version 1.
 *
 * <p>Effective points: the rule's points times its own multiplier times every scheduled multiplier active at the
 * activity's event time, rounded half away from zero to whole points.
 */
public final class PointsRuleBook {

    private static final int ONE = 10_000;

    /** Version 1, in force from the epoch until an operator publishes another. */
    public static final PointsRuleSet DEFAULTS = PointsRuleSet.newBuilder()
            .setRuleVersion(1)
            .setRetroactive(false)
            .setEffectiveFrom(Instant.EPOCH)
            .setRules(List.of(
                    rule(ActivityType.EPISODE_COMPLETED, 10, "Episode completed"),
                    rule(ActivityType.COURSE_COMPLETED, 100, "Course completed"),
                    rule(ActivityType.ACHIEVEMENT_UNLOCKED, 50, "Achievement unlocked"),
                    rule(ActivityType.REFERRAL_COMPLETED, 200, "Referred a new user"),
                    rule(ActivityType.COURSE_ENROLLED, 5, "Enrolled in a course")))
            .setMultipliers(List.of())
            .setDescription("Shipped defaults")
            .setCreatedBy("shipped-defaults")
            .build();

    private final NavigableMap<Integer, PointsRuleSet> versions;

    private PointsRuleBook(NavigableMap<Integer, PointsRuleSet> versions) {
        this.versions = versions;
    }

    /** The shipped defaults overlaid with the published versions; versions with {@link #violations} are left out. */
    public static PointsRuleBook of(Collection<PointsRuleSet> published) {
        NavigableMap<Integer, PointsRuleSet> versions = new TreeMap<>();
        versions.put(DEFAULTS.getRuleVersion(), DEFAULTS);
        published.stream().filter(set -> violations(set).isEmpty()).forEach(set -> versions.put(set.getRuleVersion(), set));
        return new PointsRuleBook(versions);
    }

    /** What is wrong with a rule set, one sentence each; empty when it may be published and applied. */
    public static List<String> violations(PointsRuleSet set) {
        List<String> violations = new ArrayList<>();
        if (set.getRuleVersion() < 1) {
            violations.add("ruleVersion must be 1 or higher, got " + set.getRuleVersion());
        }
        Set<String> matchers = new HashSet<>();
        for (PointsRule rule : set.getRules()) {
            String what = rule.getActivityType() + (rule.getAchievementType() == null ? "" : "/" + rule.getAchievementType());
            if (rule.getActivityType() == ActivityType.UNKNOWN || rule.getActivityType() == ActivityType.ADJUSTMENT) {
                violations.add("a rule cannot price " + rule.getActivityType());
            }
            if (rule.getAchievementType() != null && rule.getActivityType() != ActivityType.ACHIEVEMENT_UNLOCKED) {
                violations.add("achievementType is only for ACHIEVEMENT_UNLOCKED rules, not " + rule.getActivityType());
            }
            if (rule.getPoints() < 0) {
                violations.add("points of " + what + " must not be negative, got " + rule.getPoints());
            }
            if (rule.getMultiplierBasisPoints() != null && rule.getMultiplierBasisPoints() <= 0) {
                violations.add("multiplierBasisPoints of " + what + " must be positive, got " + rule.getMultiplierBasisPoints());
            }
            if (!matchers.add(what)) {
                violations.add("more than one rule for " + what);
            }
        }
        Set<String> ids = new HashSet<>();
        for (PointsMultiplier multiplier : set.getMultipliers()) {
            if (multiplier.getMultiplierId().isBlank() || !ids.add(multiplier.getMultiplierId())) {
                violations.add("multiplier ids must be set and unique, got '" + multiplier.getMultiplierId() + "'");
            }
            if (multiplier.getMultiplierBasisPoints() <= 0) {
                violations.add("multiplier " + multiplier.getMultiplierId() + " must be positive, got "
                        + multiplier.getMultiplierBasisPoints());
            }
            if (!multiplier.getStartsAt().isBefore(multiplier.getEndsAt())) {
                violations.add("multiplier " + multiplier.getMultiplierId() + " must start before it ends");
            }
        }
        return violations;
    }

    /** The version that prices an activity at {@code activityAt}, given the retroactive version applied so far. */
    public PointsRuleSet versionFor(Instant activityAt, int appliedRetroactive) {
        for (PointsRuleSet set : versions.descendingMap().values()) {
            boolean effective = !set.getEffectiveFrom().isAfter(activityAt);
            boolean appliedToHistory = set.getRetroactive() && set.getRuleVersion() <= appliedRetroactive;
            if (effective || appliedToHistory) {
                return set;
            }
        }
        return versions.firstEntry().getValue();
    }

    /** The highest retroactive version above {@code applied} that has taken effect by {@code now}, to apply next. */
    public Optional<PointsRuleSet> retroactiveToApply(int applied, Instant now) {
        return versions.tailMap(applied, false).descendingMap().values().stream()
                .filter(set -> set.getRetroactive() && !set.getEffectiveFrom().isAfter(now))
                .findFirst();
    }

    /** The points {@code set} gives an activity; {@link Price#rule()} is empty when no rule prices it. */
    public static Price price(PointsRuleSet set, ActivityType activity, String achievementType, Instant activityAt) {
        Optional<PointsRule> rule = ruleFor(set, activity, achievementType);
        if (rule.isEmpty()) {
            return new Price(Optional.empty(), 0, ONE, 0, "no rule for " + activity + " in version " + set.getRuleVersion());
        }
        BigDecimal factor = basisPoints(rule.get().getMultiplierBasisPoints() == null ? ONE
                : rule.get().getMultiplierBasisPoints());
        List<String> applied = new ArrayList<>();
        for (PointsMultiplier multiplier : set.getMultipliers()) {
            if (appliesTo(multiplier, activity, activityAt)) {
                factor = factor.multiply(basisPoints(multiplier.getMultiplierBasisPoints()));
                applied.add(multiplier.getDescription());
            }
        }
        long base = rule.get().getPoints();
        long points = BigDecimal.valueOf(base).multiply(factor).setScale(0, RoundingMode.HALF_UP).longValueExact();
        int multiplierBasisPoints = factor.multiply(BigDecimal.valueOf(ONE)).setScale(0, RoundingMode.HALF_UP).intValueExact();
        String description = Optional.ofNullable(rule.get().getDescription()).orElse(activity.name())
                + " (version " + set.getRuleVersion() + ": " + base + " points"
                + (multiplierBasisPoints == ONE ? "" : " x" + factor.stripTrailingZeros().toPlainString())
                + (applied.isEmpty() ? "" : ", " + String.join(", ", applied)) + ")";
        return new Price(rule, base, multiplierBasisPoints, points, description);
    }

    public Map<Integer, PointsRuleSet> versions() {
        return versions;
    }

    private static Optional<PointsRule> ruleFor(PointsRuleSet set, ActivityType activity, String achievementType) {
        Optional<PointsRule> specific = achievementType == null ? Optional.empty() : set.getRules().stream()
                .filter(rule -> rule.getActivityType() == activity && achievementType.equals(rule.getAchievementType()))
                .findFirst();
        return specific.or(() -> set.getRules().stream()
                .filter(rule -> rule.getActivityType() == activity && rule.getAchievementType() == null)
                .findFirst());
    }

    private static boolean appliesTo(PointsMultiplier multiplier, ActivityType activity, Instant at) {
        boolean active = !at.isBefore(multiplier.getStartsAt()) && at.isBefore(multiplier.getEndsAt());
        boolean covers = multiplier.getActivityTypes().isEmpty() ? activity != ActivityType.ADJUSTMENT
                : multiplier.getActivityTypes().contains(activity);
        return active && covers;
    }

    private static BigDecimal basisPoints(int basisPoints) {
        return BigDecimal.valueOf(basisPoints).movePointLeft(4);
    }

    private static PointsRule rule(ActivityType activity, long points, String description) {
        return PointsRule.newBuilder().setActivityType(activity).setPoints(points).setDescription(description).build();
    }

    /**
     * What an activity is worth under one version.
     *
     * @param rule                  the rule that matched; empty when none did
     * @param basePoints            the rule's points before multipliers
     * @param multiplierBasisPoints every multiplier together (10000 = x1)
     * @param points                the effective points
     * @param description           for the ledger's reason
     */
    public record Price(Optional<PointsRule> rule, long basePoints, int multiplierBasisPoints, long points,
            String description) {

        /** A rule matched and gives more than 0 points (a rule of 0 switches the activity off). */
        public boolean priced() {
            return rule.isPresent() && points > 0;
        }
    }
}
