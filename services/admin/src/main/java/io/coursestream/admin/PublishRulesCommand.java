package io.coursestream.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.RecordMetadata;

import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.topology.points.PointsRuleBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code points rules publish FILE.json}: a new rule version onto {@code points.rules}. Refused, with nothing written,
 * when the file is not a rule set, when the rules break the rule book, or when its version is not higher than every
 * version taken (the shipped defaults hold version 1 while the topic has none). The publishing operator is recorded
 * as {@code createdBy}.
 *
 * <p>Two operators publishing the same new version at the same moment could both pass the check: the topic has no
 * compare-and-set. The processor reads versions as immutable, so the one it sees first is the one that counts.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a new rule version from a JSON file (see 'points rules defaults' for the format).")
final class PublishRulesCommand implements Callable<Integer> {

    @ParentCommand
    PointsRulesCommand rules;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<file.json>", description = "The rule set as JSON.")
    Path file;

    @Option(names = "--check", description = "Validate the file and its version against points.rules; publish nothing.")
    boolean check;

    @Override
    public Integer call() {
        PointsRuleSet ruleSet = PointsRuleSet.newBuilder(read(Instant.now()))
                .setCreatedBy(rules.admin().operator())
                .build();
        List<String> violations = PointsRuleBook.violations(ruleSet);
        if (!violations.isEmpty()) {
            throw new AdminException("rule version " + ruleSet.getRuleVersion() + " in " + file
                    + " breaks the rule book: " + String.join("; ", violations));
        }
        PointsRulesTopic topic = rules.topic();
        new PublishedRules(topic.readAll(), PointsRuleBook.DEFAULTS).refusal(ruleSet).ifPresent(refusal -> {
            throw new AdminException(refusal);
        });
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            out.println("rule version " + ruleSet.getRuleVersion() + " in " + file + " can be published: "
                    + describe(ruleSet));
        } else {
            RecordMetadata written = topic.publish(ruleSet);
            out.println("rule version " + ruleSet.getRuleVersion() + " published to " + written.topic()
                    + " (partition " + written.partition() + ", offset " + written.offset() + "): "
                    + describe(ruleSet));
        }
        out.flush();
        return 0;
    }

    private PointsRuleSet read(Instant now) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new AdminException("cannot read " + file, unreadable);
        }
        try {
            return RuleSetJson.parse(json, now);
        } catch (RuleSetJson.InvalidRuleSet invalid) {
            throw new AdminException(file + " is not a rule set: " + invalid.getMessage());
        }
    }

    private static String describe(PointsRuleSet ruleSet) {
        int multipliers = ruleSet.getMultipliers().size();
        return (ruleSet.getRetroactive() ? "retroactive" : "not retroactive") + ", effective from "
                + ruleSet.getEffectiveFrom() + ", " + ruleSet.getRules().size()
                + (ruleSet.getRules().size() == 1 ? " rule, " : " rules, ") + multipliers
                + (multipliers == 1 ? " multiplier" : " multipliers");
    }
}
