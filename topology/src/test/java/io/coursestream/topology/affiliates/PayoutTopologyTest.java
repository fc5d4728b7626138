// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.affiliates;

import static io.coursestream.topology.affiliates.AffiliateDriver.T0;
import static io.coursestream.topology.testing.AffiliateFixtures.codeOf;
import static io.coursestream.topology.testing.AffiliateFixtures.processCommissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.CommissionReversed;
import io.coursestream.schemas.affiliates.PayoutCreated;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.topology.testing.InputEvents;

/**
 * Payouts (ProcessCommissions): per affiliate and currency over the threshold in that currency's minor units, net of
 * the carry-over, with enough active customers and a linked account; commanded (with filters and dry runs) or on
 * the wall-clock schedule; one ExecutePayout job each.
 */
class PayoutTopologyTest {

    static final String ALICE = "a11ce000-0000-4000-8000-000000000003";
    static final String BOB = "b0b00000-0000-4000-8000-000000000002";

    private static final Instant PAID_AT = T0.plus(Duration.ofDays(1));
    private static final Instant APPROVED = PAID_AT.plus(Duration.ofDays(31));
    private static final Instant RUN_AT = APPROVED.plus(Duration.ofDays(1));

    @TempDir
    Path stateDir;

    private AffiliateDriver affiliates;

    @BeforeEach
    void start() {
        affiliates = new AffiliateDriver(stateDir, AffiliateSettings.DEFAULTS.withPartitions(1));
        affiliates.register(ALICE, T0);
        affiliates.register(BOB, T0);
    }

    @AfterEach
    void close() {
        affiliates.close();
    }

    @Test
    void shouldPayAnApprovedBalanceThatReachesTheThreshold() {
        // Given: three customers of 100.00 EUR: 3 x 20.00 approved
        customers(ALICE, 3, 10_000, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.events();

        // When
        ProcessCommissions command = processCommissions(RUN_AT, null, null, false, RUN_AT);
        affiliates.processCommissions(command);

        // Then
        List<PayoutCreated> payouts = affiliates.eventsOf(affiliates.events(), PayoutCreated.class);
        String payoutId = AffiliateIds.payoutId(ALICE, "EUR", 1);
        assertThat(payouts).singleElement().satisfies(payout -> {
            assertThat(payout.getPayoutId()).isEqualTo(payoutId);
            assertThat(payout.getAffiliateId()).isEqualTo(ALICE);
            assertThat(payout.getAmount()).isEqualTo(new Money(6_000L, "EUR"));
            assertThat(payout.getGrossAmount()).isEqualTo(new Money(6_000L, "EUR"));
            assertThat(payout.getDeductedAmount()).isEqualTo(new Money(0L, "EUR"));
            assertThat(payout.getCommissionIds()).hasSize(3);
            assertThat(payout.getReversalIds()).isEmpty();
            assertThat(payout.getCommandId()).isEqualTo(command.getCommandId());
            assertThat(payout.getAsOf()).isEqualTo(RUN_AT);
        });
        List<JobCommand> jobs = affiliates.jobs();
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.getJobId()).isEqualTo(AffiliateIds.payoutJobId(payoutId));
            assertThat(job.getType()).isEqualTo(JobType.EXECUTE_PAYOUT);
            assertThat(job.getQueue()).isEqualTo(JobQueue.AFFILIATES);
            assertThat(job.getAttempt()).isEqualTo(1);
            assertThat(job.getUniqueKey()).isEqualTo(payoutId);
            assertThat(job.getCausationId()).isEqualTo(payouts.get(0).getMetadata().getEventId().toString());
            ExecutePayout payload = (ExecutePayout) job.getPayload();
            assertThat(payload.getPayoutId()).isEqualTo(payoutId);
            assertThat(payload.getAffiliateId()).isEqualTo(ALICE);
            assertThat(payload.getAmount()).isEqualTo(new Money(6_000L, "EUR"));
            assertThat(payload.getCommissionIds()).isEqualTo(payouts.get(0).getCommissionIds());
            assertThat(payload.getProvider()).isEqualTo(PaymentProvider.STRIPE);
            assertThat(payload.getDestinationAccount()).isEqualTo("acct_alice");
            assertThat(payload.getIdempotencyKey()).isEqualTo("affiliate-payout-" + payoutId);
        });
        AffiliateStats stats = affiliates.statsOf(ALICE);
        assertThat(stats.getCommissionsApproved()).isEmpty();
        assertThat(stats.getCommissionsPaid()).isEqualTo(Map.of("EUR", 6_000L));

        // and a second run finds nothing left to pay
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT.plusSeconds(60)));
        assertThat(affiliates.allRead()).isTrue();
    }

    @Test
    void shouldWaitUntilTheBalanceReachesTheThreshold() {
        // Given: 3 x 10.00 approved
        customers(ALICE, 3, 5_000, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.events();

        // When
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT));

        // Then: 30.00 < 50.00
        assertThat(affiliates.allRead()).isTrue();

        // and exactly the threshold is paid
        customers(ALICE, 1, 10_000, "EUR", PAID_AT.plus(Duration.ofDays(1)));
        affiliates.streamTimeTo(APPROVED.plus(Duration.ofDays(1)));
        affiliates.events();
        affiliates.processCommissions(processCommissions(RUN_AT.plus(Duration.ofDays(1)), null, null, false,
                RUN_AT.plus(Duration.ofDays(1))));
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class))
                .extracting(PayoutCreated::getAmount).containsExactly(new Money(5_000L, "EUR"));
    }

    @Test
    void shouldMeasureTheThresholdInEachCurrencysMinorUnits() {
        // Given: 3 x 20 JPY (no minor unit: 60 >= 50 JPY) and 0.40 EUR (< 50.00 EUR)
        customers(ALICE, 3, 100, "JPY", PAID_AT);
        customers(ALICE, 1, 200, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.events();

        // When
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class))
                .extracting(PayoutCreated::getPayoutId, PayoutCreated::getAmount)
                .containsExactly(tuple(AffiliateIds.payoutId(ALICE, "JPY", 1), new Money(60L, "JPY")));
        assertThat(affiliates.statsOf(ALICE).getCommissionsApproved()).isEqualTo(Map.of("EUR", 40L));
    }

    @Test
    void shouldDeductARefundAfterPayoutFromTheNextPayoutAndCarryANegativeBalance() {
        // Given: a first payout of 3 x 20.00, then one of its customers refunded in full
        List<PaymentSucceeded> first = customers(ALICE, 3, 10_000, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT));
        affiliates.refund(first.get(0), 10_000, RUN_AT.plus(Duration.ofDays(1)));
        List<KeyValue<String, SpecificRecord>> refunded = affiliates.events();
        String reversalId = affiliates.eventsOf(refunded, CommissionReversed.class).get(0).getReversalId();
        assertThat(affiliates.statsOf(ALICE).getCarryOver()).isEqualTo(Map.of("EUR", 2_000L));

        // When: 3 x 10.00 more: 30.00 - 20.00 is below the threshold, and waits
        Instant later = RUN_AT.plus(Duration.ofDays(2));
        customers(ALICE, 3, 5_000, "EUR", later);
        affiliates.streamTimeTo(later.plus(Duration.ofDays(31)));
        affiliates.processCommissions(processCommissions(later.plus(Duration.ofDays(31)), null, null, false,
                later.plus(Duration.ofDays(31))));
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class)).isEmpty();

        // and 2 x 20.00 more: 70.00 - 20.00 = 50.00 is paid with the carry-over deducted
        Instant latest = later.plus(Duration.ofDays(40));
        customers(ALICE, 2, 10_000, "EUR", latest);
        affiliates.streamTimeTo(latest.plus(Duration.ofDays(31)));
        affiliates.processCommissions(processCommissions(latest.plus(Duration.ofDays(31)), null, null, false,
                latest.plus(Duration.ofDays(31))));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class)).singleElement().satisfies(payout -> {
            assertThat(payout.getPayoutId()).isEqualTo(AffiliateIds.payoutId(ALICE, "EUR", 2));
            assertThat(payout.getGrossAmount()).isEqualTo(new Money(7_000L, "EUR"));
            assertThat(payout.getDeductedAmount()).isEqualTo(new Money(2_000L, "EUR"));
            assertThat(payout.getAmount()).isEqualTo(new Money(5_000L, "EUR"));
            assertThat(payout.getCommissionIds()).hasSize(5);
            assertThat(payout.getReversalIds()).containsExactly(reversalId);
        });
        AffiliateStats stats = affiliates.statsOf(ALICE);
        assertThat(stats.getCarryOver()).isEmpty();
        assertThat(stats.getCommissionsPaid()).isEqualTo(Map.of("EUR", 13_000L));
        assertThat(affiliates.jobs()).extracting(job -> ((ExecutePayout) job.getPayload()).getAmount())
                .containsExactly(new Money(6_000L, "EUR"), new Money(5_000L, "EUR"));
    }

    @Test
    void shouldCarryANegativeBalanceWithoutPaying() {
        // Given: a paid 60.00, then all three customers refunded in full
        List<PaymentSucceeded> paid = customers(ALICE, 3, 10_000, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT));
        paid.forEach(payment -> affiliates.refund(payment, 10_000, RUN_AT.plusSeconds(60)));
        affiliates.events();

        // When: three new customers bring 3 x 20.00 = 60.00: 60.00 - 60.00 = 0
        customers(ALICE, 3, 10_000, "EUR", RUN_AT.plus(Duration.ofDays(1)));
        Instant approved = RUN_AT.plus(Duration.ofDays(32));
        affiliates.streamTimeTo(approved);
        affiliates.processCommissions(processCommissions(approved, null, null, false, approved));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class)).isEmpty();
        assertThat(affiliates.statsOf(ALICE).getCarryOver()).isEqualTo(Map.of("EUR", 6_000L));
        assertThat(affiliates.statsOf(ALICE).getCommissionsApproved()).isEqualTo(Map.of("EUR", 6_000L));
    }

    @Test
    void shouldWaitForTheMinimumOfActiveCustomers() {
        // Given: two customers bring 2 x 30.00
        customers(ALICE, 2, 15_000, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.events();

        // When
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT));

        // Then: 60.00 is enough, two customers are not
        assertThat(affiliates.allRead()).isTrue();

        // and a third customer, fully refunded, does not count either
        PaymentSucceeded refunded = customers(ALICE, 1, 100, "EUR", RUN_AT).get(0);
        affiliates.refund(refunded, 100, RUN_AT.plusSeconds(60));
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT.plusSeconds(120)));
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class)).isEmpty();

        // while a fourth who stays does
        customers(ALICE, 1, 100, "EUR", RUN_AT.plusSeconds(180));
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT.plusSeconds(240)));
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class))
                .extracting(PayoutCreated::getAmount).containsExactly(new Money(6_000L, "EUR"));
    }

    @Test
    void shouldWaitForAPayoutAccount() {
        // Given: a balance over the threshold and no account
        customers(ALICE, 3, 10_000, "EUR", PAID_AT);
        affiliates.streamTimeTo(APPROVED);
        affiliates.events();

        // When
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT));

        // Then
        assertThat(affiliates.allRead()).isTrue();

        // and the first run after the account is linked pays
        affiliates.linkPayoutAccount(ALICE, "acct_old", RUN_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_new", RUN_AT.plusSeconds(1));
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT.plusSeconds(60)));
        assertThat(affiliates.jobs()).extracting(job -> ((ExecutePayout) job.getPayload()).getDestinationAccount())
                .containsExactly("acct_new");
    }

    @Test
    void shouldChangeNothingOnADryRun() {
        // Given
        customers(ALICE, 3, 10_000, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.events();
        affiliates.stats();
        AffiliateStats before = affiliates.statsOf(ALICE);

        // When
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, true, RUN_AT));

        // Then
        assertThat(affiliates.allRead()).isTrue();
        assertThat(affiliates.stats()).isEmpty();
        assertThat(affiliates.statsOf(ALICE)).isEqualTo(before);

        // and the real run pays as if there had been none
        affiliates.processCommissions(processCommissions(RUN_AT, null, null, false, RUN_AT.plusSeconds(60)));
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class)).extracting(PayoutCreated::getPayoutId)
                .containsExactly(AffiliateIds.payoutId(ALICE, "EUR", 1));
    }

    @Test
    void shouldHonourTheAffiliateAndCurrencyFiltersOfACommand() {
        // Given: Alice and Bob both over the threshold in EUR, Alice also in USD
        customers(ALICE, 3, 10_000, "EUR", PAID_AT);
        customers(ALICE, 3, 10_000, "USD", PAID_AT);
        customers(BOB, 3, 10_000, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.linkPayoutAccount(BOB, "acct_bob", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.events();

        // When
        affiliates.processCommissions(processCommissions(RUN_AT, "USD", ALICE, false, RUN_AT));
        List<PayoutCreated> aliceInUsd = affiliates.eventsOf(affiliates.events(), PayoutCreated.class);
        affiliates.processCommissions(processCommissions(RUN_AT, "EUR", null, false, RUN_AT.plusSeconds(60)));

        // Then
        assertThat(aliceInUsd).extracting(PayoutCreated::getAffiliateId, payout -> payout.getAmount().getCurrency())
                .containsExactly(tuple(ALICE, "USD"));
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class))
                .extracting(PayoutCreated::getPayoutId)
                .containsExactlyInAnyOrder(AffiliateIds.payoutId(ALICE, "EUR", 2), AffiliateIds.payoutId(BOB, "EUR", 1));
    }

    @Test
    void shouldOnlyPayCommissionsApprovedByTheCommandsCutOff() {
        // Given: three commissions approved, a fourth approved a day later
        customers(ALICE, 3, 10_000, "EUR", PAID_AT);
        customers(ALICE, 1, 10_000, "EUR", PAID_AT.plus(Duration.ofDays(2)));
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED.plus(Duration.ofDays(2)));
        affiliates.events();

        // When: cut off before the fourth's approval
        affiliates.processCommissions(processCommissions(APPROVED, null, null, false, RUN_AT.plus(Duration.ofDays(2))));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class)).singleElement()
                .satisfies(payout -> assertThat(payout.getGrossAmount()).isEqualTo(new Money(6_000L, "EUR")));
    }

    @Test
    void shouldPayOnTheWallClockSchedule() {
        // Given
        customers(ALICE, 3, 10_000, "EUR", PAID_AT);
        affiliates.linkPayoutAccount(ALICE, "acct_alice", T0);
        affiliates.streamTimeTo(APPROVED);
        affiliates.events();

        // When
        affiliates.advanceWallClock(Duration.ofDays(1));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), PayoutCreated.class)).singleElement().satisfies(payout -> {
            assertThat(payout.getCommandId()).isNull();
            assertThat(payout.getAmount()).isEqualTo(new Money(6_000L, "EUR"));
            assertThat(payout.getAsOf()).isEqualTo(APPROVED);
            assertThat(payout.getMetadata().getOccurredAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
        });
        assertThat(affiliates.jobs()).hasSize(1);
    }

    /** {@code count} new users who registered with the affiliate's code and paid {@code amountMinor} each. */
    private List<PaymentSucceeded> customers(String affiliateId, int count, long amountMinor, String currency,
            Instant paidAt) {
        List<PaymentSucceeded> payments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String buyer = InputEvents.id();
            affiliates.register(buyer, codeOf(affiliateId), paidAt.minusSeconds(60));
            payments.add(affiliates.pay(buyer, amountMinor, currency, paidAt));
        }
        return payments;
    }
}
