// Tier: IT (the shared broker and registry: the level run's command and its summary; this test answers in place
// of the points topology, so the CLI's side is tested: what it writes, what it reads, and how it adds it up)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.control.CalculateUserLevels;
import io.coursestream.schemas.points.UserLevelsRecalculated;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.CoursestreamIT;
import io.coursestream.testkit.TestEnvironment;

@CoursestreamIT
class RecalculateLevelsIT {

    private static final int PARTITIONS = Topics.POINTS_EVENTS.partitions();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TestEnvironment env;
    private final String operator = "operator-" + UUID.randomUUID();
    private final CliHarness cli;
    private CompletableFuture<CalculateUserLevels> topology;

    RecalculateLevelsIT(TestEnvironment env) {
        this.env = env;
        this.cli = new CliHarness("--bootstrap-servers", env.bootstrapServers(), "--registry-url", env.registryUrl(),
                "--operator", operator);
    }

    @AfterEach
    void topologyHasAnswered() throws Exception {
        if (topology != null) {
            topology.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * Plays the points topology's part: waits for this test's CalculateUserLevels on control.commands (from the end
     * as it is now) and writes the parts {@code answer} makes of it to points.events, one committed transaction,
     * each part on the partition it reports on. Returns the command it saw.
     */
    private CompletableFuture<CalculateUserLevels> answerWith(
            Function<CalculateUserLevels, List<UserLevelsRecalculated>> answer, boolean abortedRefusalFirst) {
        return ProcessorStandIn.answerNext(env, CalculateUserLevels.class,
                command -> operator.equals(command.getRequestedBy()), (command, producer) -> {
                    if (abortedRefusalFirst) {
                        // A part never committed: a reader that is not read_committed would take it as a refusal.
                        producer.beginTransaction();
                        producer.send(partRecord(part(command, 0, 0, 0, 0, "aborted: never happened")));
                        producer.flush();
                        producer.abortTransaction();
                    }
                    producer.beginTransaction();
                    // Another run's part, on our key's partitions: the CLI must not count it.
                    producer.send(partRecord(part(otherRun(command), 1, 999, 999, 999, null)));
                    answer.apply(command).forEach(part -> producer.send(partRecord(part)));
                    producer.commitTransaction();
                }).thenApply(record -> {
                    CalculateUserLevels command = (CalculateUserLevels) record.value();
                    assertThat(record.key()).isEqualTo(command.getCommandId());
                    return command;
                });
    }

    private static CalculateUserLevels otherRun(CalculateUserLevels command) {
        return CalculateUserLevels.newBuilder(command).setCommandId(UUID.randomUUID().toString()).build();
    }

    private static UserLevelsRecalculated part(CalculateUserLevels command, int partition, long evaluated, long up,
            long down, String refusal) {
        return UserLevelsRecalculated.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                        .setCorrelationId(command.getCommandId()).setCausationId(command.getMetadata().getEventId()
                                .toString())
                        .setProducer("stream-processor").build())
                .setCommandId(command.getCommandId())
                .setPartition(partition)
                .setPartitions(PARTITIONS)
                .setLevelCurveVersion(command.getLevelCurveVersion() == null ? 1 : command.getLevelCurveVersion())
                .setDryRun(command.getDryRun())
                .setUsersEvaluated(evaluated)
                .setMovedUp(up)
                .setMovedDown(down)
                .setRefusal(refusal)
                .build();
    }

    private static ProducerRecord<String, SpecificRecord> partRecord(UserLevelsRecalculated part) {
        return new ProducerRecord<>(Topics.POINTS_EVENTS.name(), part.getPartition(), part.getCommandId(), part);
    }

    @Test
    void shouldWriteOneCommandAndAddUpTheCommittedSummaryOfEveryPartition() throws Exception {
        topology = answerWith(command -> IntStream.range(0, PARTITIONS)
                .mapToObj(partition -> part(command, partition, 100 + partition, partition, 1, null)).toList(), true);

        int exit = cli.execute("points", "levels", "recalculate", "--curve-version", "2", "--dry-run");

        assertThat(exit).as(cli.err()).isZero();
        CalculateUserLevels command = topology.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(command.getLevelCurveVersion()).isEqualTo(2);
        assertThat(command.getDryRun()).isTrue();
        assertThat(command.getRequestedBy()).isEqualTo(operator);
        assertThat(command.getMetadata().getProducer()).isEqualTo("admin");
        assertThat(command.getMetadata().getCorrelationId()).isEqualTo(command.getCommandId());
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("dry run of level run " + command.getCommandId() + " requested with curve "
                + "version 2; waiting up to 60 s for every partition's summary");
        assertThat(lines.get(1)).startsWith("PARTITION");
        assertThat(lines.subList(2, 8)).allSatisfy(line -> assertThat(line).contains(" 2 ", " yes ").endsWith("-"));
        assertThat(lines.get(8)).startsWith("total").contains(" 615 ", " 15 ", " 6");
        assertThat(lines.get(9)).isEqualTo("dry run of level run " + command.getCommandId() + " on 6 of 6 partitions "
                + "(curve version 2): 615 users evaluated, 15 would move up, 6 would move down; nothing changed");
        assertThat(lines).hasSize(10);
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void shouldExitOneNamingThePartitionsThatRefused() {
        topology = answerWith(command -> {
            List<UserLevelsRecalculated> parts = new ArrayList<>();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                parts.add(partition == 4
                        ? part(command, partition, 0, 0, 0, "curve version 3 is not the processor's (it runs 1)")
                        : part(command, partition, 10, 1, 0, null));
            }
            return parts;
        }, false);

        int exit = cli.execute("points", "levels", "recalculate", "--curve-version", "3");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out()).contains("curve version 3 is not the processor's (it runs 1)")
                .contains("on 6 of 6 partitions").contains("50 users evaluated, 5 moved up, 0 moved down")
                .contains("1 partition refused");
        assertThat(cli.err()).startsWith("error: level run ").contains(" refused by 1 of 6 partitions "
                + "(partition 4: curve version 3 is not the processor's (it runs 1)); the partitions that did not "
                + "refuse have applied it");
        assertThat(cli.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldExitOneNamingThePartitionsThatDidNotAnswerInTime() {
        topology = answerWith(command -> IntStream.of(0, 1, 2, 3)
                .mapToObj(partition -> part(command, partition, 10, 0, 0, null)).toList(), false);

        int exit = cli.execute("points", "levels", "recalculate", "--timeout", "PT5S");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out()).contains("on 4 of 6 partitions").contains("no answer from partitions 4, 5");
        assertThat(cli.err()).startsWith("error: level run ")
                .endsWith(": 4 of 6 partitions answered within 5 s, no answer from 4, 5" + System.lineSeparator());
    }

    @Test
    void shouldSaySoWhenNoPartitionAnswers() {
        int exit = cli.execute("points", "levels", "recalculate", "--timeout", "PT2S");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out()).contains("no partition has reported on level run ");
        assertThat(cli.err()).startsWith("error: no partition answered level run ")
                .contains("within 2 s; is the stream processor running with the points topology?");
    }
}
