// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.affiliates;

import static io.coursestream.topology.affiliates.AffiliateDriver.T0;
import static io.coursestream.topology.testing.AffiliateFixtures.codeOf;
import static io.coursestream.topology.testing.AffiliateFixtures.processCommissions;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.affiliates.AffiliateDailyStats;
import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.topology.testing.AffiliateFixtures;

/**
 * An affiliate's dashboard numbers in {@value AffiliateTopology#STATS_STORE} and on {@code affiliates.stats}, and
 * replays: every input given again changes nothing.
 */
class AffiliateStatsTopologyTest {

    static final String ALICE = "a11ce000-0000-4000-8000-000000000003";
    static final String BUYER_1 = "b0000001-0000-4000-8000-000000000001";
    static final String BUYER_2 = "b0000002-0000-4000-8000-000000000002";
    static final String BUYER_3 = "b0000003-0000-4000-8000-000000000003";
    static final String VISITOR = "visitor-4";

    private static final Instant DAY_1 = T0;
    private static final Instant DAY_2 = T0.plus(Duration.ofDays(1));
    private static final Instant HOLD_ENDS = DAY_2.plus(Duration.ofDays(30));

    @TempDir
    Path stateDir;

    private AffiliateDriver affiliates;

    @BeforeEach
    void start() {
        affiliates = new AffiliateDriver(stateDir, AffiliateSettings.DEFAULTS.withPartitions(1));
    }

    @AfterEach
    void close() {
        affiliates.close();
    }

    @Test
    void shouldKeepEveryNumberOfTheDashboard() {
        // When
        story();

        // Then
        AffiliateStats stats = affiliates.statsOf(ALICE);
        assertThat(stats.getClickCount()).as("four distinct clicks").isEqualTo(4);
        assertThat(stats.getSignupCount()).as("three users sponsored by Alice").isEqualTo(3);
        assertThat(stats.getConversionCount()).isEqualTo(3);
        assertThat(stats.getFlaggedConversionCount()).isEqualTo(1);
        assertThat(stats.getConversionRateBasisPoints()).as("3 conversions / 4 clicks").isEqualTo(7_500);
        assertThat(stats.getRevenue()).isEqualTo(Map.of("EUR", 13_000L, "USD", 5_000L));
        assertThat(stats.getCommissionsPending()).isEmpty();
        assertThat(stats.getCommissionsHeldForReview()).isEmpty();
        assertThat(stats.getCommissionsApproved()).isEqualTo(Map.of("USD", 1_000L));
        assertThat(stats.getCommissionsPaid()).isEqualTo(Map.of("EUR", 1_500L));
        assertThat(stats.getCommissionsReversed()).as("a quarter of 20.00 refunded, 6.00 declined")
                .isEqualTo(Map.of("EUR", 1_100L));
        assertThat(stats.getCarryOver()).isEmpty();
        assertThat(stats.getDaily()).containsExactly(
                new AffiliateDailyStats(LocalDate.of(2026, 3, 2), 4L, 2L, 0L, Map.of(), Map.of()),
                new AffiliateDailyStats(LocalDate.of(2026, 3, 3), 0L, 1L, 3L, Map.of("EUR", 13_000L, "USD", 5_000L),
                        Map.of("EUR", 2_600L, "USD", 1_000L)));
        List<KeyValue<String, SpecificRecord>> published = affiliates.stats();
        assertThat(published.get(published.size() - 1).value).as("the latest on affiliates.stats").isEqualTo(stats);
    }

    @Test
    void shouldKeepOnlyTheConfiguredNumberOfDaysInTheSeries() {
        // Given: a two-day series
        affiliates.close();
        affiliates = new AffiliateDriver(stateDir.resolve("two-days"), AffiliateSettings.DEFAULTS.withPartitions(1)
                .withDailySeriesDays(2));

        // When: clicks on three days, then a late one for the first day
        for (int day = 0; day < 3; day++) {
            affiliates.click("visitor-" + day, ALICE, T0.plus(Duration.ofDays(day)));
        }
        affiliates.click("visitor-late", ALICE, T0.plusSeconds(1));

        // Then: all counted, only the last two days in the series
        AffiliateStats stats = affiliates.statsOf(ALICE);
        assertThat(stats.getClickCount()).isEqualTo(4);
        assertThat(stats.getDaily()).extracting(AffiliateDailyStats::getDate)
                .containsExactly(LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 4));
    }

    @Test
    void shouldChangeNothingWhenEveryInputIsReplayed() {
        // Given
        story();
        affiliates.events();
        affiliates.stats();
        affiliates.profiles();
        affiliates.jobs();
        AffiliateStats before = affiliates.statsOf(ALICE);

        // When
        affiliates.replayInputs();

        // Then
        assertThat(affiliates.events()).isEmpty();
        assertThat(affiliates.stats()).isEmpty();
        assertThat(affiliates.profiles()).isEmpty();
        assertThat(affiliates.jobs()).isEmpty();
        assertThat(affiliates.statsOf(ALICE)).isEqualTo(before);
    }

    /**
     * Day 1: four visitors click Alice's link (one click delivered twice), two sign up through it. Day 2: both pay
     * (100.00 EUR, 50.00 USD), a third user registered with Alice's code and her e-mail pays 30.00 EUR (flagged);
     * a quarter of the first payment is refunded. After the hold the clean ones are approved, the flagged one
     * declined, and a run pays the EUR balance (minimum of one active customer).
     */
    private void story() {
        affiliates.close();
        affiliates = new AffiliateDriver(stateDir.resolve("story"), AffiliateSettings.DEFAULTS.withPartitions(1)
                .withPayouts(AffiliateSettings.Payouts.DEFAULTS.withMinActiveCustomers(1)
                        .withThreshold(new java.math.BigDecimal("10"))));
        affiliates.register(AffiliateFixtures.registered(ALICE, "alice@example.org", null, "10.7.0.1", "device-alice",
                DAY_1));
        affiliates.linkPayoutAccount(ALICE, "acct_alice", DAY_1);
        ReferralClicked click = AffiliateFixtures.clicked(BUYER_1, ALICE, "10.7.1.1", null, DAY_1.plusSeconds(1));
        affiliates.pipeReferral(BUYER_1, click, DAY_1.plusSeconds(1));
        affiliates.pipeReferral(BUYER_1, click, DAY_1.plusSeconds(1));
        affiliates.click(BUYER_2, ALICE, DAY_1.plusSeconds(2));
        affiliates.click(VISITOR, ALICE, DAY_1.plusSeconds(3));
        affiliates.click("visitor-5", ALICE, DAY_1.plusSeconds(4));
        affiliates.complete(BUYER_1, ALICE, DAY_1.plusSeconds(10));
        affiliates.complete(BUYER_2, ALICE, DAY_1.plusSeconds(11));
        affiliates.register(AffiliateFixtures.registered(BUYER_3, "ALICE@example.org", codeOf(ALICE), "10.7.3.1",
                "device-3", DAY_2));

        PaymentSucceeded first = affiliates.pay(BUYER_1, 10_000, "EUR", DAY_2.plusSeconds(60));
        affiliates.pay(BUYER_2, 5_000, "USD", DAY_2.plusSeconds(61));
        PaymentSucceeded flagged = affiliates.pay(BUYER_3, 3_000, "EUR", DAY_2.plusSeconds(62));
        affiliates.refund(first, 2_500, DAY_2.plusSeconds(3_600));

        affiliates.streamTimeTo(HOLD_ENDS.plusSeconds(61));
        affiliates.review(AffiliateIds.conversionId(flagged.getTransactionId()), ReviewDecision.DECLINE,
                HOLD_ENDS.plusSeconds(120));
        affiliates.processCommissions(processCommissions(HOLD_ENDS.plusSeconds(180), "EUR", null, false,
                HOLD_ENDS.plusSeconds(180)));
    }
}
