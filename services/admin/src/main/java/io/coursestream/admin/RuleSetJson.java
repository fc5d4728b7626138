package io.coursestream.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.PointsMultiplier;
import io.coursestream.schemas.points.PointsRule;
import io.coursestream.schemas.points.PointsRuleSet;

/**
 * The rule-set file an operator writes, edits and publishes: {@link PointsRuleSet} in friendlier JSON. Activities
 * by name (in any case), instants as ISO-8601 text, optional fields left out, {@code effectiveFrom} now when absent.
 * Strict: an unknown field is a typo until proven otherwise, and every problem is reported with where it is, not only
 * the first.
 *
 * <pre>{@code
 * {"ruleVersion": 2, "retroactive": true, "effectiveFrom": "2026-12-01T00:00:00Z", "description": "...",
 *  "rules": [{"activity": "EPISODE_COMPLETED", "points": 15},
 *            {"activity": "ACHIEVEMENT_UNLOCKED", "achievementType": "quiz-perfect-score", "points": 80,
 *             "multiplierBasisPoints": 15000}],
 *  "multipliers": [{"id": "xmas", "description": "Double points weekend", "multiplierBasisPoints": 20000,
 *                   "startsAt": "2026-12-24T00:00:00Z", "endsAt": "2026-12-27T00:00:00Z",
 *                   "activities": ["EPISODE_COMPLETED"]}]}
 * }</pre>
 *
 * {@code createdBy} is not part of the file: the publishing operator is recorded.
 */
final class RuleSetJson {

    /** The activities a rule may name; {@code UNKNOWN} is the reader's fallback, not an activity. */
    static final List<ActivityType> ACTIVITIES = Arrays.stream(ActivityType.values())
            .filter(activity -> activity != ActivityType.UNKNOWN).toList();

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    /** Two-space indents, {@code "key": value}, one array element per line: how people write it by hand. */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

    private RuleSetJson() {
    }

    /** The file's content is not a rule set; {@link #problems()} says why, each with where. */
    static final class InvalidRuleSet extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidRuleSet(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"ruleVersion", "retroactive", "effectiveFrom", "description", "rules", "multipliers"})
    record RuleSetDocument(Integer ruleVersion, Boolean retroactive, String effectiveFrom, String description,
            List<RuleDocument> rules, List<MultiplierDocument> multipliers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"activity", "achievementType", "points", "multiplierBasisPoints", "description"})
    record RuleDocument(String activity, String achievementType, Long points, Integer multiplierBasisPoints,
            String description) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "description", "multiplierBasisPoints", "startsAt", "endsAt", "activities"})
    record MultiplierDocument(String id, String description, Integer multiplierBasisPoints, String startsAt,
            String endsAt, List<String> activities) {
    }

    /**
     * The rule set {@code json} describes; {@code createdBy} is left null for the publisher to fill in.
     *
     * @param now {@code effectiveFrom} when the file has none
     * @throws InvalidRuleSet naming every problem found
     */
    static PointsRuleSet parse(String json, Instant now) {
        RuleSetDocument document;
        try {
            document = JSON.readValue(json, RuleSetDocument.class);
        } catch (JsonProcessingException malformed) {
            throw new InvalidRuleSet(List.of(describe(malformed)));
        }
        if (document == null) {
            throw new InvalidRuleSet(List.of("the file holds JSON null, not a rule set"));
        }
        return new Reader().ruleSet(document, now);
    }

    /** {@code ruleSet} as the file format, pretty-printed. */
    static String print(PointsRuleSet ruleSet) {
        List<RuleDocument> rules = ruleSet.getRules().stream()
                .map(rule -> new RuleDocument(rule.getActivityType().name(), rule.getAchievementType(),
                        rule.getPoints(), rule.getMultiplierBasisPoints(), rule.getDescription()))
                .toList();
        List<MultiplierDocument> multipliers = ruleSet.getMultipliers().stream()
                .map(multiplier -> new MultiplierDocument(multiplier.getMultiplierId(), multiplier.getDescription(),
                        multiplier.getMultiplierBasisPoints(), multiplier.getStartsAt().toString(),
                        multiplier.getEndsAt().toString(),
                        multiplier.getActivityTypes().stream().map(Enum::name).toList()))
                .toList();
        RuleSetDocument document = new RuleSetDocument(ruleSet.getRuleVersion(), ruleSet.getRetroactive(),
                ruleSet.getEffectiveFrom().toString(), ruleSet.getDescription(), rules, multipliers);
        try {
            return JSON.writer(PRETTY).writeValueAsString(document);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a rule set could not be written as JSON", impossible);
        }
    }

    /** Jackson's complaint as an operator reads it: where, and what was wrong, without Java class names. */
    private static String describe(JsonProcessingException failure) {
        JsonLocation location = failure.getLocation();
        String at = location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        if (failure instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? ""
                    : "; known fields here: " + unknown.getKnownPropertyIds().stream().map(String::valueOf)
                            .sorted().collect(Collectors.joining(", "));
            String parent = path(unknown.getPath().subList(0, unknown.getPath().size() - 1));
            // No line and column: Jackson reads a record's fields before it complains, so it points at the '}'.
            return "unknown field '" + unknown.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in " + parent)
                    + known;
        }
        boolean syntax = failure instanceof StreamReadException || failure.getCause() instanceof StreamReadException;
        String message = firstLine(failure.getOriginalMessage());
        if (syntax) {
            return "not valid JSON" + at + ": " + message;
        }
        if (message.startsWith("Trailing token")) {
            return "more content after the rule set's closing brace" + at;
        }
        if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return path(mapping.getPath()) + ": " + message + at;
        }
        if (failure instanceof MismatchedInputException) {
            return "the file must hold one JSON object, the rule set" + at + ": " + message;
        }
        return "not valid JSON" + at + ": " + message;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Jackson's first line, without the Java class names it names types by; the rest is for Java developers. */
    private static String firstLine(String message) {
        String line = message == null ? "malformed" : message.lines().findFirst().orElse("malformed").strip();
        return line.replaceAll("`java\\.util\\.[A-Za-z]*List<[^`]*>`", "list")
                .replaceAll("`[a-zA-Z0-9_.$]*\\.([A-Za-z0-9_$]+)`", "$1")
                .replace("java.lang.", "")
                .replaceAll("RuleSetJson\\$([A-Za-z]+)Document", "$1")
                .replaceAll("\\s*\\(code [0-9]+\\)", "")
                .replaceAll("\\s*\\(class [^)]*\\)", "");
    }

    /** Collects every problem of a parsed document, then builds the record or throws them all. */
    private static final class Reader {

        private final List<String> problems = new ArrayList<>();

        PointsRuleSet ruleSet(RuleSetDocument document, Instant now) {
            Integer version = required(document.ruleVersion(), "ruleVersion");
            Instant effectiveFrom = document.effectiveFrom() == null ? now.truncatedTo(ChronoUnit.MILLIS)
                    : instant(document.effectiveFrom(), "effectiveFrom");
            List<PointsRule> rules = new ArrayList<>();
            List<RuleDocument> ruleDocuments = required(document.rules(), "rules");
            if (ruleDocuments != null) {
                for (int i = 0; i < ruleDocuments.size(); i++) {
                    PointsRule rule = rule(ruleDocuments.get(i), "rules[" + i + "]");
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
            List<PointsMultiplier> multipliers = new ArrayList<>();
            List<MultiplierDocument> multiplierDocuments =
                    document.multipliers() == null ? List.of() : document.multipliers();
            for (int i = 0; i < multiplierDocuments.size(); i++) {
                PointsMultiplier multiplier = multiplier(multiplierDocuments.get(i), "multipliers[" + i + "]");
                if (multiplier != null) {
                    multipliers.add(multiplier);
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidRuleSet(problems);
            }
            return PointsRuleSet.newBuilder()
                    .setRuleVersion(version)
                    .setRetroactive(Boolean.TRUE.equals(document.retroactive()))
                    .setEffectiveFrom(effectiveFrom)
                    .setRules(rules)
                    .setMultipliers(multipliers)
                    .setDescription(document.description())
                    .setCreatedBy(null)
                    .build();
        }

        private PointsRule rule(RuleDocument document, String where) {
            if (document == null) {
                problems.add(where + " is null, not a rule");
                return null;
            }
            ActivityType activity = activity(required(document.activity(), where + ".activity"), where + ".activity");
            Long points = required(document.points(), where + ".points");
            if (activity == null || points == null) {
                return null;
            }
            return PointsRule.newBuilder()
                    .setActivityType(activity)
                    .setAchievementType(document.achievementType())
                    .setPoints(points)
                    .setMultiplierBasisPoints(document.multiplierBasisPoints())
                    .setDescription(document.description())
                    .build();
        }

        private PointsMultiplier multiplier(MultiplierDocument document, String where) {
            if (document == null) {
                problems.add(where + " is null, not a multiplier");
                return null;
            }
            String id = required(document.id(), where + ".id");
            String description = required(document.description(), where + ".description");
            Integer basisPoints = required(document.multiplierBasisPoints(), where + ".multiplierBasisPoints");
            Instant startsAt = instant(required(document.startsAt(), where + ".startsAt"), where + ".startsAt");
            Instant endsAt = instant(required(document.endsAt(), where + ".endsAt"), where + ".endsAt");
            List<ActivityType> activities = new ArrayList<>();
            List<String> names = document.activities() == null ? List.of() : document.activities();
            for (int i = 0; i < names.size(); i++) {
                String activityWhere = where + ".activities[" + i + "]";
                ActivityType activity = activity(required(names.get(i), activityWhere), activityWhere);
                if (activity != null) {
                    activities.add(activity);
                }
            }
            if (id == null || description == null || basisPoints == null || startsAt == null || endsAt == null
                    || activities.size() != names.size()) {
                return null;
            }
            return PointsMultiplier.newBuilder()
                    .setMultiplierId(id)
                    .setDescription(description)
                    .setMultiplierBasisPoints(basisPoints)
                    .setStartsAt(startsAt)
                    .setEndsAt(endsAt)
                    .setActivityTypes(activities)
                    .build();
        }

        private <T> T required(T value, String where) {
            if (value == null) {
                problems.add(where + " is missing");
            }
            return value;
        }

        private ActivityType activity(String name, String where) {
            if (name == null) {
                return null;
            }
            for (ActivityType activity : ACTIVITIES) {
                if (activity.name().equalsIgnoreCase(name.strip())) {
                    return activity;
                }
            }
            problems.add(where + ": '" + name + "' is not an activity (one of "
                    + ACTIVITIES.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")");
            return null;
        }

        private Instant instant(String text, String where) {
            if (text == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException notAnInstant) {
                problems.add(where + ": '" + text + "' is not an ISO-8601 instant with an offset "
                        + "(2026-12-01T00:00:00Z)");
                return null;
            }
        }
    }
}
