// Tier: unit (pure rules, no Kafka).
package io.coursestream.topology.affiliates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.affiliates.AffiliateRiskState;
import io.coursestream.schemas.affiliates.AttributionModel;
import io.coursestream.schemas.affiliates.ConversionCandidate;
import io.coursestream.schemas.affiliates.FraudFingerprint;
import io.coursestream.schemas.common.Money;

/** Each fraud rule, their weights adding up (capped at 100), and the velocity window. */
class FraudScorerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final AffiliateSettings SETTINGS = AffiliateSettings.DEFAULTS;
    private static final FraudFingerprint AFFILIATE = new FraudFingerprint("affiliate",
            FraudScorer.emailHash("Aff@Example.org"), "10.0.0.1", "device-a", T0);

    @Test
    void shouldScoreACleanConversionZero() {
        // when
        FraudScorer.Score score = FraudScorer.score(candidate("buyer", "b@example.org", "10.0.0.2", "device-b", T0),
                risk(), SETTINGS);

        // then
        assertThat(score.score()).isZero();
        assertThat(score.reasons()).isEmpty();
        assertThat(score.flagged()).isFalse();
    }

    @Test
    void shouldScoreTheBuyerBeingTheAffiliate() {
        FraudScorer.Score score = FraudScorer.score(candidate("affiliate", "b@example.org", null, null, T0), risk(),
                SETTINGS);
        assertThat(score.reasons()).singleElement().asString().startsWith("SELF_REFERRAL_USER:");
        assertThat(score.score()).isEqualTo(100);
        assertThat(score.flagged()).isTrue();
    }

    @Test
    void shouldCompareEmailsCaseInsensitivelyIncludingTheCheckoutEmail() {
        ConversionCandidate viaCheckout = ConversionCandidate.newBuilder(
                        candidate("buyer", "b@example.org", null, null, T0))
                .setCheckoutEmailHash(FraudScorer.emailHash("  aff@EXAMPLE.org ")).build();
        assertThat(codes(FraudScorer.score(viaCheckout, risk(), SETTINGS))).containsExactly("SELF_REFERRAL_EMAIL");
        assertThat(codes(FraudScorer.score(candidate("buyer", "AFF@example.ORG", null, null, T0), risk(), SETTINGS)))
                .containsExactly("SELF_REFERRAL_EMAIL");
    }

    @Test
    void shouldAddUpIpAndDeviceAndCapAtOneHundred() {
        // given the buyer's IP and device are the affiliate's
        ConversionCandidate candidate = candidate("buyer", "aff@example.org", "10.0.0.1", "device-a", T0);

        // when
        FraudScorer.Score score = FraudScorer.score(candidate, risk(), SETTINGS);

        // then 100 + 30 + 60, capped
        assertThat(codes(score)).containsExactly("SELF_REFERRAL_EMAIL", "SELF_REFERRAL_IP", "SELF_REFERRAL_DEVICE");
        assertThat(score.score()).isEqualTo(100);
        assertThat(FraudScorer.score(candidate("buyer", null, "10.0.0.1", null, T0), risk(), SETTINGS).score())
                .isEqualTo(30);
    }

    @Test
    void shouldCountTheClicksIpAndDeviceAsTheBuyers() {
        ConversionCandidate candidate = ConversionCandidate.newBuilder(candidate("buyer", null, null, null, T0))
                .setTouchIpAddress("10.0.0.1").setTouchDeviceId("device-a").build();
        assertThat(codes(FraudScorer.score(candidate, risk(), SETTINGS)))
                .containsExactly("SELF_REFERRAL_IP", "SELF_REFERRAL_DEVICE");
    }

    @Test
    void shouldFlagMoreThanTheAllowedConversionsFromOneIpOrDeviceInTheWindow() {
        // given three conversions from one IP and device in the last 24 hours, one older
        AffiliateRiskState risk = risk();
        risk = FraudScorer.counted(risk, candidate("b0", null, "10.9.9.9", "d", T0), SETTINGS);
        for (int i = 1; i <= 3; i++) {
            risk = FraudScorer.counted(risk, candidate("b" + i, null, "10.9.9.9", "d", T0.plus(Duration.ofHours(i))),
                    SETTINGS);
        }

        // when: a fourth 24.5 hours after the oldest (which left the window)
        Instant at = T0.plus(Duration.ofMinutes(24 * 60 + 30));
        FraudScorer.Score score = FraudScorer.score(candidate("b4", null, "10.9.9.9", "d", at), risk, SETTINGS);

        // then
        assertThat(score.reasons()).containsExactly("VELOCITY_IP: 4 conversions from IP 10.9.9.9 within PT24H",
                "VELOCITY_DEVICE: 4 conversions from device d within PT24H");
        assertThat(score.score()).isEqualTo(100);
        assertThat(FraudScorer.counted(risk, candidate("b4", null, "10.9.9.9", "d", at), SETTINGS)
                .getRecentConversions()).as("the oldest dropped").hasSize(4);
        assertThat(FraudScorer.score(candidate("b5", null, "10.9.9.9", "d", T0.plus(Duration.ofHours(25))), risk,
                SETTINGS).reasons()).as("a day after the second, two are left").isEmpty();
    }

    @Test
    void shouldScoreADuplicateWithItsWeightAndTheConfiguredThreshold() {
        FraudScorer.Score score = FraudScorer.duplicate(candidate("buyer", null, null, null, T0),
                SETTINGS.withFraud(SETTINGS.fraud().withWeights(100, 100, 30, 60, 50, 40)));
        assertThat(score.score()).isEqualTo(40);
        assertThat(score.threshold()).isEqualTo(50);
        assertThat(codes(score)).containsExactly("DUPLICATE_TRANSACTION");
    }

    private static AffiliateRiskState risk() {
        return new AffiliateRiskState("affiliate", AFFILIATE, List.of());
    }

    private static ConversionCandidate candidate(String buyer, String email, String ip, String device, Instant at) {
        return ConversionCandidate.newBuilder()
                .setConversionId("conversion-" + buyer + at.toEpochMilli())
                .setTransactionId("tx-" + buyer + at.toEpochMilli())
                .setPaymentEventId("event-" + buyer)
                .setReferredUserId(buyer)
                .setCourseId(null)
                .setRevenue(new Money(10_000L, "EUR"))
                .setPaidAt(at)
                .setCorrelationId("correlation")
                .setAffiliateId("affiliate")
                .setReferralCode("CODE")
                .setReferredAt(at)
                .setAttribution(AttributionModel.LAST_TOUCH)
                .setBuyer(new FraudFingerprint(buyer, FraudScorer.emailHash(email), ip, device, at))
                .setCheckoutEmailHash(null)
                .setTouchIpAddress(null)
                .setTouchDeviceId(null)
                .setDuplicate(false)
                .build();
    }

    private static List<String> codes(FraudScorer.Score score) {
        return score.reasons().stream().map(reason -> reason.substring(0, reason.indexOf(':'))).toList();
    }
}
