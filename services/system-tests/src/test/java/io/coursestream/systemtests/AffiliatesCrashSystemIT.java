// Tier: system IT (the stream processor as a process, killed with SIGKILL while it works, on the shared test broker)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.affiliates.AffiliateIds;
import io.coursestream.topology.testing.AffiliateFixtures;

/**
 * Exactly once for money under crashes: 6,000 payments of buyers referred by ten three-tier affiliate chains flow
 * while the processor process is killed with SIGKILL again and again, each time restarted on its state directory.
 * Afterwards {@code affiliates.affiliate-events} holds exactly one {@code ConversionTracked} per payment and exactly
 * one {@code AffiliateCommissionEarned} per payment and tier, each of the amount the rates pay (20%, 5%, 2%), and no
 * other commission of these affiliates.
 */
class AffiliatesCrashSystemIT {

    private static final Logger LOG = LoggerFactory.getLogger(AffiliatesCrashSystemIT.class);

    private static final int CHAINS = 10;
    private static final int BUYERS_PER_CHAIN = 60;
    private static final int PAYMENTS_PER_BUYER = 10;
    private static final int[] TIER_RATES_BASIS_POINTS = {2000, 500, 200};
    private static final int KILLS = 3;
    /** Payments the processor commits between its (re)start and the next kill. */
    private static final long PROGRESS_BETWEEN_KILLS = 400;
    /** The producer stays at most this many payments ahead of what the processor committed. */
    private static final long PRODUCER_LEAD = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path stateDir;

    @Test
    void shouldEarnEveryCommissionExactlyOnceAcrossRepeatedKills() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        World world = new World(Instant.now().minus(Duration.ofDays(25)).truncatedTo(ChronoUnit.MILLIS));
        try (Applications apps = Applications.processors(env, stateDir, 1); Admin admin = env.newAdmin();
                KafkaProducer<String, SpecificRecord> producer = LearningEvents.producer(env);
                Journal journal = new Journal(env, List.of(Topics.AFFILIATE_EVENTS.name()))) {
            // given ten chains top <- sponsor <- affiliate and sixty buyers per affiliate, signed up with its code
            for (ProducerRecord<String, SpecificRecord> registration : world.registrations()) {
                producer.send(registration);
            }
            producer.flush();
            for (String[] chain : world.chains()) {
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> AffiliateDashboards
                        .chainReady(apps.api(), chain[0], chain[1], chain[2], BUYERS_PER_CHAIN));
            }

            // when 6,000 payments flow in while the processor is killed with SIGKILL and restarted, again and again
            ProcessorProgress progress = new ProcessorProgress(admin);
            AtomicInteger sent = new AtomicInteger();
            LongSupplier committed = progress.committedSince(Topics.PAYMENT_RESULTS.name(),
                    progress.endOffsets(Topics.PAYMENT_RESULTS.name()));
            CompletableFuture<Void> paying = CompletableFuture.runAsync(
                    () -> world.pay(producer, sent, committed));
            try {
                for (int kill = 1; kill <= KILLS; kill++) {
                    long before = committed.getAsLong();
                    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                            .until(() -> committed.getAsLong() >= before + PROGRESS_BETWEEN_KILLS);
                    apps.killProcessor(0);
                    int sentAtKill = sent.get();
                    LOG.info("kill {}: SIGKILL with {} payments committed, {} sent", kill, committed.getAsLong(),
                            sentAtKill);
                    assertThat(sentAtKill).as("killed while payments were still flowing").isLessThan(world.total());
                    apps.startProcessor(0);
                }
                paying.join();
            } finally {
                world.stop();
            }
            assertThat(sent.get()).isEqualTo(world.total());
            progress.awaitCommitted(Topics.PAYMENT_RESULTS.name(), TIMEOUT);

            // then every payment converted once, and every tier earned its commission once, of the right amount
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> journal
                    .all(AffiliateCommissionEarned.class, earned -> world.affiliates().contains(earned.getAffiliateId()))
                    .size() >= world.expectedCommissions().size());
            List<ConversionTracked> conversions = journal.all(ConversionTracked.class,
                    conversion -> world.affiliates().contains(conversion.getAffiliateId()));
            assertThat(conversions).extracting(ConversionTracked::getTransactionId)
                    .doesNotHaveDuplicates().hasSize(world.total());
            Map<String, Long> earned = new TreeMap<>();
            List<String> twice = new ArrayList<>();
            for (AffiliateCommissionEarned commission : journal.all(AffiliateCommissionEarned.class,
                    commission -> world.affiliates().contains(commission.getAffiliateId()))) {
                if (earned.put(commission.getCommissionId(), commission.getAmount().getAmountMinor()) != null) {
                    twice.add(commission.getCommissionId());
                }
            }
            assertThat(twice).as("commissions earned more than once").isEmpty();
            assertThat(earned).as("commission id to amount").isEqualTo(world.expectedCommissions());
        }
    }

    /**
     * The run's users and payments: chain {@code c} is top {@code c}, sponsor {@code c} (signed up with the top's
     * code) and affiliate {@code c} (with the sponsor's); its buyers signed up with the affiliate's code a day after
     * the start. Buyer {@code b} pays {@code 10 + b % 90} euros, its payments two days apart (no velocity rule fires),
     * all within the attribution window and before any hold ends.
     */
    private static final class World {

        private final Instant start;
        private final List<String[]> chains = new ArrayList<>();
        private final List<String> buyers = new ArrayList<>();
        private final Map<String, Integer> chainOfBuyer = new HashMap<>();
        private final Map<String, Long> expectedCommissions = new TreeMap<>();
        private volatile boolean stopped;

        World(Instant start) {
            this.start = start;
            for (int c = 0; c < CHAINS; c++) {
                chains.add(new String[] {uuid(), uuid(), uuid()});
                for (int b = 0; b < BUYERS_PER_CHAIN; b++) {
                    String buyer = uuid();
                    buyers.add(buyer);
                    chainOfBuyer.put(buyer, c);
                }
            }
        }

        List<String[]> chains() {
            return chains;
        }

        int total() {
            return buyers.size() * PAYMENTS_PER_BUYER;
        }

        Set<String> affiliates() {
            return chains.stream().flatMap(chain -> List.of(chain).stream()).collect(Collectors.toSet());
        }

        Map<String, Long> expectedCommissions() {
            return expectedCommissions;
        }

        void stop() {
            stopped = true;
        }

        List<ProducerRecord<String, SpecificRecord>> registrations() {
            List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
            int ip = 0;
            for (String[] chain : chains) {
                String upline = null;
                for (String member : chain) {
                    records.add(registration(member, upline, ip++, start));
                    upline = member;
                }
            }
            for (String buyer : buyers) {
                String affiliate = chains.get(chainOfBuyer.get(buyer))[2];
                records.add(registration(buyer, affiliate, ip++, start.plus(Duration.ofDays(1))));
            }
            return records;
        }

        /** Sends every payment, counting the acknowledged ones, never more than the lead ahead of what is committed. */
        void pay(KafkaProducer<String, SpecificRecord> producer, AtomicInteger sent, LongSupplier committed) {
            int count = 0;
            for (int k = 0; k < PAYMENTS_PER_BUYER && !stopped; k++) {
                Instant at = start.plus(Duration.ofDays(2 + 2L * k));
                for (int b = 0; b < buyers.size() && !stopped; b++) {
                    String buyer = buyers.get(b);
                    String transaction = uuid();
                    long cents = (10 + b % 90) * 100L;
                    String[] chain = chains.get(chainOfBuyer.get(buyer));
                    String conversion = AffiliateIds.conversionId(transaction);
                    for (int tier = 1; tier <= 3; tier++) {
                        expectedCommissions.put(AffiliateIds.commissionId(conversion, tier),
                                cents * TIER_RATES_BASIS_POINTS[tier - 1] / 10_000);
                    }
                    producer.send(new ProducerRecord<>(Topics.PAYMENT_RESULTS.name(), transaction,
                            AffiliateFixtures.succeeded(transaction, buyer, buyer + "@example.org",
                                    new Money(cents, "EUR"), at)), counting(sent));
                    if (++count % 50 == 0) {
                        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                                .until(() -> sent.get() - committed.getAsLong() < PRODUCER_LEAD);
                    }
                }
            }
            producer.flush();
        }

        private static ProducerRecord<String, SpecificRecord> registration(String userId, String upline, int ip,
                Instant at) {
            String address = "10." + (ip / 65_536) % 256 + "." + (ip / 256) % 256 + "." + ip % 256;
            return new ProducerRecord<>(Topics.USER_EVENTS.name(), userId, AffiliateFixtures.registered(userId,
                    userId + "@example.org", upline == null ? null : AffiliateFixtures.codeOf(upline), address,
                    "device-" + userId, at));
        }

        private static Callback counting(AtomicInteger sent) {
            return (metadata, failure) -> {
                if (failure == null) {
                    sent.incrementAndGet();
                } else {
                    LOG.error("sending a payment failed", failure);
                }
            };
        }

        private static String uuid() {
            return java.util.UUID.randomUUID().toString();
        }
    }
}
