// Tier: IT (the shared broker and registry: rule versions published to points.rules and read back)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.CoursestreamIT;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.points.PointsRuleBook;

@CoursestreamIT
class PointsRulesIT {

    private static final Pattern PUBLISHED =
            Pattern.compile("rule version (\\d+) published to points\\.rules \\(partition (\\d+), offset (\\d+)\\): .*");
    private static final TopicPartition RULES = new TopicPartition(Topics.POINTS_RULES.name(), 0);
    /**
     * When the published versions take effect: a year from today, so {@code list} shows them scheduled whenever the
     * test runs (a fixed date in the future stops being one).
     */
    private static final Instant EFFECTIVE_FROM =
            Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

    private final TestEnvironment env;
    private final String operator = "operator-" + UUID.randomUUID();
    private final CliHarness cli;

    @TempDir
    Path dir;

    PointsRulesIT(TestEnvironment env) {
        this.env = env;
        this.cli = new CliHarness("--bootstrap-servers", env.bootstrapServers(), "--registry-url", env.registryUrl(),
                "--operator", operator);
    }

    /** The next free version: one above what {@code list} shows, read independently of the CLI. */
    private int nextVersion() {
        int highest = 1;
        try (KafkaConsumer<String, SpecificRecord> consumer = consumer()) {
            consumer.assign(List.of(RULES));
            consumer.seekToBeginning(List.of(RULES));
            long end = consumer.endOffsets(List.of(RULES)).get(RULES);
            while (consumer.position(RULES) < end) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    highest = Math.max(highest, ((PointsRuleSet) record.value()).getRuleVersion());
                }
            }
        }
        return highest + 1;
    }

    private long endOffset() {
        try (KafkaConsumer<String, SpecificRecord> consumer = consumer()) {
            return consumer.endOffsets(List.of(RULES)).get(RULES);
        }
    }

    private ConsumerRecord<String, SpecificRecord> recordAt(long offset) {
        try (KafkaConsumer<String, SpecificRecord> consumer = consumer()) {
            consumer.assign(List.of(RULES));
            consumer.seek(RULES, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
            throw new AssertionError("no record at points.rules-0@" + offset);
        }
    }

    private KafkaConsumer<String, SpecificRecord> consumer() {
        Map<String, Object> config = new HashMap<>(AvroSerdes.forRegistry(env.registryUrl()).consumerConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config);
    }

    private Path file(int version, String description) throws IOException {
        return Files.writeString(dir.resolve("rules-" + version + "-" + UUID.randomUUID() + ".json"), """
                {"ruleVersion": %d, "retroactive": true, "effectiveFrom": "%s",
                 "description": "%s",
                 "rules": [
                   {"activity": "EPISODE_COMPLETED", "points": 15},
                   {"activity": "ACHIEVEMENT_UNLOCKED", "achievementType": "quiz-perfect-score", "points": 80,
                    "multiplierBasisPoints": 15000}
                 ],
                 "multipliers": [
                   {"id": "xmas", "description": "Double points weekend", "multiplierBasisPoints": 20000,
                    "startsAt": "%s", "endsAt": "%s",
                    "activities": ["EPISODE_COMPLETED"]}
                 ]}
                """.formatted(version, EFFECTIVE_FROM, description, EFFECTIVE_FROM.plus(23, ChronoUnit.DAYS),
                EFFECTIVE_FROM.plus(26, ChronoUnit.DAYS)));
    }

    /** One command, with only its own output kept. */
    private int run(String... args) {
        cli.clear();
        return cli.execute(args);
    }

    @Test
    void shouldPublishANewVersionKeyedByItsNumberAndListAndShowIt() throws IOException {
        int version = nextVersion();
        Path file = file(version, "Christmas " + version);

        int exit = run("points", "rules", "publish", file.toString());

        assertThat(exit).as(cli.err()).isZero();
        Matcher published = PUBLISHED.matcher(cli.out().strip());
        assertThat(published.matches()).as(cli.out()).isTrue();
        assertThat(published.group(1)).isEqualTo(Integer.toString(version));
        assertThat(cli.out()).contains("retroactive, effective from " + EFFECTIVE_FROM + ", 2 rules, 1 multiplier");
        ConsumerRecord<String, SpecificRecord> record = recordAt(Long.parseLong(published.group(3)));
        PointsRuleSet expected = PointsRuleSet.newBuilder(RuleSetJson.parse(Files.readString(file), Instant.now()))
                .setCreatedBy(operator).build();
        assertThat(record.key()).isEqualTo(Integer.toString(version));
        assertThat(record.value()).isEqualTo(expected);
        assertThat(PointsRuleBook.violations(expected)).isEmpty();

        int listed = run("points", "rules", "list");

        assertThat(listed).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).startsWith("VERSION");
        assertThat(lines).filteredOn(line -> line.startsWith(version + " ")).singleElement()
                .satisfies(line -> assertThat(line).contains("scheduled", " yes ", EFFECTIVE_FROM.toString(), " 2 ",
                        " 1 ", operator).endsWith("Christmas " + version));

        int shown = run("points", "rules", "show", Integer.toString(version));

        assertThat(shown).as(cli.err()).isZero();
        assertThat(RuleSetJson.parse(cli.out(), Instant.now()))
                .isEqualTo(PointsRuleSet.newBuilder(expected).setCreatedBy(null).build());
    }

    @Test
    void shouldRefuseAVersionThatIsNotHigherThanEveryPublishedOneAndWriteNothing() throws IOException {
        int version = nextVersion();
        assertThat(run("points", "rules", "publish", file(version, "first").toString())).as(cli.err())
                .isZero();
        long end = endOffset();

        int again = run("points", "rules", "publish", file(version, "second").toString());
        String againErr = cli.err();
        int lower = run("points", "rules", "publish", file(version - 1, "lower").toString());
        String lowerErr = cli.err();
        int defaults = run("points", "rules", "publish", file(1, "defaults").toString());

        assertThat(again).isEqualTo(1);
        assertThat(againErr).startsWith("error: rule version " + version + " is taken: versions are immutable and "
                + "must increase; the highest is version " + version + " on points.rules, so publish this as version "
                + (version + 1));
        assertThat(lower).isEqualTo(1);
        assertThat(lowerErr).startsWith("error: rule version " + (version - 1) + " is ");
        assertThat(defaults).isEqualTo(1);
        assertThat(cli.err()).startsWith("error: rule version 1 is taken");
        assertThat(endOffset()).as("nothing written after the refusals").isEqualTo(end);
    }

    @Test
    void shouldCheckAFileWithoutPublishingIt() throws IOException {
        int version = nextVersion();
        long end = endOffset();

        int exit = run("points", "rules", "publish", "--check", file(version, "checked").toString());

        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("rule version " + version + " in ").contains(" can be published: ");
        assertThat(endOffset()).isEqualTo(end);
    }
}
