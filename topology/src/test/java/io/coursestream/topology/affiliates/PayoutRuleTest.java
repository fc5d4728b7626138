// Tier: unit (pure rules, no Kafka).
package io.coursestream.topology.affiliates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/** The payout threshold in each currency's minor units, and the order of the payout conditions. */
class PayoutRuleTest {

    private static final BigDecimal FIFTY = new BigDecimal("50.00");

    @Test
    void shouldScaleTheThresholdByEachCurrencysMinorDigits() {
        assertThat(PayoutRule.thresholdMinor(FIFTY, "EUR")).isEqualTo(5_000);
        assertThat(PayoutRule.thresholdMinor(FIFTY, "JPY")).isEqualTo(50);
        assertThat(PayoutRule.thresholdMinor(FIFTY, "BHD")).isEqualTo(50_000);
        assertThat(PayoutRule.thresholdMinor(new BigDecimal("0.5"), "JPY")).as("rounded up").isEqualTo(1);
        assertThatThrownBy(() -> PayoutRule.thresholdMinor(FIFTY, "XYZ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPayANetBalanceAtOrAboveTheThreshold() {
        PayoutRule.Decision decision = PayoutRule.decide(7_000, 2_000, 5_000, 3, 3, true);
        assertThat(decision.pays()).isTrue();
        assertThat(decision.net()).isEqualTo(5_000);
        assertThat(decision.deducted()).isEqualTo(2_000);
    }

    @Test
    void shouldSayWhyABalanceIsNotPaid() {
        assertThat(PayoutRule.decide(0, 0, 5_000, 3, 3, true).outcome())
                .isEqualTo(PayoutRule.Outcome.NOTHING_APPROVED);
        assertThat(PayoutRule.decide(6_000, 2_000, 5_000, 3, 3, true).outcome())
                .isEqualTo(PayoutRule.Outcome.BELOW_THRESHOLD);
        assertThat(PayoutRule.decide(1_000, 6_000, 5_000, 3, 3, true).net()).as("negative, carried").isEqualTo(-5_000);
        assertThat(PayoutRule.decide(6_000, 0, 5_000, 2, 3, true).outcome())
                .isEqualTo(PayoutRule.Outcome.TOO_FEW_ACTIVE_CUSTOMERS);
        assertThat(PayoutRule.decide(6_000, 0, 5_000, 3, 3, false).outcome())
                .isEqualTo(PayoutRule.Outcome.NO_PAYOUT_ACCOUNT);
    }
}
