// Tier: unit (adding up a level run's per-partition summaries and printing them; no broker)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.points.UserLevelsRecalculated;

class LevelRunTest {

    private static final String COMMAND = "5d0e6c1a-2b3f-4c5d-8e9f-0a1b2c3d4e5f";

    static UserLevelsRecalculated part(String commandId, int partition, long evaluated, long up, long down,
            boolean dryRun, String refusal) {
        return UserLevelsRecalculated.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.parse("2026-11-28T10:00:00Z")).setCorrelationId(commandId)
                        .setCausationId(null).setProducer("stream-processor").build())
                .setCommandId(commandId)
                .setPartition(partition)
                .setPartitions(6)
                .setLevelCurveVersion(2)
                .setDryRun(dryRun)
                .setUsersEvaluated(evaluated)
                .setMovedUp(up)
                .setMovedDown(down)
                .setRefusal(refusal)
                .build();
    }

    private static UserLevelsRecalculated part(int partition, long evaluated, long up, long down) {
        return part(COMMAND, partition, evaluated, up, down, false, null);
    }

    @Test
    void shouldBeCompleteOnceEveryAnnouncedPartitionReportedAndAddThemUp() {
        LevelRun run = new LevelRun(COMMAND);

        for (int partition = 0; partition < 5; partition++) {
            run.add(part(partition, 100 + partition, partition, 1));
        }
        boolean completeWithFive = run.complete();
        run.add(part(5, 105, 5, 1));

        assertThat(completeWithFive).isFalse();
        assertThat(run.complete()).isTrue();
        assertThat(run.usersEvaluated()).isEqualTo(615);
        assertThat(run.movedUp()).isEqualTo(15);
        assertThat(run.movedDown()).isEqualTo(6);
        assertThat(run.missing()).isEmpty();
        assertThat(run.refusals()).isEmpty();
    }

    @Test
    void shouldCountAPartitionOnceAndIgnoreOtherRuns() {
        LevelRun run = new LevelRun(COMMAND);

        boolean first = run.add(part(3, 100, 1, 0));
        boolean again = run.add(part(3, 100, 1, 0));
        boolean other = run.add(part("another-run", 4, 100, 1, 0, false, null));

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(other).isFalse();
        assertThat(run.reported()).isEqualTo(1);
        assertThat(run.usersEvaluated()).isEqualTo(100);
        assertThat(run.missing()).containsExactly(0, 1, 2, 4, 5);
    }

    @Test
    void shouldExpectNothingBeforeTheFirstPartReported() {
        LevelRun run = new LevelRun(COMMAND);
        StringWriter out = new StringWriter();

        run.print(new PrintWriter(out, true));

        assertThat(run.complete()).isFalse();
        assertThat(run.expected()).isZero();
        assertThat(out.toString()).isEqualTo("no partition has reported on level run " + COMMAND
                + System.lineSeparator());
    }

    @Test
    void shouldPrintATableOfThePartitionsATotalAndWhatHappened() {
        LevelRun run = new LevelRun(COMMAND);
        for (int partition = 5; partition >= 0; partition--) {
            run.add(part(partition, 1000 + partition, 2 * partition, partition));
        }

        List<String> lines = print(run);

        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).isEqualTo("PARTITION  USERS EVALUATED  MOVED UP  MOVED DOWN  CURVE  DRY RUN  REFUSAL");
        assertThat(lines.get(1)).isEqualTo("0          1000             0         0           2      no       -");
        assertThat(lines.get(6)).isEqualTo("5          1005             10        5           2      no       -");
        assertThat(lines.get(7)).isEqualTo("total      6015             30        15");
        assertThat(lines.get(8)).isEqualTo("level run " + COMMAND + " on 6 of 6 partitions (curve version 2): "
                + "6015 users evaluated, 30 moved up, 15 moved down");
    }

    @Test
    void shouldSayThatADryRunChangedNothing() {
        LevelRun run = new LevelRun(COMMAND);
        for (int partition = 0; partition < 6; partition++) {
            run.add(part(COMMAND, partition, 10, 1, 2, true, null));
        }

        List<String> lines = print(run);

        assertThat(lines.get(1)).contains(" yes ");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("dry run of level run " + COMMAND + " on 6 of 6 "
                + "partitions (curve version 2): 60 users evaluated, 6 would move up, 12 would move down; nothing "
                + "changed");
    }

    @Test
    void shouldShowRefusalsAndMissingPartitions() {
        LevelRun run = new LevelRun(COMMAND);
        run.add(part(0, 10, 1, 0));
        run.add(part(COMMAND, 1, 0, 0, 0, false, "curve version 3 is not the processor's (it runs 2)"));
        run.add(part(2, 10, 0, 1));

        List<String> lines = print(run);

        assertThat(run.refusals()).extracting(UserLevelsRecalculated::getPartition).containsExactly(1);
        assertThat(lines.get(2)).startsWith("1 ").endsWith("curve version 3 is not the processor's (it runs 2)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("level run " + COMMAND + " on 3 of 6 partitions (curve "
                + "version 2): 20 users evaluated, 1 moved up, 1 moved down; 1 partition refused; no answer from "
                + "partitions 3, 4, 5");
    }

    private static List<String> print(LevelRun run) {
        StringWriter out = new StringWriter();
        run.print(new PrintWriter(out, true));
        return out.toString().lines().toList();
    }
}
