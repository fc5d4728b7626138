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
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.affiliates.ConversionFlagged;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.topology.testing.AffiliateFixtures;

/**
 * The fraud rules at work: self-referral by e-mail, IP and device, velocity per IP and device, duplicate transactions;
 * a flagged conversion holds every tier's commission for review.
 */
class FraudTopologyTest {

    static final String GRACE = "6eace000-0000-4000-8000-000000000001";
    static final String ALICE = "a11ce000-0000-4000-8000-000000000003";
    static final String CAROL = "ca401000-0000-4000-8000-000000000004";

    private static final AffiliateSettings SETTINGS = AffiliateSettings.DEFAULTS.withPartitions(1);
    private static final Instant PAID_AT = T0.plus(Duration.ofDays(1));

    @TempDir
    Path stateDir;

    private AffiliateDriver affiliates;

    @AfterEach
    void close() {
        affiliates.close();
    }

    @Test
    void shouldHoldEveryTiersCommissionWhenTheBuyerUsesTheAffiliatesEmail() {
        // Given: Grace sponsors Alice; Carol registers through Alice with Alice's address in other case
        start(SETTINGS);
        affiliates.register(GRACE, T0);
        affiliates.register(AffiliateFixtures.registered(ALICE, "alice@example.org", codeOf(GRACE), "10.1.0.1",
                "device-alice", T0.plusSeconds(10)));
        affiliates.register(AffiliateFixtures.registered(CAROL, "Alice@Example.ORG", codeOf(ALICE), "10.2.0.1",
                "device-carol", T0.plusSeconds(20)));

        // When
        PaymentSucceeded payment = affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        assertThat(events).extracting(event -> event.value.getClass().getSimpleName()).containsExactly(
                "ConversionTracked", "ConversionFlagged", "AffiliateCommissionEarned", "AffiliateCommissionEarned");
        ConversionFlagged flagged = affiliates.eventsOf(events, ConversionFlagged.class).get(0);
        assertThat(flagged.getConversionId()).isEqualTo(AffiliateIds.conversionId(payment.getTransactionId()));
        assertThat(flagged.getAffiliateId()).isEqualTo(ALICE);
        assertThat(flagged.getReferredUserId()).isEqualTo(CAROL);
        assertThat(flagged.getFraudScore()).isEqualTo(100);
        assertThat(flagged.getThresholdScore()).isEqualTo(50);
        assertThat(codes(flagged)).containsExactly("SELF_REFERRAL_EMAIL");
        assertThat(affiliates.eventsOf(events, AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getAffiliateId, AffiliateCommissionEarned::getStatus)
                .containsExactly(tuple(ALICE, CommissionStatus.HELD_FOR_REVIEW),
                        tuple(GRACE, CommissionStatus.HELD_FOR_REVIEW));
    }

    @Test
    void shouldScoreASharedIpBelowTheThresholdByDefault() {
        // Given: a household: Carol registered from Alice's IP
        start(SETTINGS);
        affiliates.register(AffiliateFixtures.registered(ALICE, "alice@example.org", null, "10.1.0.1", "device-alice",
                T0));
        affiliates.register(AffiliateFixtures.registered(CAROL, "carol@example.org", codeOf(ALICE), "10.1.0.1",
                "device-carol", T0.plusSeconds(20)));

        // When
        affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then: 30 < 50, not flagged
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        assertThat(affiliates.eventsOf(events, ConversionFlagged.class)).isEmpty();
        assertThat(affiliates.eventsOf(events, AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getStatus).containsExactly(CommissionStatus.PENDING);
    }

    @Test
    void shouldFlagASharedIpWhenItsWeightReachesTheThreshold() {
        // Given
        start(SETTINGS.withFraud(SETTINGS.fraud().withWeights(100, 100, 50, 60, 50, 100)));
        affiliates.register(AffiliateFixtures.registered(ALICE, "alice@example.org", null, "10.1.0.1", "device-alice",
                T0));
        affiliates.register(AffiliateFixtures.registered(CAROL, "carol@example.org", codeOf(ALICE), "10.1.0.1",
                "device-carol", T0.plusSeconds(20)));

        // When
        affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then
        List<ConversionFlagged> flagged = affiliates.eventsOf(affiliates.events(), ConversionFlagged.class);
        assertThat(flagged).singleElement().satisfies(flag -> {
            assertThat(flag.getFraudScore()).isEqualTo(50);
            assertThat(flag.getReasons()).containsExactly("SELF_REFERRAL_IP: buyer used the affiliate's registration"
                    + " IP 10.1.0.1");
        });
    }

    @Test
    void shouldFlagTheAffiliatesDeviceAndAddUpTheWeights() {
        // Given: Carol clicked Alice's link from Alice's IP and registered on Alice's device
        start(SETTINGS);
        affiliates.register(AffiliateFixtures.registered(ALICE, "alice@example.org", null, "10.1.0.1", "device-alice",
                T0));
        affiliates.register(AffiliateFixtures.registered(CAROL, "carol@example.org", null, "10.2.0.1", "device-alice",
                T0.plusSeconds(20)));
        affiliates.pipeReferral(CAROL, AffiliateFixtures.clicked(CAROL, ALICE, "10.1.0.1", null, T0.plusSeconds(30)),
                T0.plusSeconds(30));

        // When
        affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);

        // Then: device 60 + IP 30
        assertThat(affiliates.eventsOf(affiliates.events(), ConversionFlagged.class)).singleElement()
                .satisfies(flag -> {
                    assertThat(codes(flag)).containsExactly("SELF_REFERRAL_IP", "SELF_REFERRAL_DEVICE");
                    assertThat(flag.getFraudScore()).isEqualTo(90);
                });
    }

    @Test
    void shouldFlagMoreThanTheAllowedConversionsFromOneIpWithinTheVelocityWindow() {
        // Given: four buyers behind one IP, referred by Alice
        start(SETTINGS);
        affiliates.register(ALICE, T0);
        List<String> buyers = List.of(user(1), user(2), user(3), user(4), user(5));
        for (String buyer : buyers) {
            affiliates.register(AffiliateFixtures.registered(buyer, buyer.substring(0, 8) + "@example.org",
                    codeOf(ALICE), "203.0.113.9", "device-" + buyer, T0.plusSeconds(60)));
        }

        // When: four payments within 24 hours, a fifth a day after the second
        for (int i = 0; i < 4; i++) {
            affiliates.pay(buyers.get(i), 10_000, "EUR", PAID_AT.plus(Duration.ofHours(i)));
        }
        affiliates.pay(buyers.get(4), 10_000, "EUR", PAID_AT.plus(Duration.ofHours(25)));

        // Then: the fourth is flagged; by the fifth the first two left the window
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        assertThat(affiliates.eventsOf(events, ConversionTracked.class)).hasSize(5);
        assertThat(affiliates.eventsOf(events, ConversionFlagged.class)).singleElement().satisfies(flag -> {
            assertThat(flag.getReferredUserId()).isEqualTo(buyers.get(3));
            assertThat(flag.getReasons()).containsExactly("VELOCITY_IP: 4 conversions from IP 203.0.113.9 within PT24H");
        });
        assertThat(affiliates.eventsOf(events, AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getStatus).containsExactly(CommissionStatus.PENDING,
                        CommissionStatus.PENDING, CommissionStatus.PENDING, CommissionStatus.HELD_FOR_REVIEW,
                        CommissionStatus.PENDING);
    }

    @Test
    void shouldFlagMoreThanTheAllowedConversionsFromOneDevice() {
        // Given
        start(SETTINGS.withFraud(SETTINGS.fraud().withVelocity(1, Duration.ofHours(1))));
        affiliates.register(ALICE, T0);
        affiliates.register(AffiliateFixtures.registered(user(1), "one@example.org", codeOf(ALICE), "10.3.0.1",
                "shared-tablet", T0));
        affiliates.register(AffiliateFixtures.registered(user(2), "two@example.org", codeOf(ALICE), "10.3.0.2",
                "shared-tablet", T0));

        // When
        affiliates.pay(user(1), 10_000, "EUR", PAID_AT);
        affiliates.pay(user(2), 10_000, "EUR", PAID_AT.plusSeconds(60));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), ConversionFlagged.class)).singleElement()
                .satisfies(flag -> assertThat(codes(flag)).containsExactly("VELOCITY_DEVICE"));
    }

    @Test
    void shouldFlagASecondPaymentEventForAConvertedTransactionAndNeverConvertItAgain() {
        // Given
        start(SETTINGS);
        affiliates.click(CAROL, ALICE, T0);
        PaymentSucceeded payment = affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);
        affiliates.events();

        // When: the same transaction under another event id, twice
        PaymentSucceeded duplicate = PaymentSucceeded.newBuilder(payment)
                .setMetadata(EventMetadata.newBuilder(payment.getMetadata()).setEventId(UUID.randomUUID()).build())
                .setSucceededAt(PAID_AT.plusSeconds(5))
                .build();
        affiliates.pay(duplicate);
        affiliates.pay(duplicate);

        // Then: one flag, earning nothing, no second conversion
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        assertThat(events).extracting(event -> event.value.getClass().getSimpleName())
                .containsExactly("ConversionFlagged");
        ConversionFlagged flag = affiliates.eventsOf(events, ConversionFlagged.class).get(0);
        assertThat(flag.getConversionId()).isEqualTo(AffiliateIds.conversionId(payment.getTransactionId()));
        assertThat(flag.getReasons()).containsExactly("DUPLICATE_TRANSACTION: payment event "
                + duplicate.getMetadata().getEventId() + " repeats transaction " + payment.getTransactionId());
        assertThat(flag.getFraudScore()).isEqualTo(100);
        assertThat(affiliates.statsOf(ALICE).getConversionCount()).isEqualTo(1);
        assertThat(affiliates.statsOf(ALICE).getFlaggedConversionCount()).isEqualTo(1);
    }

    private void start(AffiliateSettings settings) {
        affiliates = new AffiliateDriver(stateDir, settings);
    }

    private static List<String> codes(ConversionFlagged flagged) {
        return flagged.getReasons().stream().map(reason -> reason.substring(0, reason.indexOf(':'))).toList();
    }

    private static String user(int n) {
        return String.format("0000000%d-0000-4000-8000-0000000000b%d", n, n);
    }
}
