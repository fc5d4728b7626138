// Tier: unit (Binance Pay's request signature against a fixed vector, no server)
package io.coursestream.workers.payments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.coursestream.devstack.binance.BinancePayServer;

class BinancePaySignatureTest {

    // The inputs of Binance Pay's FAQ (error 400002, "test with below parameters"). The FAQ's printed signature is cut
    // short (66 hex digits of 128), so the expected value is HMAC-SHA512 of the documented payload computed
    // independently: printf '%s\n%s\n%s\n' TIMESTAMP NONCE BODY | openssl dgst -sha512 -hmac SECRET, upper-cased.
    private static final String TIMESTAMP = "1611232922428";
    private static final String NONCE = "5RhaTrZPhknNv0kDSA2UQ67cPMVNS4sA";
    private static final String BODY = "{\"merchantId\":\"98765987\",\"subMerchantId\":\"98765987\","
            + "\"merchantTradeNo\":\"9825382937292\",\"totalFee\":25.17,\"productDetail\":\"Greentea ice cream cone\","
            + "\"currency\":\"USDT\",\"returnUrl\":\"\",\"tradeType\":\"APP\",\"productType\":\"Food\","
            + "\"productName\":\"Ice Cream\"}";
    private static final String SECRET = "uahr4nhailyq55yubuhuncnprfac73bcbz2qfafsevic1jruwunioxtoaozy122f";
    private static final String SIGNATURE = "C1F7A336D5E6A100DD31F41669895D99C24A3A4D4F96DB6389761CB2CDD37FA2"
            + "F6D106A24DB048B4989005E85EADEA392CD866902736D3D276BDC44C49DD00FC";

    @Test
    void shouldSignTimestampNonceAndBodyEachFollowedByANewlineAsUpperCaseHexHmacSha512() {
        assertThat(BinancePaySignature.sign(TIMESTAMP, NONCE, BODY, SECRET)).isEqualTo(SIGNATURE);
    }

    @Test
    void shouldAgreeWithTheLocalServersVerification() {
        assertThat(BinancePayServer.signature(TIMESTAMP, NONCE, BODY, SECRET)).isEqualTo(SIGNATURE);
    }

    @Test
    void shouldChangeWithEveryByteOfTheBody() {
        assertThat(BinancePaySignature.sign(TIMESTAMP, NONCE, BODY.replace("25.17", "25.18"), SECRET))
                .isNotEqualTo(SIGNATURE);
        assertThat(BinancePaySignature.sign(TIMESTAMP, NONCE, BODY + " ", SECRET)).isNotEqualTo(SIGNATURE);
    }

    @Test
    void shouldMakeNoncesOf32LettersAndDigitsThatDiffer() {
        String nonce = BinancePaySignature.nonce();

        assertThat(nonce).matches("[A-Za-z0-9]{32}");
        assertThat(BinancePaySignature.nonce()).isNotEqualTo(nonce);
    }
}
