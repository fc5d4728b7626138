// Tier: system IT (the processor and the workers as processes, on the shared test broker and registry, with the
// local Stripe API server in this JVM)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.coursestream.devstack.stripe.StripeApiServer;
import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.CommissionApproved;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.affiliates.PayoutCreated;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.testing.AffiliateFixtures;

/**
 * The affiliate program end to end on the real broker: three affiliates in a sponsor chain (top, sponsor, affiliate),
 * four buyers who signed up with the affiliate's code, clicks, and four payments of 100.00 EUR forty days ago. Every
 * payment earns each tier its commission; a commission run (the admin CLI) releases the ended holds and pays the
 * affiliate, whose balance is over the threshold, through an ExecutePayout job that the workers carry out as a
 * transfer at the local Stripe API server. Each affiliate's dashboard then equals what an independent reading of
 * {@code affiliates.affiliate-events} (and the clicks and signups sent) adds up to.
 */
class AffiliatesSystemIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int BUYERS = 4;
    private static final int CLICKS = 6;
    private static final long PAYMENT_CENTS = 10_000;

    @TempDir
    static Path stateDir;

    private static TestEnvironment env;
    private static Applications apps;
    private static StripeApiServer stripe;
    private static KafkaProducer<String, SpecificRecord> producer;

    @BeforeAll
    static void startApplications() {
        env = TestEnvironment.get();
        stripe = new StripeApiServer().start();
        apps = Applications.processors(env, stateDir, 1);
        apps.startWorkers(Map.of("coursestream.payouts.stripe.api-base", stripe.baseUrl(),
                "coursestream.payouts.stripe.api-key", stripe.apiKey()));
        producer = LearningEvents.producer(env);
    }

    @AfterAll
    static void stopApplications() {
        if (producer != null) {
            producer.close();
        }
        if (apps != null) {
            apps.close();
        }
        if (stripe != null) {
            stripe.close();
        }
    }

    @Test
    void shouldPayTheAffiliateWhoseBalanceReachedTheThresholdAndShowNumbersTheEventsAddUpTo() throws Exception {
        try (Journal journal = new Journal(env, List.of(Topics.AFFILIATE_EVENTS.name(), Topics.JOBS_AFFILIATES.name(),
                Topics.JOB_LIFECYCLE.name()))) {
            // given a sponsor chain top <- sponsor <- affiliate, each with a payout account, 45 days ago
            Instant start = Instant.now().minus(Duration.ofDays(45)).truncatedTo(ChronoUnit.MILLIS);
            String top = UUID.randomUUID().toString();
            String sponsor = UUID.randomUUID().toString();
            String affiliate = UUID.randomUUID().toString();
            register(top, null, "192.0.2.1", start);
            register(sponsor, AffiliateFixtures.codeOf(top), "192.0.2.2", start.plusSeconds(60));
            register(affiliate, AffiliateFixtures.codeOf(sponsor), "192.0.2.3", start.plusSeconds(120));
            Map<String, String> accounts = new HashMap<>();
            for (String user : List.of(top, sponsor, affiliate)) {
                accounts.put(user, "acct_" + user.replace("-", "").substring(0, 16));
                stripe.addConnectedAccount(accounts.get(user));
                send(Topics.USER_EVENTS.name(), user,
                        AffiliateFixtures.payoutAccountLinked(user, accounts.get(user), start.plusSeconds(180)));
            }
            // and four buyers who clicked the affiliate's link (six clicks) and signed up with its code
            List<String> buyers = IntStream.range(0, BUYERS).mapToObj(i -> UUID.randomUUID().toString()).toList();
            for (int i = 0; i < CLICKS; i++) {
                String buyer = buyers.get(i % BUYERS);
                send(Topics.REFERRAL_EVENTS.name(), buyer, AffiliateFixtures.clicked(buyer, affiliate,
                        "198.51.100." + (10 + i % BUYERS), "device-" + buyer, start.plusSeconds(240 + i)));
            }
            for (int i = 0; i < BUYERS; i++) {
                register(buyers.get(i), AffiliateFixtures.codeOf(affiliate), "198.51.100." + (10 + i),
                        start.plusSeconds(300 + i));
            }

            producer.flush();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> AffiliateDashboards.chainReady(apps.api(), top, sponsor, affiliate, BUYERS));

            // when each buyer pays 100.00 EUR five days later (forty days ago: the 30-day hold has ended)
            Instant paidAt = start.plus(Duration.ofDays(5));
            for (String buyer : buyers) {
                String transaction = UUID.randomUUID().toString();
                send(Topics.PAYMENT_RESULTS.name(), transaction, AffiliateFixtures.succeeded(transaction, buyer,
                        buyer + "@example.org", new Money(PAYMENT_CENTS, "EUR"), paidAt));
            }
            producer.flush();
            Set<String> chain = Set.of(top, sponsor, affiliate);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> journal
                    .all(AffiliateCommissionEarned.class, earned -> chain.contains(earned.getAffiliateId()))
                    .size() == 3 * BUYERS);

            // and an operator runs the commissions now
            Cli.Result run = new Cli(env, apps.api()).run("affiliates", "process-commissions", "--currency", "EUR");
            assertThat(run.exitCode()).as(run.err()).isZero();

            // then the affiliate, with 4 x 20.00 EUR approved, gets one payout; the sponsor (20.00) and the top
            // (8.00) stay under the 50.00 threshold
            PayoutCreated payout = journal.await(PayoutCreated.class,
                    created -> created.getAffiliateId().equals(affiliate), TIMEOUT);
            assertThat(payout.getAmount()).isEqualTo(new Money(4 * 2_000L, "EUR"));
            assertThat(payout.getCommissionIds()).hasSize(BUYERS);

            // and the workers pay it through Stripe: one transfer to the affiliate's account
            JobCommand job = journal.await(JobCommand.class, command -> command.getPayload() instanceof ExecutePayout
                    && ((ExecutePayout) command.getPayload()).getPayoutId().equals(payout.getPayoutId()), TIMEOUT);
            JobSucceeded paid = journal.await(JobSucceeded.class,
                    succeeded -> succeeded.getJobId().equals(job.getJobId()), TIMEOUT);
            assertThat(stripe.transfers()).filteredOn(transfer -> transfer.destination()
                    .equals(accounts.get(affiliate))).singleElement().satisfies(transfer -> {
                        assertThat(transfer.id()).isEqualTo(paid.getOutputs().get("providerReference"));
                        assertThat(transfer.amount()).isEqualTo(8_000L);
                        assertThat(transfer.currency()).isEqualTo("eur");
                        assertThat(transfer.transferGroup()).isEqualTo(payout.getPayoutId());
                    });
            assertThat(journal.all(PayoutCreated.class, created -> chain.contains(created.getAffiliateId())))
                    .containsExactly(payout);

            // and every dashboard shows what the events add up to
            Map<String, Long> clicks = Map.of(top, 0L, sponsor, 0L, affiliate, (long) CLICKS);
            Map<String, Long> signups = Map.of(top, 1L, sponsor, 1L, affiliate, (long) BUYERS);
            for (String user : List.of(top, sponsor, affiliate)) {
                Expected expected = Expected.from(journal, user);
                JsonNode dashboard = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                        .until(() -> dashboard(user), board -> board != null
                                && amounts(board.at("/commissions/approved")).equals(expected.approved())
                                && amounts(board.at("/commissions/paid")).equals(expected.paid()));
                assertThat(dashboard.get("clicks").asLong()).as("clicks of %s", user).isEqualTo(clicks.get(user));
                assertThat(dashboard.get("signups").asLong()).as("signups of %s", user).isEqualTo(signups.get(user));
                assertThat(dashboard.get("conversions").asLong()).isEqualTo(expected.conversions());
                assertThat(amounts(dashboard.get("revenue"))).isEqualTo(expected.revenue());
                assertThat(amounts(dashboard.at("/commissions/pending"))).isEqualTo(expected.pending());
                assertThat(amounts(dashboard.at("/commissions/reversed"))).isEmpty();
            }
            // which are, for this chain: the affiliate paid 80.00, the sponsor 20.00 and the top 8.00 approved
            assertThat(amounts(dashboard(affiliate).at("/commissions/paid"))).isEqualTo(Map.of("EUR", 8_000L));
            assertThat(amounts(dashboard(sponsor).at("/commissions/approved"))).isEqualTo(Map.of("EUR", 2_000L));
            assertThat(amounts(dashboard(top).at("/commissions/approved"))).isEqualTo(Map.of("EUR", 800L));
        }
    }

    /**
     * One affiliate's numbers read from {@code affiliates.affiliate-events} alone: its conversions and their revenue,
     * and its earned commissions split by whether a payout took them (paid), an approval released them (approved)
     * or neither (pending), in minor units per currency.
     */
    private record Expected(long conversions, Map<String, Long> revenue, Map<String, Long> pending,
            Map<String, Long> approved, Map<String, Long> paid) {

        static Expected from(Journal journal, String affiliateId) {
            List<ConversionTracked> conversions = journal.all(ConversionTracked.class,
                    conversion -> conversion.getAffiliateId().equals(affiliateId));
            Set<String> approvedIds = new HashSet<>();
            journal.all(CommissionApproved.class, approval -> approval.getAffiliateId().equals(affiliateId))
                    .forEach(approval -> approvedIds.add(approval.getCommissionId()));
            Set<String> paidIds = new HashSet<>();
            journal.all(PayoutCreated.class, payout -> payout.getAffiliateId().equals(affiliateId))
                    .forEach(payout -> paidIds.addAll(payout.getCommissionIds()));
            Map<String, Long> revenue = new TreeMap<>();
            conversions.forEach(conversion -> revenue.merge(conversion.getRevenue().getCurrency(),
                    conversion.getRevenue().getAmountMinor(), Long::sum));
            Map<String, Long> pending = new TreeMap<>();
            Map<String, Long> approved = new TreeMap<>();
            Map<String, Long> paid = new TreeMap<>();
            for (AffiliateCommissionEarned earned : journal.all(AffiliateCommissionEarned.class,
                    commission -> commission.getAffiliateId().equals(affiliateId))) {
                Map<String, Long> bucket = paidIds.contains(earned.getCommissionId()) ? paid
                        : approvedIds.contains(earned.getCommissionId()) ? approved : pending;
                bucket.merge(earned.getAmount().getCurrency(), earned.getAmount().getAmountMinor(), Long::sum);
            }
            return new Expected(conversions.size(), revenue, pending, approved, paid);
        }
    }

    private static void register(String userId, String referralCode, String ip, Instant at) {
        send(Topics.USER_EVENTS.name(), userId, AffiliateFixtures.registered(userId, userId + "@example.org",
                referralCode, ip, "device-" + userId, at));
    }

    private static void send(String topic, String key, SpecificRecord event) {
        producer.send(new ProducerRecord<>(topic, key, event));
    }

    private static JsonNode dashboard(String affiliateId) throws Exception {
        return AffiliateDashboards.dashboard(apps.api(), affiliateId);
    }

    /** A dashboard's {@code {"EUR": "12.34"}} as minor units per currency; a currency at zero counts as none. */
    private static Map<String, Long> amounts(JsonNode byCurrency) {
        Map<String, Long> amounts = new TreeMap<>();
        byCurrency.fields().forEachRemaining(entry -> {
            long minor = new BigDecimal(entry.getValue().asText())
                    .movePointRight(Currency.getInstance(entry.getKey()).getDefaultFractionDigits()).longValueExact();
            if (minor != 0) {
                amounts.put(entry.getKey(), minor);
            }
        });
        return amounts;
    }
}
