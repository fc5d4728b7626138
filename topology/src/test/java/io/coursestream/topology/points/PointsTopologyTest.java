// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.points;

import static io.coursestream.topology.testing.InputEvents.metadata;
import static io.coursestream.topology.testing.PointsFixtures.multiplier;
import static io.coursestream.topology.testing.PointsFixtures.rule;
import static io.coursestream.topology.testing.PointsFixtures.ruleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.control.CalculateUserLevels;
import io.coursestream.schemas.learning.AchievementRevoked;
import io.coursestream.schemas.learning.AchievementUnlocked;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.points.AchievementEarned;
import io.coursestream.schemas.points.ActivityType;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.LedgerEntryKind;
import io.coursestream.schemas.points.LevelChangeDirection;
import io.coursestream.schemas.points.Milestone;
import io.coursestream.schemas.points.PointsAwarded;
import io.coursestream.schemas.points.PointsReversed;
import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.points.RefusalReason;
import io.coursestream.schemas.points.UserLevelChanged;
import io.coursestream.schemas.points.UserLevelsRecalculated;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.StreamProcessorTopology;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.PointsFixtures;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

/** The points ledger inside the whole processor topology: activities in, ledger, events and totals out. */
class PointsTopologyTest {

    /** A Monday, 10:00 UTC. */
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final String ADA = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final String GRACE = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final Duration APART = Duration.ofMinutes(10);

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> learning;
    private TestInputTopic<String, SpecificRecord> referrals;
    private TestInputTopic<String, SpecificRecord> users;
    private TestInputTopic<String, SpecificRecord> control;
    private TestInputTopic<String, SpecificRecord> rules;
    private TestOutputTopic<String, SpecificRecord> ledger;
    private TestOutputTopic<String, SpecificRecord> events;
    private TestOutputTopic<String, SpecificRecord> totals;
    private final List<SpecificRecord> written = new ArrayList<>();

    @BeforeEach
    void startDriver() {
        start(PointsSettings.DEFAULTS);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- each rule ------------------------------------------------------------------------------------------------

    @Test
    void shouldPriceEveryActivityWithTheShippedRules() {
        // When
        learning(ADA, episode(ADA, "episode-1", T0));
        learning(ADA, course(ADA, "course-1", T0.plus(APART)));
        learning(ADA, achievement(ADA, "achievement-1", "first-comment", T0.plus(APART.multipliedBy(2))));
        learning(ADA, enrolled(ADA, "course-2", T0.plus(APART.multipliedBy(3))));
        referrals.pipeInput(GRACE, referral(GRACE, ADA, T0.plus(APART.multipliedBy(4))), T0.plus(APART.multipliedBy(4)));

        // Then
        List<LedgerEntry> entries = ledgerEntries();
        assertThat(entries).extracting(LedgerEntry::getActivityType, LedgerEntry::getPoints).containsExactly(
                tuple(ActivityType.EPISODE_COMPLETED, 10L),
                tuple(ActivityType.COURSE_COMPLETED, 100L),
                tuple(ActivityType.ACHIEVEMENT_UNLOCKED, 50L),
                tuple(ActivityType.COURSE_ENROLLED, 5L),
                tuple(ActivityType.REFERRAL_COMPLETED, 200L));
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.getUserId()).isEqualTo(ADA);
            assertThat(entry.getKind()).isEqualTo(LedgerEntryKind.AWARD);
            assertThat(entry.getRuleVersion()).isEqualTo(1);
            assertThat(entry.getEntryId()).isEqualTo(entry.getSourceEventId() + ":1");
        });
        assertThat(entries).extracting(LedgerEntry::getBalanceAfter).containsExactly(10L, 110L, 160L, 165L, 365L);
        PointsTotal total = total(ADA);
        assertThat(total.getTotalPoints()).isEqualTo(365);
        assertThat(total.getLevel()).isEqualTo(3);
        assertThat(total.getNextLevelThreshold()).isEqualTo(500L);
        assertThat(total.getPointsByActivity()).containsEntry("REFERRAL_COMPLETED", 200L).containsEntry("EPISODE_COMPLETED", 10L);
        assertThat(eventsOf(PointsAwarded.class)).hasSize(5);
    }

    @Test
    void shouldPreferAnAchievementTypesOwnRuleAndApplyActiveMultipliers() {
        // Given: version 2 from T0 on, a specific rule for perfect quizzes and double points on Sunday 8 November
        publish(ruleSet(2, false, T0, List.of(
                rule(ActivityType.ACHIEVEMENT_UNLOCKED, null, 50, null),
                rule(ActivityType.ACHIEVEMENT_UNLOCKED, "quiz-perfect-score", 80, 15_000),
                rule(ActivityType.EPISODE_COMPLETED, null, 7, null)),
                List.of(multiplier("weekend", 20_000, Instant.parse("2026-11-08T00:00:00Z"),
                        Instant.parse("2026-11-09T00:00:00Z")))));

        // When
        learning(ADA, achievement(ADA, "a-1", "quiz-perfect-score", T0.plus(APART)));
        learning(ADA, achievement(ADA, "a-2", "first-comment", T0.plus(APART.multipliedBy(2))));
        learning(ADA, episode(ADA, "episode-1", Instant.parse("2026-11-08T12:00:00Z")));
        learning(ADA, episode(ADA, "episode-2", Instant.parse("2026-11-09T12:00:00Z")));

        // Then: 80 x 1.5, 50, 7 x 2 (rounded from 14), 7
        assertThat(ledgerEntries()).extracting(LedgerEntry::getPoints, LedgerEntry::getMultiplierBasisPoints,
                LedgerEntry::getRuleVersion).containsExactly(
                        tuple(120L, 15_000, 2),
                        tuple(50L, 10_000, 2),
                        tuple(14L, 20_000, 2),
                        tuple(7L, 10_000, 2));
    }

    @Test
    void shouldKeepOldActivityOnTheVersionInForceWhenItHappened() {
        // Given: version 2 (episodes 20) takes effect an hour after T0, not retroactively
        publish(ruleSet(2, false, T0.plus(Duration.ofHours(1)), List.of(rule(ActivityType.EPISODE_COMPLETED, null, 20, null)),
                List.of()));

        // When
        learning(ADA, episode(ADA, "episode-1", T0));
        learning(ADA, episode(ADA, "episode-2", T0.plus(Duration.ofHours(2))));

        // Then
        assertThat(ledgerEntries()).extracting(LedgerEntry::getPoints, LedgerEntry::getRuleVersion).containsExactly(
                tuple(10L, 1), tuple(20L, 2));
    }

    @Test
    void shouldRecordAnActivityWithoutARuleAsRefused() {
        // Given: version 2 switches enrolments off
        publish(ruleSet(2, false, T0, List.of(rule(ActivityType.COURSE_ENROLLED, null, 0, null)), List.of()));

        // When
        learning(ADA, enrolled(ADA, "course-1", T0.plus(APART)));
        learning(ADA, episode(ADA, "episode-1", T0.plus(APART.multipliedBy(2))));

        // Then
        List<LedgerEntry> entries = ledgerEntries();
        assertThat(entries).extracting(LedgerEntry::getKind).containsOnly(LedgerEntryKind.REFUSED);
        assertThat(entries).extracting(LedgerEntry::getRefusalReason).containsOnly(RefusalReason.NO_RULE);
        assertThat(entries).extracting(LedgerEntry::getPoints).containsOnly(0L);
        assertThat(totals.isEmpty()).isTrue();
    }

    // ---- idempotency ----------------------------------------------------------------------------------------------

    @Test
    void shouldCountAReplayedSourceEventOnce() {
        // Given
        EpisodeCompleted episode = episode(ADA, "episode-1", T0);
        learning(ADA, episode);

        // When: the same event (same event id) arrives again, twice
        learning(ADA, episode);
        learning(ADA, episode);

        // Then
        assertThat(ledgerEntries()).hasSize(1);
        assertThat(total(ADA).getTotalPoints()).isEqualTo(10);
        assertThat(totals.readValuesToList()).hasSize(1);
    }

    // ---- cheat guard ----------------------------------------------------------------------------------------------

    @Test
    void shouldRefuseMoreThanTenAwardsPerMinute() {
        // When: twelve different episodes within 55 seconds
        for (int i = 0; i < 12; i++) {
            learning(ADA, episode(ADA, "episode-" + i, T0.plusSeconds(5L * i)));
        }
        // and one more once the first award has left the window
        learning(ADA, episode(ADA, "episode-late", T0.plusSeconds(61)));

        // Then
        List<LedgerEntry> entries = ledgerEntries();
        assertThat(entries).extracting(LedgerEntry::getKind).containsExactly(
                LedgerEntryKind.AWARD, LedgerEntryKind.AWARD, LedgerEntryKind.AWARD, LedgerEntryKind.AWARD,
                LedgerEntryKind.AWARD, LedgerEntryKind.AWARD, LedgerEntryKind.AWARD, LedgerEntryKind.AWARD,
                LedgerEntryKind.AWARD, LedgerEntryKind.AWARD, LedgerEntryKind.REFUSED, LedgerEntryKind.REFUSED,
                LedgerEntryKind.AWARD);
        assertThat(entries.get(10).getRefusalReason()).isEqualTo(RefusalReason.RATE_LIMITED);
        assertThat(entries.get(10).getReason()).contains("more than 10 awards within 60 s");
        assertThat(total(ADA).getTotalPoints()).isEqualTo(110);
    }

    @Test
    void shouldRefuseTheSameActionOnTheSameSubjectWithinTheMinimumGap() {
        // When: episode 1 again after 2 minutes (refused), then after 3 minutes since the award (counts)
        learning(ADA, episode(ADA, "episode-1", T0));
        learning(ADA, episode(ADA, "episode-1", T0.plus(Duration.ofMinutes(2))));
        learning(ADA, episode(ADA, "episode-2", T0.plus(Duration.ofMinutes(2))));
        learning(ADA, episode(ADA, "episode-1", T0.plus(Duration.ofMinutes(3))));

        // Then
        List<LedgerEntry> entries = ledgerEntries();
        assertThat(entries).extracting(LedgerEntry::getKind).containsExactly(LedgerEntryKind.AWARD,
                LedgerEntryKind.REFUSED, LedgerEntryKind.AWARD, LedgerEntryKind.AWARD);
        assertThat(entries.get(1).getRefusalReason()).isEqualTo(RefusalReason.MIN_INTERVAL);
        assertThat(total(ADA).getTotalPoints()).isEqualTo(30);
    }

    @Test
    void shouldAwardACoursesCompletionOnce() {
        // When: the platform reports the completion twice (two events), an hour apart
        learning(ADA, course(ADA, "course-1", T0));
        learning(ADA, course(ADA, "course-1", T0.plus(Duration.ofHours(1))));

        // Then
        List<LedgerEntry> entries = ledgerEntries();
        assertThat(entries).extracting(LedgerEntry::getKind).containsExactly(LedgerEntryKind.AWARD, LedgerEntryKind.REFUSED);
        assertThat(entries.get(1).getRefusalReason()).isEqualTo(RefusalReason.ALREADY_AWARDED);
        assertThat(total(ADA).getTotalPoints()).isEqualTo(100);
    }

    @Test
    void shouldUseConfiguredGuardLimits() {
        // Given: 2 awards per minute, no minimum gap
        driver.close();
        start(new PointsSettings(LevelCurve.DEFAULT, 2, Duration.ofMinutes(1), Duration.ZERO, Duration.ofSeconds(1)));

        // When
        learning(ADA, episode(ADA, "episode-1", T0));
        learning(ADA, episode(ADA, "episode-1", T0.plusSeconds(1)));
        learning(ADA, episode(ADA, "episode-1", T0.plusSeconds(2)));

        // Then
        assertThat(ledgerEntries()).extracting(LedgerEntry::getRefusalReason).containsExactly(null, null,
                RefusalReason.RATE_LIMITED);
    }

    // ---- levels ---------------------------------------------------------------------------------------------------

    @Test
    void shouldMoveALevelUpAndDownWhenPointsAreReversed() {
        // Given: 10 + 100 + 50 = 160 points, level 2 (100..249)
        learning(ADA, episode(ADA, "episode-1", T0));
        learning(ADA, achievement(ADA, "achievement-1", "first-comment", T0.plus(APART)));
        learning(ADA, course(ADA, "course-1", T0.plus(APART.multipliedBy(2))));

        // When: the achievement is revoked: 110 points, still level 2; a second reversal is not possible
        learning(ADA, revoked(ADA, "achievement-1", T0.plus(APART.multipliedBy(3))));
        learning(ADA, revoked(ADA, "achievement-1", T0.plus(APART.multipliedBy(4))));

        // Then
        List<LedgerEntry> entries = ledgerEntries();
        LedgerEntry reversal = entries.get(3);
        assertThat(entries).hasSize(4);
        assertThat(reversal.getKind()).isEqualTo(LedgerEntryKind.REVERSAL);
        assertThat(reversal.getPoints()).isEqualTo(-50);
        assertThat(reversal.getRelatedEntryId()).isEqualTo(entries.get(1).getEntryId());
        assertThat(reversal.getBalanceAfter()).isEqualTo(110);
        assertThat(eventsOf(PointsReversed.class)).singleElement()
                .satisfies(reversed -> assertThat(reversed.getRelatedEntryId()).isEqualTo(entries.get(1).getEntryId()));
        assertThat(eventsOf(UserLevelChanged.class)).singleElement()
                .satisfies(changed -> assertThat(changed.getDirection()).isEqualTo(LevelChangeDirection.UP));
    }

    @Test
    void shouldAnnounceALevelDownMove() {
        // Given: an achievement of 100 points puts Ada on level 2
        publish(ruleSet(2, false, T0, List.of(rule(ActivityType.ACHIEVEMENT_UNLOCKED, null, 100, null)), List.of()));
        learning(ADA, achievement(ADA, "achievement-1", "contest", T0.plus(APART)));

        // When
        learning(ADA, revoked(ADA, "achievement-1", T0.plus(APART.multipliedBy(2))));

        // Then
        List<UserLevelChanged> changes = eventsOf(UserLevelChanged.class);
        assertThat(changes).extracting(UserLevelChanged::getPreviousLevel, UserLevelChanged::getNewLevel,
                UserLevelChanged::getDirection).containsExactly(
                        tuple(1, 2, LevelChangeDirection.UP),
                        tuple(2, 1, LevelChangeDirection.DOWN));
        assertThat(changes.get(1).getCausedByEntryId()).isEqualTo(ledgerEntries().get(1).getEntryId());
        assertThat(total(ADA).getLevel()).isEqualTo(1);
    }

    @Test
    void shouldReevaluateEveryUserAfterTheCurveChanged() {
        // Given: the processor now runs curve 2 (level 2 from 5, level 3 from 200) over totals placed by curve 1
        driver.close();
        start(PointsSettings.DEFAULTS.withLevels(new LevelCurve(2, List.of(0L, 5L, 200L))));
        placedByShippedCurve(ADA, 110);
        placedByShippedCurve(GRACE, 10);

        // When
        control.pipeInput("run-1", levelsCommand("run-1", 2, false));

        // Then: Ada stays on level 2, Grace moves up to it
        assertThat(eventsOf(UserLevelChanged.class)).extracting(UserLevelChanged::getUserId,
                UserLevelChanged::getNewLevel, UserLevelChanged::getCommandId, UserLevelChanged::getCausedByEntryId)
                .containsExactly(tuple(GRACE, 2, "run-1", null));
        assertThat(total(GRACE).getLevel()).isEqualTo(2);
        assertThat(total(GRACE).getLevelCurveVersion()).isEqualTo(2);
        assertThat(total(GRACE).getNextLevelThreshold()).isEqualTo(200L);
        // The test driver has one partition; on the broker every partition reports (PointsQueriesSystemIT)
        assertThat(summaries()).singleElement().satisfies(summary -> {
            assertThat(summary.getPartitions()).isEqualTo(Topics.PARTITIONS);
            assertThat(summary.getUsersEvaluated()).isEqualTo(2);
            assertThat(summary.getMovedUp()).isEqualTo(1);
            assertThat(summary.getMovedDown()).isZero();
            assertThat(summary.getRefusal()).isNull();
        });
    }

    @Test
    void shouldOnlyReportWhoWouldMoveInADryRunAndRefuseAnotherCurveVersion() {
        // Given: Ada's 100 points were level 2; under curve 2 level 2 starts at 500
        driver.close();
        start(PointsSettings.DEFAULTS.withLevels(new LevelCurve(2, List.of(0L, 500L))));
        placedByShippedCurve(ADA, 100);

        // When
        control.pipeInput("dry", levelsCommand("dry", null, true));
        control.pipeInput("wrong", levelsCommand("wrong", 7, false));

        // Then
        assertThat(eventsOf(UserLevelChanged.class)).isEmpty();
        Map<String, List<UserLevelsRecalculated>> byRun = summaries().stream()
                .collect(Collectors.groupingBy(UserLevelsRecalculated::getCommandId));
        assertThat(byRun.get("dry").stream().mapToLong(UserLevelsRecalculated::getMovedDown).sum()).isEqualTo(1);
        assertThat(total(ADA).getLevel()).isEqualTo(2);
        assertThat(byRun.get("wrong")).extracting(UserLevelsRecalculated::getRefusal)
                .containsOnly("this processor runs level curve version 2, not 7");
    }

    // ---- milestones -----------------------------------------------------------------------------------------------

    @Test
    void shouldEarnTheCourseAndPointsMilestonesOnce() {
        // When: ten courses (1,000 points with the tenth)
        for (int i = 1; i <= 11; i++) {
            learning(ADA, course(ADA, "course-" + i, T0.plus(APART.multipliedBy(i))));
        }

        // Then
        assertThat(eventsOf(AchievementEarned.class)).extracting(AchievementEarned::getMilestone,
                AchievementEarned::getValue).containsExactly(
                        tuple(Milestone.FIRST_COURSE_COMPLETED, 1L),
                        tuple(Milestone.TEN_COURSES_COMPLETED, 10L),
                        tuple(Milestone.ONE_THOUSAND_POINTS, 1_000L));
    }

    @Test
    void shouldEarnTheStreakAfterSevenLocalDaysInARow() {
        // Given: Ada lives in Tokyo; 23:30 UTC is already the next day there
        users.pipeInput(ADA, registered(ADA, "Asia/Tokyo", T0));

        // When: one episode a day at 23:30 UTC for seven days
        for (int day = 0; day < 7; day++) {
            learning(ADA, episode(ADA, "episode-" + day, Instant.parse("2026-11-02T23:30:00Z").plus(Duration.ofDays(day))));
        }

        // Then
        assertThat(eventsOf(AchievementEarned.class)).extracting(AchievementEarned::getMilestone)
                .containsExactly(Milestone.SEVEN_DAY_STREAK);
    }

    // ---- retroactive rule versions ---------------------------------------------------------------------------------

    @Test
    void shouldCompensateHistoryWhenARetroactiveVersionTakesEffect() {
        // Given: Ada 2 episodes (20) and an enrolment (5); Grace 1 episode (10); then episodes fall below level 2
        learning(ADA, episode(ADA, "episode-1", T0));
        learning(ADA, episode(ADA, "episode-2", T0.plus(APART)));
        learning(ADA, enrolled(ADA, "course-1", T0.plus(APART.multipliedBy(2))));
        learning(ADA, course(ADA, "course-1", T0.plus(APART.multipliedBy(3))));
        learning(GRACE, episode(GRACE, "episode-1", T0));
        ledgerEntries();
        totals.readValuesToList();
        forgetEvents();

        // When: version 2, retroactive, episodes 15, enrolments unchanged, courses 80; the rules check runs
        publish(ruleSet(2, true, T0.plus(Duration.ofDays(1)), List.of(
                rule(ActivityType.EPISODE_COMPLETED, null, 15, null),
                rule(ActivityType.COURSE_ENROLLED, null, 5, null),
                rule(ActivityType.COURSE_COMPLETED, null, 80, null)), List.of()));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(ledgerEntries()).as("not yet in effect").isEmpty();
        driver.advanceWallClockTime(Duration.ofDays(1));

        // Then: +5 +5 -20 for Ada, +5 for Grace, each referring to the entry it corrects
        List<LedgerEntry> compensations = ledgerEntries();
        assertThat(compensations).extracting(LedgerEntry::getKind).containsOnly(LedgerEntryKind.COMPENSATION);
        assertThat(compensations).allSatisfy(entry -> {
            assertThat(entry.getEntryId()).isEqualTo(entry.getSourceEventId() + ":2");
            assertThat(entry.getRelatedEntryId()).isEqualTo(entry.getSourceEventId() + ":1");
        });
        assertThat(compensations.stream().filter(entry -> entry.getUserId().equals(ADA)).map(LedgerEntry::getPoints))
                .containsExactlyInAnyOrder(5L, 5L, -20L);
        assertThat(total(ADA).getTotalPoints()).isEqualTo(15 + 15 + 5 + 80);
        assertThat(total(GRACE).getTotalPoints()).isEqualTo(15);
        assertThat(eventsOf(UserLevelChanged.class)).isEmpty();

        // and new activity, even older than the version's effective time, is priced by it
        learning(GRACE, episode(GRACE, "episode-2", T0.plus(APART)));
        assertThat(ledgerEntries()).extracting(LedgerEntry::getPoints, LedgerEntry::getRuleVersion)
                .containsExactly(tuple(15L, 2));

        // and it is applied once
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(ledgerEntries()).isEmpty();
    }

    @Test
    void shouldMoveLevelsWithARetroactiveChange() {
        // Given: a course (100) puts Ada on level 2
        learning(ADA, course(ADA, "course-1", T0));

        // When: courses are worth 60 from now on, for the whole history
        publish(ruleSet(2, true, T0, List.of(rule(ActivityType.COURSE_COMPLETED, null, 60, null)), List.of()));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // Then
        assertThat(eventsOf(UserLevelChanged.class)).extracting(UserLevelChanged::getNewLevel,
                UserLevelChanged::getDirection).containsExactly(
                        tuple(2, LevelChangeDirection.UP),
                        tuple(1, LevelChangeDirection.DOWN));
        assertThat(total(ADA).getTotalPoints()).isEqualTo(60);
    }

    @Test
    void shouldPriceAnActivityRefusedForWantOfARuleOnceARetroactiveVersionPricesIt() {
        // Given: enrolments switched off in version 2
        publish(ruleSet(2, false, T0, List.of(rule(ActivityType.COURSE_ENROLLED, null, 0, null)), List.of()));
        learning(ADA, enrolled(ADA, "course-1", T0.plus(APART)));

        // When
        publish(ruleSet(3, true, T0, List.of(rule(ActivityType.COURSE_ENROLLED, null, 8, null)), List.of()));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // Then
        assertThat(ledgerEntries()).extracting(LedgerEntry::getKind, LedgerEntry::getPoints).containsExactly(
                tuple(LedgerEntryKind.REFUSED, 0L),
                tuple(LedgerEntryKind.COMPENSATION, 8L));
    }

    // ---- stores ---------------------------------------------------------------------------------------------------

    @Test
    void shouldKeepTheLedgerInOrderAndUsersRankedByTotal() {
        // When
        learning(ADA, episode(ADA, "episode-1", T0));
        learning(GRACE, course(GRACE, "course-1", T0));
        learning(ADA, course(ADA, "course-1", T0.plus(APART)));
        learning(ADA, episode(ADA, "episode-1", T0.plusSeconds(1)));

        // Then
        var ledgerStore = driver.<String, LedgerEntry>getKeyValueStore(PointsStores.LEDGER);
        List<String> adaEntries = new ArrayList<>();
        try (var range = ledgerStore.prefixScan(PointsStores.userPrefix(ADA), new StringSerializer())) {
            range.forEachRemaining(entry -> adaEntries.add(entry.value.getKind() + " " + entry.value.getPoints()));
        }
        assertThat(adaEntries).containsExactly("AWARD 10", "AWARD 100", "REFUSED 0");
        List<String> ranking = new ArrayList<>();
        try (var all = driver.<String, String>getKeyValueStore(PointsStores.RANKING).all()) {
            all.forEachRemaining(entry -> ranking.add(entry.value + "=" + PointsStores.totalOf(entry.key)));
        }
        assertThat(ranking).containsExactly(ADA + "=110", GRACE + "=100");
        assertThat(driver.<String, Long>getKeyValueStore(PointsStores.SCORES).get(PointsStores.scoreKey(10))).isNull();
        assertThat(driver.<String, Long>getKeyValueStore(PointsStores.SCORES).get(PointsStores.scoreKey(110))).isEqualTo(1);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private void start(PointsSettings settings) {
        driver = new TopologyTestDriver(StreamProcessorTopology.build(avro, QueuePolicies.defaults(), settings),
                DriverConfig.of("points-test", stateDir), T0);
        learning = input(Topics.LEARNING_EVENTS.name());
        referrals = input(Topics.REFERRAL_EVENTS.name());
        users = input(Topics.USER_EVENTS.name());
        control = input(Topics.CONTROL_COMMANDS.name());
        rules = input(Topics.POINTS_RULES.name());
        ledger = driver.createOutputTopic(Topics.POINTS_LEDGER.name(), new StringDeserializer(), avro.deserializer());
        events = driver.createOutputTopic(Topics.POINTS_EVENTS.name(), new StringDeserializer(), avro.deserializer());
        totals = driver.createOutputTopic(Topics.POINTS_TOTALS.name(), new StringDeserializer(), avro.deserializer());
    }

    private TestInputTopic<String, SpecificRecord> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), avro.serializer());
    }

    /** Written when it happened: validation refuses events that claim to happen long after their record. */
    private void learning(String userId, SpecificRecord event) {
        learning.pipeInput(userId, event, occurredAt(event));
    }

    private static Instant occurredAt(SpecificRecord event) {
        return ((EventMetadata) event.get(event.getSchema().getField("metadata").pos())).getOccurredAt();
    }

    private void publish(PointsRuleSet set) {
        rules.pipeInput(String.valueOf(set.getRuleVersion()), set);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private List<LedgerEntry> ledgerEntries() {
        return ledger.readValuesToList().stream().map(LedgerEntry.class::cast).toList();
    }

    /** The events of a type written so far; each call sees every event since the last {@link #forgetEvents}. */
    private <T> List<T> eventsOf(Class<T> type) {
        written.addAll(events.readValuesToList());
        return written.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void forgetEvents() {
        eventsOf(SpecificRecord.class);
        written.clear();
    }

    private List<UserLevelsRecalculated> summaries() {
        return eventsOf(UserLevelsRecalculated.class);
    }

    /** A total as the shipped curve placed it, as if written before the processor's curve changed. */
    private void placedByShippedCurve(String userId, long points) {
        driver.<String, PointsUserState>getKeyValueStore(PointsStores.USERS).put(userId,
                PointsUserState.newBuilder().setTotal(PointsFixtures.total(userId, points, T0)).build());
    }


    private PointsTotal total(String userId) {
        PointsUserState state = driver.<String, PointsUserState>getKeyValueStore(PointsStores.USERS).get(userId);
        return state == null ? null : state.getTotal();
    }

    private static EpisodeCompleted episode(String userId, String episodeId, Instant at) {
        return EpisodeCompleted.newBuilder().setMetadata(metadata(at)).setUserId(userId).setCourseId("course-1")
                .setEpisodeId(episodeId).setWatchedSeconds(600L).build();
    }

    private static CourseCompleted course(String userId, String courseId, Instant at) {
        return CourseCompleted.newBuilder().setMetadata(metadata(at)).setUserId(userId).setCourseId(courseId)
                .setCompletedEpisodes(1).setDetectedBy("player").setCompletedEpisodeIds(List.of("episode-1")).build();
    }

    private static AchievementUnlocked achievement(String userId, String achievementId, String type, Instant at) {
        return AchievementUnlocked.newBuilder().setMetadata(metadata(at)).setUserId(userId)
                .setAchievementId(achievementId).setAchievementType(type).setTitle(null).setCourseId(null).build();
    }

    private static AchievementRevoked revoked(String userId, String achievementId, Instant at) {
        return AchievementRevoked.newBuilder().setMetadata(metadata(at)).setUserId(userId)
                .setAchievementId(achievementId).setReason("copied answers").setRevokedBy("moderator-1").build();
    }

    private static CourseEnrolled enrolled(String userId, String courseId, Instant at) {
        return CourseEnrolled.newBuilder().setMetadata(metadata(at)).setUserId(userId).setCourseId(courseId)
                .setSource("free").setTransactionId(null).build();
    }

    private static ReferralCompleted referral(String referredUserId, String affiliateId, Instant at) {
        return ReferralCompleted.newBuilder().setMetadata(metadata(at)).setReferredUserId(referredUserId)
                .setVisitorId(null).setAffiliateId(affiliateId).setReferralCode("ADA-1815").build();
    }

    private static UserRegistered registered(String userId, String timezone, Instant at) {
        return UserRegistered.newBuilder(InputEvents.userRegistered(userId, at))
                .setLocaleSettings(new LocaleSettings("ja-JP", timezone)).build();
    }

    private static CalculateUserLevels levelsCommand(String commandId, Integer curveVersion, boolean dryRun) {
        EventMetadata metadata = metadata(T0);
        return CalculateUserLevels.newBuilder().setMetadata(metadata).setCommandId(commandId)
                .setRequestedBy("ops").setLevelCurveVersion(curveVersion).setDryRun(dryRun).build();
    }
}
