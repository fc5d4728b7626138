// Tier: unit (which rule versions may be published, and how the versions are listed; no broker)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.PointsRule;
import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.topology.points.PointsRuleBook;

class PublishedRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static PointsRuleSet version(int version, Instant effectiveFrom, boolean retroactive) {
        return PointsRuleSet.newBuilder()
                .setRuleVersion(version)
                .setRetroactive(retroactive)
                .setEffectiveFrom(effectiveFrom)
                .setRules(List.of(PointsRule.newBuilder().setActivityType(ActivityType.EPISODE_COMPLETED)
                        .setPoints(10L * version).build()))
                .setDescription("version " + version)
                .setCreatedBy("alice")
                .build();
    }

    @Test
    void shouldTakeVersionOneForTheShippedDefaultsWhileTheTopicIsEmpty() {
        PublishedRules rules = new PublishedRules(Map.of(), PointsRuleBook.DEFAULTS);

        assertThat(rules.refusal(version(1, NOW, false))).hasValue("rule version 1 is taken: versions are immutable "
                + "and must increase; the highest is the shipped defaults, which hold version 1 while points.rules "
                + "has none, so publish this as version 2");
        assertThat(rules.refusal(version(2, NOW, false))).isEmpty();
    }

    @Test
    void shouldRefuseAVersionThatIsNotHigherThanEveryPublishedOne() {
        PublishedRules rules = new PublishedRules(
                Map.of(2, version(2, NOW, false), 4, version(4, NOW, true)), PointsRuleBook.DEFAULTS);

        assertThat(rules.highestVersion()).isEqualTo(4);
        assertThat(rules.refusal(version(4, NOW, false))).hasValueSatisfying(refusal -> assertThat(refusal)
                .startsWith("rule version 4 is taken").endsWith("the highest is version 4 on points.rules, so "
                        + "publish this as version 5"));
        assertThat(rules.refusal(version(3, NOW, false))).hasValueSatisfying(refusal -> assertThat(refusal)
                .startsWith("rule version 3 is lower than a taken one"));
        assertThat(rules.refusal(version(1, NOW, false))).hasValueSatisfying(refusal -> assertThat(refusal)
                .startsWith("rule version 1 is taken"));
        assertThat(rules.refusal(version(7, NOW, false))).isEmpty();
    }

    @Test
    void shouldListTheShippedDefaultsMarkedWhileTheTopicHasNoVersionOne() {
        PublishedRules rules = new PublishedRules(Map.of(), PointsRuleBook.DEFAULTS);

        List<String> lines = print(rules);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("VERSION").contains("STATUS", "RETROACTIVE", "EFFECTIVE FROM", "RULES",
                "MULTIPLIERS", "CREATED BY", "DESCRIPTION");
        assertThat(lines.get(1)).startsWith("1 (shipped defaults)  current").contains(" no ",
                "1970-01-01T00:00:00Z", " 5 ", " 0 ", "shipped-defaults").endsWith("Shipped defaults");
        assertThat(lines.get(2)).isEqualTo("points.rules holds no version: the shipped defaults apply");
    }

    @Test
    void shouldListEveryVersionWithWhichIsCurrentAndWhichIsScheduled() {
        PublishedRules rules = new PublishedRules(Map.of(
                2, version(2, NOW.minusSeconds(3600), false),
                3, version(3, NOW.minusSeconds(60), true),
                4, version(4, NOW.plusSeconds(3600), false)), PointsRuleBook.DEFAULTS);

        List<String> lines = print(rules);

        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).startsWith("1 (shipped defaults)").contains("superseded");
        assertThat(lines.get(2)).startsWith("2 ").contains("superseded", " no ", "2026-11-28T09:00:00Z", "alice")
                .endsWith("version 2");
        assertThat(lines.get(3)).startsWith("3 ").contains("current", " yes ", "2026-11-28T09:59:00Z");
        assertThat(lines.get(4)).startsWith("4 ").contains("scheduled", "2026-11-28T11:00:00Z");
        assertThat(lines.get(5)).isEqualTo("3 versions on points.rules, and the shipped defaults as version 1");
        assertThat(lines.get(2).indexOf("alice")).as("columns aligned").isEqualTo(lines.get(4).indexOf("alice"));
    }

    @Test
    void shouldListAPublishedVersionOneInsteadOfTheShippedDefaults() {
        PointsRuleSet own = version(1, Instant.EPOCH, false);
        PublishedRules rules = new PublishedRules(Map.of(1, own), PointsRuleBook.DEFAULTS);

        List<String> lines = print(rules);

        assertThat(rules.defaultsInForce()).isFalse();
        assertThat(rules.versions()).containsExactly(own);
        assertThat(lines.get(1)).startsWith("1 ").doesNotContain("shipped").endsWith("version 1");
        assertThat(lines.get(2)).isEqualTo("1 version on points.rules");
    }

    private static List<String> print(PublishedRules rules) {
        StringWriter out = new StringWriter();
        rules.printTable(NOW, new PrintWriter(out, true));
        return out.toString().lines().toList();
    }
}
