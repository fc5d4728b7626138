// Tier: unit (the EU VAT rules for digital services and the net/tax split, no Quarkus)
package io.coursestream.workers.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaxRulesTest {

    @Test
    void shouldKnowTheStandardRateOfAll27MemberStatesAsOf2026() {
        assertThat(TaxRules.STANDARD_RATES).hasSize(27);
        assertThat(TaxRules.STANDARD_RATES).containsEntry("DE", 1900).containsEntry("FR", 2000)
                .containsEntry("HU", 2700).containsEntry("LU", 1700)
                // the changes of 2024-2025
                .containsEntry("FI", 2550).containsEntry("SK", 2300).containsEntry("EE", 2400)
                .containsEntry("RO", 2100);
        assertThat(TaxRules.STANDARD_RATES.values()).allMatch(rate -> rate >= 1500, "at least the EU minimum 15 %");
        assertThat(TaxRules.isEu("GB")).isFalse();
        assertThat(TaxRules.isEu("CH")).isFalse();
    }

    @Test
    void shouldChargeAConsumerTheRateOfTheirOwnMemberState() {
        TaxTreatment austrian = TaxRules.treatment("AT", null, "DE");

        assertThat(austrian.kind()).isEqualTo(TaxTreatment.Kind.STANDARD);
        assertThat(austrian.rateBasisPoints()).isEqualTo(2000);
        assertThat(austrian.country()).isEqualTo("AT");
        assertThat(austrian.reverseCharge()).isFalse();
        assertThat(TaxRules.treatment("FI", null, "DE").percent().toPlainString()).isEqualTo("25.5");
    }

    @Test
    void shouldReverseTheChargeForABusinessInAnotherMemberState() {
        TaxTreatment french = TaxRules.treatment("FR", "fr 12 345.678-901", "DE");

        assertThat(french.kind()).isEqualTo(TaxTreatment.Kind.REVERSE_CHARGE);
        assertThat(french.rateBasisPoints()).isZero();
        assertThat(french.reverseCharge()).isTrue();
        assertThat(french.buyerVatId()).isEqualTo("FR12345678901");
        // Greece's VAT ids start with EL, its country code is GR
        assertThat(TaxRules.treatment("GR", "EL123456789", "DE").kind()).isEqualTo(TaxTreatment.Kind.REVERSE_CHARGE);
    }

    @Test
    void shouldChargeADomesticBusinessTheSellersRate() {
        TaxTreatment german = TaxRules.treatment("DE", "DE987654321", "DE");

        assertThat(german.kind()).isEqualTo(TaxTreatment.Kind.STANDARD);
        assertThat(german.rateBasisPoints()).isEqualTo(1900);
        assertThat(german.buyerVatId()).isEqualTo("DE987654321");
    }

    @Test
    void shouldChargeVatWhenTheVatIdIsMalformedOrOfAnotherCountry() {
        assertThat(TaxRules.treatment("FR", "not-a-vat-id!", "DE").kind()).isEqualTo(TaxTreatment.Kind.STANDARD);
        assertThat(TaxRules.treatment("FR", "not-a-vat-id!", "DE").buyerVatId()).isNull();
        TaxTreatment mismatch = TaxRules.treatment("FR", "IT12345678901", "DE");
        assertThat(mismatch.kind()).isEqualTo(TaxTreatment.Kind.STANDARD);
        assertThat(mismatch.rateBasisPoints()).isEqualTo(2000);
    }

    @Test
    void shouldChargeNoEuVatOutsideTheEuWithOrWithoutAVatId() {
        for (String country : new String[] {"US", "JP", "BH", "CH", "GB"}) {
            TaxTreatment treatment = TaxRules.treatment(country, "GB123456789", "DE");
            assertThat(treatment.kind()).as(country).isEqualTo(TaxTreatment.Kind.OUTSIDE_EU);
            assertThat(treatment.rateBasisPoints()).as(country).isZero();
        }
    }

    @Test
    void shouldRefuseMalformedCountriesAndASellerOutsideTheEu() {
        assertThatThrownBy(() -> TaxRules.treatment("de", null, "DE")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buyer country");
        assertThatThrownBy(() -> TaxRules.treatment("DE", null, "US")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an EU member state");
    }

    @ParameterizedTest(name = "{0} {1} at {2} bp: net {3}, tax {4}")
    @CsvSource({
            // EUR, 2 decimals: 119.00 at 19 % is exactly 100.00 + 19.00
            "11900, EUR, 1900, 10000, 1900",
            // 29.99 at 19 %: 25.2016... rounds to 25.20, tax takes the rest
            "2999, EUR, 1900, 2520, 479",
            // half-even: 0.05 at 25 % = 0.04 exactly; 0.10 at 25 % = 0.08
            "5, EUR, 2500, 4, 1",
            // 25.5 % (Finland)
            "10000, EUR, 2550, 7968, 2032",
            // JPY, no decimals: 3000 yen at 10 % = 2727.27 -> 2727
            "3000, JPY, 1000, 2727, 273",
            // BHD, 3 decimals: 10.500 at 10 % = 9.54545 -> 9.545
            "10500, BHD, 1000, 9545, 955",
            // credit note, negative: -29.99 at 19 %
            "-2999, EUR, 1900, -2520, -479",
            // zero rate: net is gross
            "4900, EUR, 0, 4900, 0"})
    void shouldSplitGrossIntoNetAndTaxRoundedHalfEvenToTheMinorUnit(long gross, String currency, int rate, long net,
            long tax) {
        TaxSplit split = TaxRules.split(gross, currency, rate);

        assertThat(split.netMinor()).isEqualTo(net);
        assertThat(split.taxMinor()).isEqualTo(tax);
        assertThat(split.netMinor() + split.taxMinor()).isEqualTo(gross);
        assertThat(split.currency()).isEqualTo(currency);
    }

    @Test
    void shouldRoundHalfToEven() {
        // ties at a (made-up) 100 % rate: 0.025 BHD -> 0.0125 -> 0.012, 0.027 -> 0.0135 -> 0.014 (to the even fils)
        assertThat(TaxRules.split(25, "BHD", 10_000).netMinor()).isEqualTo(12);
        assertThat(TaxRules.split(27, "BHD", 10_000).netMinor()).isEqualTo(14);
        assertThat(TaxRules.split(-25, "BHD", 10_000).netMinor()).isEqualTo(-12);
    }

    @Test
    void shouldKeepNetPlusTaxEqualToGrossForEveryAmountAndRate() {
        for (String currency : new String[] {"JPY", "EUR", "BHD"}) {
            for (int rate : TaxRules.STANDARD_RATES.values()) {
                for (long gross = -1_000; gross <= 100_000; gross += 997) {
                    TaxSplit split = TaxRules.split(gross, currency, rate);
                    assertThat(split.netMinor() + split.taxMinor()).isEqualTo(gross);
                    assertThat(Math.abs(split.taxMinor())).isLessThanOrEqualTo(Math.abs(gross));
                }
            }
        }
    }

    @Test
    void shouldTakeTheMinorUnitsFromTheCurrency() {
        assertThat(TaxRules.fractionDigits("JPY")).isZero();
        assertThat(TaxRules.fractionDigits("EUR")).isEqualTo(2);
        assertThat(TaxRules.fractionDigits("BHD")).isEqualTo(3);
        assertThat(TaxRules.split(10500, "BHD", 1000).net().toPlainString()).isEqualTo("9.545");
        assertThatThrownBy(() -> TaxRules.split(100, "XXX", 1900)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaxRules.split(100, "EURO", 1900)).isInstanceOf(IllegalArgumentException.class);
    }
}
