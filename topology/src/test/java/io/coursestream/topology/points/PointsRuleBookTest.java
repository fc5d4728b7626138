// Tier: unit.
package io.coursestream.topology.points;

import static io.coursestream.topology.testing.PointsFixtures.multiplier;
import static io.coursestream.topology.testing.PointsFixtures.rule;
import static io.coursestream.topology.testing.PointsFixtures.ruleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.PointsRuleSet;

class PointsRuleBookTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void shouldAcceptTheShippedDefaults() {
        assertThat(PointsRuleBook.violations(PointsRuleBook.DEFAULTS)).isEmpty();
        assertThat(PointsRuleBook.DEFAULTS.getRuleVersion()).isEqualTo(1);
    }

    @Test
    void shouldNameEveryProblemOfARuleSet() {
        // Given
        PointsRuleSet broken = ruleSet(0, false, T0, List.of(
                rule(ActivityType.EPISODE_COMPLETED, null, -1, null),
                rule(ActivityType.EPISODE_COMPLETED, null, 5, 0),
                rule(ActivityType.COURSE_COMPLETED, "quiz", 5, null),
                rule(ActivityType.ADJUSTMENT, null, 5, null)),
                List.of(multiplier("m", 0, T0, T0), multiplier("m", 20_000, T0, T0.plusSeconds(1))));

        // When
        List<String> violations = PointsRuleBook.violations(broken);

        // Then
        assertThat(violations).containsExactlyInAnyOrder(
                "ruleVersion must be 1 or higher, got 0",
                "points of EPISODE_COMPLETED must not be negative, got -1",
                "multiplierBasisPoints of EPISODE_COMPLETED must be positive, got 0",
                "more than one rule for EPISODE_COMPLETED",
                "achievementType is only for ACHIEVEMENT_UNLOCKED rules, not COURSE_COMPLETED",
                "a rule cannot price ADJUSTMENT",
                "multiplier m must be positive, got 0",
                "multiplier m must start before it ends",
                "multiplier ids must be set and unique, got 'm'");
    }

    @Test
    void shouldChooseTheVersionInForceAtTheActivityOrAnAppliedRetroactiveOne() {
        // Given
        PointsRuleSet later = ruleSet(2, false, T0, List.of(), List.of());
        PointsRuleSet retroactive = ruleSet(3, true, T0.plusSeconds(3_600), List.of(), List.of());
        PointsRuleBook book = PointsRuleBook.of(List.of(later, retroactive));

        // Then
        assertThat(book.versionFor(T0.minusSeconds(1), 0).getRuleVersion()).isEqualTo(1);
        assertThat(book.versionFor(T0, 0).getRuleVersion()).isEqualTo(2);
        assertThat(book.versionFor(T0.plusSeconds(3_600), 0).getRuleVersion()).isEqualTo(3);
        assertThat(book.versionFor(T0.minusSeconds(1), 3).getRuleVersion()).as("history re-priced").isEqualTo(3);
        assertThat(book.retroactiveToApply(0, T0)).isEmpty();
        assertThat(book.retroactiveToApply(0, T0.plusSeconds(3_600))).contains(retroactive);
        assertThat(book.retroactiveToApply(3, T0.plusSeconds(3_600))).isEmpty();
    }

    @Test
    void shouldLeaveOutAPublishedVersionWithViolations() {
        // When
        PointsRuleBook book = PointsRuleBook.of(List.of(ruleSet(2, false, T0, List.of(rule(ActivityType.EPISODE_COMPLETED,
                null, -5, null)), List.of())));

        // Then
        assertThat(book.versions()).containsOnlyKeys(1);
    }

    @Test
    void shouldMultiplyAndRoundHalfAwayFromZero() {
        // Given: 15 points x1.5 standing, x1.1 on the 2nd: 24.75 -> 25
        PointsRuleSet set = ruleSet(2, false, T0, List.of(rule(ActivityType.EPISODE_COMPLETED, null, 15, 15_000)),
                List.of(multiplier("m", 11_000, T0, T0.plusSeconds(60))));

        // When
        PointsRuleBook.Price during = PointsRuleBook.price(set, ActivityType.EPISODE_COMPLETED, null, T0);
        PointsRuleBook.Price after = PointsRuleBook.price(set, ActivityType.EPISODE_COMPLETED, null, T0.plusSeconds(60));
        PointsRuleBook.Price none = PointsRuleBook.price(set, ActivityType.COURSE_COMPLETED, null, T0);

        // Then
        assertThat(during.points()).isEqualTo(25);
        assertThat(during.multiplierBasisPoints()).isEqualTo(16_500);
        assertThat(during.description()).contains("15 points x1.65", "Double points m");
        assertThat(after.points()).isEqualTo(23);
        assertThat(none.priced()).isFalse();
    }

    @Test
    void shouldPlaceTotalsOnTheLevelCurve() {
        // Given
        LevelCurve curve = LevelCurve.parse(3, "0, 100, 250");

        // Then
        assertThat(curve.levelFor(-20)).isEqualTo(1);
        assertThat(curve.levelFor(99)).isEqualTo(1);
        assertThat(curve.levelFor(100)).isEqualTo(2);
        assertThat(curve.levelFor(10_000)).isEqualTo(3);
        assertThat(curve.nextThreshold(2)).isEqualTo(250L);
        assertThat(curve.nextThreshold(3)).isNull();
        assertThat(curve.thresholdOf(2)).isEqualTo(100);
        assertThatThrownBy(() -> LevelCurve.parse(1, "0,100,90")).hasMessageContaining("must increase");
        assertThatThrownBy(() -> LevelCurve.parse(1, "10,100")).hasMessageContaining("starts at 0");
        assertThatThrownBy(() -> LevelCurve.parse(1, "0,ten")).hasMessageContaining("whole points");
    }
}
