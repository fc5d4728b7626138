// Tier: unit (the rule-set file format: parsing, problems reported, printing; no broker)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.PointsMultiplier;
import io.coursestream.schemas.points.PointsRule;
import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.topology.points.PointsRuleBook;

class RuleSetJsonTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30.123456Z");

    private static final String XMAS = """
            {"ruleVersion": 2, "retroactive": true, "effectiveFrom": "2026-12-01T00:00:00Z",
             "description": "Christmas",
             "rules": [
               {"activity": "EPISODE_COMPLETED", "points": 15},
               {"activity": "ACHIEVEMENT_UNLOCKED", "achievementType": "quiz-perfect-score", "points": 80,
                "multiplierBasisPoints": 15000, "description": "Perfect quiz"}
             ],
             "multipliers": [
               {"id": "xmas", "description": "Double points weekend", "multiplierBasisPoints": 20000,
                "startsAt": "2026-12-24T00:00:00+01:00", "endsAt": "2026-12-27T00:00:00Z",
                "activities": ["EPISODE_COMPLETED"]}
             ]}
            """;

    @Test
    void shouldReadEveryFieldOfTheFileFormatIntoARuleSet() {
        PointsRuleSet ruleSet = RuleSetJson.parse(XMAS, NOW);

        assertThat(ruleSet).isEqualTo(PointsRuleSet.newBuilder()
                .setRuleVersion(2)
                .setRetroactive(true)
                .setEffectiveFrom(Instant.parse("2026-12-01T00:00:00Z"))
                .setDescription("Christmas")
                .setCreatedBy(null)
                .setRules(List.of(
                        PointsRule.newBuilder().setActivityType(ActivityType.EPISODE_COMPLETED).setPoints(15)
                                .setAchievementType(null).setMultiplierBasisPoints(null).setDescription(null).build(),
                        PointsRule.newBuilder().setActivityType(ActivityType.ACHIEVEMENT_UNLOCKED).setPoints(80)
                                .setAchievementType("quiz-perfect-score").setMultiplierBasisPoints(15000)
                                .setDescription("Perfect quiz").build()))
                .setMultipliers(List.of(PointsMultiplier.newBuilder()
                        .setMultiplierId("xmas")
                        .setDescription("Double points weekend")
                        .setMultiplierBasisPoints(20000)
                        .setStartsAt(Instant.parse("2026-12-23T23:00:00Z"))
                        .setEndsAt(Instant.parse("2026-12-27T00:00:00Z"))
                        .setActivityTypes(List.of(ActivityType.EPISODE_COMPLETED))
                        .build()))
                .build());
    }

    @Test
    void shouldMakeARuleSetEffectiveNowNotRetroactiveAndWithoutMultipliersWhenTheFileSaysNothing() {
        PointsRuleSet ruleSet = RuleSetJson.parse("""
                {"ruleVersion": 3, "rules": [{"activity": "course_completed", "points": 120}]}
                """, NOW);

        assertThat(ruleSet.getEffectiveFrom()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z"));
        assertThat(ruleSet.getRetroactive()).isFalse();
        assertThat(ruleSet.getMultipliers()).isEmpty();
        assertThat(ruleSet.getDescription()).isNull();
        assertThat(ruleSet.getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getActivityType()).isEqualTo(ActivityType.COURSE_COMPLETED));
    }

    @Test
    void shouldPrintTheShippedDefaultsSoThatTheyReadBackAsTheSameRules() {
        String printed = RuleSetJson.print(PointsRuleBook.DEFAULTS);

        assertThat(printed).startsWith("{\n  \"ruleVersion\": 1,").contains("\"activity\": \"EPISODE_COMPLETED\"")
                .doesNotContain("createdBy").doesNotContain("achievementType");
        assertThat(RuleSetJson.parse(printed, NOW))
                .isEqualTo(PointsRuleSet.newBuilder(PointsRuleBook.DEFAULTS).setCreatedBy(null).build());
    }

    @Test
    void shouldPrintAndReadBackARuleSetWithMultipliers() {
        PointsRuleSet ruleSet = RuleSetJson.parse(XMAS, NOW);

        assertThat(RuleSetJson.parse(RuleSetJson.print(ruleSet), NOW)).isEqualTo(ruleSet);
    }

    @Test
    void shouldNameTheLineAndColumnOfASyntaxError() {
        assertThatThrownBy(() -> RuleSetJson.parse("{\"ruleVersion\": 2,\n \"rules\": [}", NOW))
                .isInstanceOf(RuleSetJson.InvalidRuleSet.class)
                .hasMessageStartingWith("not valid JSON (line 2, column 12): Unexpected close marker '}'");
    }

    @Test
    void shouldNameAnUnknownFieldWhereItIsAndTheFieldsKnownThere() {
        assertThatThrownBy(() -> RuleSetJson.parse(
                "{\"ruleVersion\": 2, \"rules\": [{\"activty\": \"EPISODE_COMPLETED\", \"points\": 15}]}", NOW))
                .hasMessage("unknown field 'activty' in rules[0]; known fields here: "
                        + "achievementType, activity, description, multiplierBasisPoints, points");
    }

    @Test
    void shouldNameTheFieldOfAValueOfTheWrongType() {
        assertThatThrownBy(() -> RuleSetJson.parse(
                "{\"ruleVersion\": 2, \"rules\": [{\"activity\": \"EPISODE_COMPLETED\", \"points\": 1.5}]}", NOW))
                .hasMessageStartingWith("rules[0].points: ")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> RuleSetJson.parse("{\"ruleVersion\": \"two\", \"rules\": []}", NOW))
                .hasMessageStartingWith("ruleVersion: Cannot deserialize value of type Integer from String \"two\"");
    }

    @Test
    void shouldReportEveryMissingFieldUnknownActivityAndMalformedInstantAtOnce() {
        assertThatThrownBy(() -> RuleSetJson.parse("""
                {"effectiveFrom": "2026-12-01",
                 "rules": [{"activity": "EPISODE", "points": 15}, {}],
                 "multipliers": [{"id": "x", "description": "X", "multiplierBasisPoints": 20000,
                                  "startsAt": "2026-12-24T00:00:00Z", "endsAt": "soon", "activities": ["NAPPING"]}]}
                """, NOW))
                .isInstanceOfSatisfying(RuleSetJson.InvalidRuleSet.class, invalid -> assertThat(invalid.problems())
                        .containsExactly(
                                "ruleVersion is missing",
                                "effectiveFrom: '2026-12-01' is not an ISO-8601 instant with an offset "
                                        + "(2026-12-01T00:00:00Z)",
                                "rules[0].activity: 'EPISODE' is not an activity (one of EPISODE_COMPLETED, "
                                        + "COURSE_COMPLETED, ACHIEVEMENT_UNLOCKED, REFERRAL_COMPLETED, "
                                        + "COURSE_ENROLLED, ADJUSTMENT)",
                                "rules[1].activity is missing",
                                "rules[1].points is missing",
                                "multipliers[0].endsAt: 'soon' is not an ISO-8601 instant with an offset "
                                        + "(2026-12-01T00:00:00Z)",
                                "multipliers[0].activities[0]: 'NAPPING' is not an activity (one of "
                                        + "EPISODE_COMPLETED, COURSE_COMPLETED, ACHIEVEMENT_UNLOCKED, "
                                        + "REFERRAL_COMPLETED, COURSE_ENROLLED, ADJUSTMENT)"));
    }

    @Test
    void shouldRefuseAFileThatIsNotOneObject() {
        assertThatThrownBy(() -> RuleSetJson.parse("[]", NOW))
                .hasMessageStartingWith("the file must hold one JSON object, the rule set (line 1, column 1)");
        assertThatThrownBy(() -> RuleSetJson.parse("", NOW))
                .hasMessageStartingWith("the file must hold one JSON object, the rule set");
        assertThatThrownBy(() -> RuleSetJson.parse("{\"ruleVersion\": 2, \"rules\": []} {}", NOW))
                .hasMessage("more content after the rule set's closing brace (line 1, column 33)");
        assertThatThrownBy(() -> RuleSetJson.parse("null", NOW))
                .hasMessage("the file holds JSON null, not a rule set");
    }
}
