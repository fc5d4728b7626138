package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.coursestream.schemas.points.PointsRuleSet;

/**
 * The rule versions in force: every version on {@code points.rules}, and the shipped defaults as version 1 while the
 * topic holds no version 1 (the processor applies them then). Decides whether a new version may be published and
 * prints the list.
 */
final class PublishedRules {

    static final int DESCRIPTION_WIDTH = 60;
    private static final List<String> HEADER = List.of("VERSION", "STATUS", "RETROACTIVE", "EFFECTIVE FROM", "RULES",
            "MULTIPLIERS", "CREATED BY", "DESCRIPTION");

    private final SortedMap<Integer, PointsRuleSet> onTopic;
    private final PointsRuleSet defaults;

    /**
     * @param onTopic  the topic's versions by version number
     * @param defaults the shipped defaults (version 1)
     */
    PublishedRules(Map<Integer, PointsRuleSet> onTopic, PointsRuleSet defaults) {
        this.onTopic = Collections.unmodifiableSortedMap(new TreeMap<>(onTopic));
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** True when the shipped defaults are in force as their version, because the topic holds no such version. */
    boolean defaultsInForce() {
        return !onTopic.containsKey(defaults.getRuleVersion());
    }

    /** Every version in force, lowest first. */
    List<PointsRuleSet> versions() {
        SortedMap<Integer, PointsRuleSet> all = new TreeMap<>(onTopic);
        if (defaultsInForce()) {
            all.put(defaults.getRuleVersion(), defaults);
        }
        return List.copyOf(all.values());
    }

    /** The highest version taken, by the topic or the shipped defaults. */
    int highestVersion() {
        return versions().get(versions().size() - 1).getRuleVersion();
    }

    /** Why {@code candidate} may not be published (its version is taken or lower than one taken); empty if it may. */
    Optional<String> refusal(PointsRuleSet candidate) {
        int highest = highestVersion();
        if (candidate.getRuleVersion() > highest) {
            return Optional.empty();
        }
        String holder = highest == defaults.getRuleVersion() && defaultsInForce()
                ? "the shipped defaults, which hold version " + highest + " while points.rules has none"
                : "version " + highest + " on points.rules";
        boolean taken = versions().stream()
                .anyMatch(version -> version.getRuleVersion() == candidate.getRuleVersion());
        return Optional.of("rule version " + candidate.getRuleVersion()
                + (taken ? " is taken" : " is lower than a taken one")
                + ": versions are immutable and must increase; the highest is " + holder
                + ", so publish this as version " + (highest + 1));
    }

    /** The version that applies to activity at {@code now}: the highest whose effectiveFrom has passed. */
    Optional<PointsRuleSet> current(Instant now) {
        PointsRuleSet current = null;
        for (PointsRuleSet version : versions()) {
            if (!version.getEffectiveFrom().isAfter(now)) {
                current = version;
            }
        }
        return Optional.ofNullable(current);
    }

    /** One line per version, lowest first: {@code current}, {@code scheduled} (effective later) or superseded. */
    void printTable(Instant now, PrintWriter out) {
        Integer current = current(now).map(PointsRuleSet::getRuleVersion).orElse(null);
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (PointsRuleSet version : versions()) {
            boolean isDefaults = defaultsInForce() && version.getRuleVersion() == defaults.getRuleVersion();
            String status = version.getEffectiveFrom().isAfter(now) ? "scheduled"
                    : Integer.valueOf(version.getRuleVersion()).equals(current) ? "current" : "superseded";
            rows.add(List.of(
                    version.getRuleVersion() + (isDefaults ? " (shipped defaults)" : ""),
                    status,
                    version.getRetroactive() ? "yes" : "no",
                    version.getEffectiveFrom().toString(),
                    Integer.toString(version.getRules().size()),
                    Integer.toString(version.getMultipliers().size()),
                    Objects.toString(version.getCreatedBy(), "-"),
                    FailedJobsText.truncate(Objects.toString(version.getDescription(), "-").replace('\n', ' '),
                            DESCRIPTION_WIDTH)));
        }
        Columns.print(rows, out);
        out.println(onTopic.isEmpty()
                ? "points.rules holds no version: the shipped defaults apply"
                : onTopic.size() + (onTopic.size() == 1 ? " version" : " versions") + " on points.rules"
                        + (defaultsInForce() ? ", and the shipped defaults as version " + defaults.getRuleVersion()
                                : ""));
    }
}
