// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.affiliates;

import static io.coursestream.topology.affiliates.AffiliateDriver.T0;
import static io.coursestream.topology.testing.AffiliateFixtures.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentSucceeded;

/**
 * Relative multi-tier commissions: the credited affiliate, their sponsor and the sponsor's sponsor, each with the
 * level bonus of their own level; the chain stops at a missing sponsor, a cycle and the buyer; the tiers add up to the
 * rounded total.
 */
class CommissionTopologyTest {

    static final String GRACE = "6eace000-0000-4000-8000-000000000001";
    static final String BOB = "b0b00000-0000-4000-8000-000000000002";
    static final String ALICE = "a11ce000-0000-4000-8000-000000000003";
    static final String CAROL = "ca401000-0000-4000-8000-000000000004";

    private static final Instant PAID_AT = T0.plus(Duration.ofDays(1));

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
    void shouldPayThreeTiersTheirRelativeRates() {
        // Given: Grace sponsors Bob, Bob sponsors Alice, Alice referred Carol
        chain();

        // When
        PaymentSucceeded payment = affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        String conversionId = AffiliateIds.conversionId(payment.getTransactionId());
        assertThat(affiliates.eventsOf(events, ConversionTracked.class)).extracting(ConversionTracked::getAffiliateId)
                .containsExactly(ALICE);
        List<AffiliateCommissionEarned> earned = affiliates.eventsOf(events, AffiliateCommissionEarned.class);
        assertThat(earned).extracting(AffiliateCommissionEarned::getCommissionId, AffiliateCommissionEarned::getTier,
                        AffiliateCommissionEarned::getAffiliateId, AffiliateCommissionEarned::getRateBasisPoints,
                        commission -> commission.getAmount().getAmountMinor())
                .containsExactly(
                        tuple(conversionId + ":1", 1, ALICE, 2000, 2_000L),
                        tuple(conversionId + ":2", 2, BOB, 500, 500L),
                        tuple(conversionId + ":3", 3, GRACE, 200, 200L));
        assertThat(earned).allSatisfy(commission -> {
            assertThat(commission.getConvertingAffiliateId()).isEqualTo(ALICE);
            assertThat(commission.getConversionId()).isEqualTo(conversionId);
            assertThat(commission.getTransactionId()).isEqualTo(payment.getTransactionId());
            assertThat(commission.getStatus()).isEqualTo(CommissionStatus.PENDING);
            assertThat(commission.getHoldUntil()).isEqualTo(PAID_AT.plus(Duration.ofDays(30)));
            assertThat(commission.getRevenue()).isEqualTo(new Money(10_000L, "EUR"));
            assertThat(commission.getAmount().getCurrency()).isEqualTo("EUR");
            assertThat(commission.getLevelBonusBasisPoints()).isZero();
            assertThat(commission.getAffiliateLevel()).isNull();
        });
        assertThat(events).filteredOn(event -> event.value instanceof AffiliateCommissionEarned)
                .extracting(event -> event.key).containsExactly(ALICE, BOB, GRACE);
        assertThat(affiliates.allRead()).isTrue();
    }

    @Test
    void shouldAddTheLevelBonusOfEachTiersOwnLevel() {
        // Given: Alice at level 5 (+1%), Bob at level 12 (+2.5%, the highest threshold reached), Grace at level 4
        chain();
        affiliates.level(ALICE, 5, T0.plusSeconds(600));
        affiliates.level(BOB, 12, T0.plusSeconds(601));
        affiliates.level(GRACE, 4, T0.plusSeconds(602));

        // When
        affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getAffiliateId, AffiliateCommissionEarned::getAffiliateLevel,
                        AffiliateCommissionEarned::getBaseRateBasisPoints,
                        AffiliateCommissionEarned::getLevelBonusBasisPoints,
                        AffiliateCommissionEarned::getRateBasisPoints, earned -> earned.getAmount().getAmountMinor())
                .containsExactly(
                        tuple(ALICE, 5, 2000, 100, 2100, 2_100L),
                        tuple(BOB, 12, 500, 250, 750, 750L),
                        tuple(GRACE, 4, 200, 0, 200, 200L));
    }

    @Test
    void shouldRoundTheTotalOnceAndDistributeTheRemainderOverTheTiers() {
        // Given
        chain();

        // When: 9.99 EUR: 1.998 + 0.4995 + 0.1998 = 2.6973, rounded to 2.70
        affiliates.pay(CAROL, 999, "EUR", PAID_AT);

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), AffiliateCommissionEarned.class))
                .extracting(earned -> earned.getAmount().getAmountMinor()).containsExactly(200L, 50L, 20L);
    }

    @Test
    void shouldPayInThePaymentsCurrencyWithItsMinorUnits() {
        // Given
        chain();

        // When: 1,234 JPY (no minor unit): 246.8 + 61.7 + 24.68 = 333.18, rounded to 333
        affiliates.pay(CAROL, 1_234, "JPY", PAID_AT);

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), AffiliateCommissionEarned.class))
                .extracting(earned -> earned.getAmount().getAmountMinor(), earned -> earned.getAmount().getCurrency())
                .containsExactly(tuple(247L, "JPY"), tuple(62L, "JPY"), tuple(24L, "JPY"));
    }

    @Test
    void shouldStopTheChainAtAUserWithoutSponsor() {
        // Given: Alice joined unreferred
        affiliates.register(ALICE, T0);
        affiliates.register(CAROL, codeOf(ALICE), T0.plusSeconds(60));

        // When
        affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getTier, AffiliateCommissionEarned::getAffiliateId)
                .containsExactly(tuple(1, ALICE));
    }

    @Test
    void shouldStopTheChainAtACycle() {
        // Given: Alice registered with Bob's code before Bob, who registered with Alice's: each sponsors the other
        affiliates.register(ALICE, codeOf(BOB), T0);
        affiliates.register(BOB, codeOf(ALICE), T0.plusSeconds(30));
        assertThat(affiliates.profileOf(ALICE).getSponsorId()).isEqualTo(BOB);
        assertThat(affiliates.profileOf(BOB).getSponsorId()).isEqualTo(ALICE);
        affiliates.register(CAROL, codeOf(ALICE), T0.plusSeconds(60));

        // When
        affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getTier, AffiliateCommissionEarned::getAffiliateId)
                .containsExactly(tuple(1, ALICE), tuple(2, BOB));
    }

    @Test
    void shouldStopTheChainAtTheBuyer() {
        // Given: Carol sponsors Bob, Bob sponsors Alice, and Carol buys through Alice's link
        affiliates.register(CAROL, T0);
        affiliates.register(BOB, codeOf(CAROL), T0.plusSeconds(10));
        affiliates.register(ALICE, codeOf(BOB), T0.plusSeconds(20));
        affiliates.click(CAROL, ALICE, T0.plusSeconds(30));

        // When
        affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then: the buyer never earns on their own purchase
        assertThat(affiliates.eventsOf(affiliates.events(), AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getTier, AffiliateCommissionEarned::getAffiliateId)
                .containsExactly(tuple(1, ALICE), tuple(2, BOB));
    }

    @Test
    void shouldPayAsManyTiersAsThereAreRates() {
        // Given: two tiers configured
        affiliates.close();
        affiliates = new AffiliateDriver(stateDir.resolve("two-tiers"), AffiliateSettings.DEFAULTS.withPartitions(1)
                .withCommissions(AffiliateSettings.Commissions.DEFAULTS.withTierRatesBasisPoints(List.of(1500, 1000))));
        chain();

        // When
        affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getAffiliateId, earned -> earned.getAmount().getAmountMinor())
                .containsExactly(tuple(ALICE, 1_500L), tuple(BOB, 1_000L));
    }

    /** Grace sponsors Bob, Bob sponsors Alice, Carol registered with Alice's code. */
    private void chain() {
        affiliates.register(GRACE, T0);
        affiliates.register(BOB, codeOf(GRACE), T0.plusSeconds(60));
        affiliates.register(ALICE, codeOf(BOB), T0.plusSeconds(120));
        affiliates.register(CAROL, codeOf(ALICE), T0.plusSeconds(180));
        affiliates.events();
    }
}
