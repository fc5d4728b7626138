// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.affiliates;

import static io.coursestream.topology.affiliates.AffiliateDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.AffiliateProfile;
import io.coursestream.schemas.affiliates.AttributionModel;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.topology.testing.AffiliateFixtures;

/**
 * Attribution of referred users' payments: the window, first and last touch, registration codes resolved to their
 * owner (also when the owner registers later), the sponsor fixed at sign-up and published with the level.
 */
class AttributionTopologyTest {

    static final String ALICE = "a11ce000-0000-4000-8000-000000000001";
    static final String BOB = "b0b00000-0000-4000-8000-000000000002";
    static final String CAROL = "ca401000-0000-4000-8000-000000000003";
    static final String DAVE = "da4e0000-0000-4000-8000-000000000004";

    private static final AffiliateSettings SETTINGS = AffiliateSettings.DEFAULTS.withPartitions(1);
    private static final Duration WINDOW = SETTINGS.attribution().window();

    @TempDir
    Path stateDir;

    private AffiliateDriver affiliates;

    @AfterEach
    void close() {
        if (affiliates != null) {
            affiliates.close();
        }
    }

    @Test
    void shouldCreditTheAffiliateOfAClickWhenTheUserPaysInsideTheWindow() {
        // Given
        start(SETTINGS);
        affiliates.click(CAROL, ALICE, T0);

        // When: the last moment of the window
        PaymentSucceeded payment = affiliates.pay(CAROL, 10_000, "EUR", T0.plus(WINDOW));

        // Then
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        List<ConversionTracked> tracked = affiliates.eventsOf(events, ConversionTracked.class);
        assertThat(tracked).singleElement().satisfies(conversion -> {
            assertThat(conversion.getConversionId()).isEqualTo(AffiliateIds.conversionId(payment.getTransactionId()));
            assertThat(conversion.getAffiliateId()).isEqualTo(ALICE);
            assertThat(conversion.getReferredUserId()).isEqualTo(CAROL);
            assertThat(conversion.getRevenue()).isEqualTo(new Money(10_000L, "EUR"));
            assertThat(conversion.getAttribution()).isEqualTo(AttributionModel.LAST_TOUCH);
            assertThat(conversion.getReferralCode()).isEqualTo(AffiliateFixtures.codeOf(ALICE));
            assertThat(conversion.getReferredAt()).isEqualTo(T0);
            assertThat(conversion.getMetadata().getOccurredAt()).isEqualTo(T0.plus(WINDOW));
            assertThat(conversion.getMetadata().getCausationId())
                    .isEqualTo(payment.getMetadata().getEventId().toString());
        });
        assertThat(events).extracting(event -> event.key).containsOnly(ALICE);
        assertThat(affiliates.eventsOf(events, AffiliateCommissionEarned.class))
                .extracting(AffiliateCommissionEarned::getAffiliateId, earned -> earned.getAmount().getAmountMinor())
                .containsExactly(tuple(ALICE, 2_000L));
        assertThat(events).hasSize(2);
        assertThat(affiliates.allRead()).isTrue();
    }

    @Test
    void shouldNotCreditATouchWhoseWindowHasPassed() {
        // Given
        start(SETTINGS);
        affiliates.click(CAROL, ALICE, T0);

        // When: one millisecond too late
        affiliates.pay(CAROL, 10_000, "EUR", T0.plus(WINDOW).plusMillis(1));

        // Then
        assertThat(affiliates.events()).isEmpty();
        assertThat(affiliates.allRead()).isTrue();
    }

    @Test
    void shouldCreditTheLatestTouchInsideTheWindowUnderLastTouch() {
        // Given: Alice's click long ago (out of the window at the payment), then Bob's, then Dave's
        start(SETTINGS);
        affiliates.click(CAROL, ALICE, T0);
        affiliates.click(CAROL, BOB, T0.plus(Duration.ofDays(10)));
        affiliates.click(CAROL, DAVE, T0.plus(Duration.ofDays(20)));

        // When
        affiliates.pay(CAROL, 10_000, "EUR", T0.plus(Duration.ofDays(65)));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), ConversionTracked.class))
                .extracting(ConversionTracked::getAffiliateId, ConversionTracked::getAttribution)
                .containsExactly(tuple(DAVE, AttributionModel.LAST_TOUCH));
    }

    @Test
    void shouldCreditTheEarliestTouchStillInsideTheWindowUnderFirstTouch() {
        // Given: the same touches under FIRST_TOUCH
        start(SETTINGS.withAttribution(SETTINGS.attribution().withModel(AttributionModel.FIRST_TOUCH)));
        affiliates.click(CAROL, ALICE, T0);
        affiliates.click(CAROL, BOB, T0.plus(Duration.ofDays(10)));
        affiliates.click(CAROL, DAVE, T0.plus(Duration.ofDays(20)));

        // When: Alice's touch is out of the window, Bob's the earliest still in it
        affiliates.pay(CAROL, 10_000, "EUR", T0.plus(Duration.ofDays(65)));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), ConversionTracked.class))
                .extracting(ConversionTracked::getAffiliateId, ConversionTracked::getAttribution)
                .containsExactly(tuple(BOB, AttributionModel.FIRST_TOUCH));
    }

    @Test
    void shouldCreditTheOwnerOfTheCodeAUserRegisteredWith() {
        // Given
        start(SETTINGS);
        affiliates.register(ALICE, T0);
        affiliates.register(CAROL, AffiliateFixtures.codeOf(ALICE), T0.plusSeconds(60));

        // When
        affiliates.pay(CAROL, 5_000, "EUR", T0.plus(Duration.ofDays(3)));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), ConversionTracked.class))
                .extracting(ConversionTracked::getAffiliateId, ConversionTracked::getReferredAt)
                .containsExactly(tuple(ALICE, T0.plusSeconds(60)));
        assertThat(affiliates.profileOf(CAROL).getSponsorId()).isEqualTo(ALICE);
    }

    @Test
    void shouldResolveACodeWhoseOwnerRegistersAfterTheReferredUser() {
        // Given: Carol registers with Alice's code before Alice's own registration is seen
        start(SETTINGS);
        affiliates.register(CAROL, AffiliateFixtures.codeOf(ALICE), T0);
        assertThat(affiliates.profileOf(CAROL)).isNull();

        // When
        affiliates.register(ALICE, T0.plusSeconds(30));
        affiliates.pay(CAROL, 5_000, "EUR", T0.plus(Duration.ofDays(1)));

        // Then
        assertThat(affiliates.profileOf(CAROL).getSponsorId()).isEqualTo(ALICE);
        assertThat(affiliates.eventsOf(affiliates.events(), ConversionTracked.class))
                .extracting(ConversionTracked::getAffiliateId).containsExactly(ALICE);
    }

    @Test
    void shouldDropARegistrationWhoseCodeFindsNoOwnerWithinTheWindow() {
        // Given
        start(SETTINGS);
        affiliates.register(CAROL, AffiliateFixtures.codeOf(ALICE), T0);

        // When: the owner shows up after the window
        affiliates.register(ALICE, T0.plus(WINDOW).plusSeconds(1));

        // Then
        assertThat(affiliates.profileOf(CAROL)).isNull();
        assertThat(affiliates.driver().getKeyValueStore(AffiliateTopology.PENDING_CODES_STORE)
                .approximateNumEntries()).isZero();
    }

    @Test
    void shouldFixTheSponsorAtTheFirstSignUpSignalAndNeverChangeIt() {
        // Given: Alice's click, then Carol signs up through Bob
        start(SETTINGS);
        affiliates.click(CAROL, ALICE, T0);
        affiliates.complete(CAROL, BOB, T0.plusSeconds(60));

        // When: a later sign-up signal through Dave
        affiliates.complete(CAROL, DAVE, T0.plusSeconds(120));
        affiliates.level(CAROL, 4, T0.plusSeconds(180));

        // Then: Bob is the sponsor (last touch at the first signal), published with the level
        assertThat(affiliates.profiles()).extracting(profile -> profile.key, profile -> profile.value)
                .containsExactly(
                        tuple(CAROL, new AffiliateProfile(CAROL, BOB, null, T0.plusSeconds(60))),
                        tuple(CAROL, new AffiliateProfile(CAROL, BOB, 4, T0.plusSeconds(180))));
        assertThat(affiliates.profileOf(CAROL).getSponsorId()).isEqualTo(BOB);
    }

    @Test
    void shouldFixTheFirstTouchAsSponsorUnderFirstTouch() {
        // Given
        start(SETTINGS.withAttribution(SETTINGS.attribution().withModel(AttributionModel.FIRST_TOUCH)));
        affiliates.click(CAROL, ALICE, T0);

        // When
        affiliates.complete(CAROL, BOB, T0.plusSeconds(60));

        // Then
        assertThat(affiliates.profileOf(CAROL).getSponsorId()).isEqualTo(ALICE);
    }

    @Test
    void shouldNeverAttributeAUserToThemselves() {
        // Given: Alice follows her own link and signs up with her own referral
        start(SETTINGS);
        affiliates.click(ALICE, ALICE, T0);
        affiliates.complete(ALICE, ALICE, T0.plusSeconds(10));

        // When
        affiliates.pay(ALICE, 10_000, "EUR", T0.plusSeconds(60));

        // Then: no sponsor, no conversion, no commission
        assertThat(affiliates.profileOf(ALICE)).isNull();
        assertThat(affiliates.events()).isEmpty();
    }

    @Test
    void shouldEarnNothingForASignUpAlone() {
        // Given
        start(SETTINGS);
        affiliates.register(ALICE, T0);

        // When
        affiliates.register(CAROL, AffiliateFixtures.codeOf(ALICE), T0.plusSeconds(60));
        affiliates.complete(CAROL, ALICE, T0.plusSeconds(61));

        // Then: a signup for Alice, nothing on her events
        assertThat(affiliates.events()).isEmpty();
        assertThat(affiliates.statsOf(ALICE).getSignupCount()).isEqualTo(1);
    }

    private void start(AffiliateSettings settings) {
        affiliates = new AffiliateDriver(stateDir, settings);
    }
}
