// Tier: unit (the Binance Pay webhook check with a key pair of the test's own, no Quarkus)
package io.coursestream.processor.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;

class BinancePayWebhooksTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String TRANSACTION = "0b9f3c2e-5d1a-4e8f-9a7b-2c4d6e8f0a1b";
    private static final KeyPair BINANCE = keyPair();

    private final BinancePayWebhooks webhooks = new BinancePayWebhooks(
            "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(BINANCE.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----",
            Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldReadASignedPaySuccessAsSucceeded() throws Exception {
        String body = notification("29383937493038367292", "PAY_SUCCESS", "EUR", "49.99");
        String timestamp = Long.toString(NOW.minusSeconds(30).toEpochMilli());

        PaymentWebhookReceived event = webhooks.verify(body, timestamp, "nonce-1", sign(timestamp, "nonce-1", body))
                .orElseThrow();

        assertThat(event.getProvider()).isEqualTo(PaymentProvider.BINANCE_PAY);
        assertThat(event.getProviderEventId()).isEqualTo("29383937493038367292");
        assertThat(event.getTransactionId()).isEqualTo(TRANSACTION);
        assertThat(event.getProviderReference()).isEqualTo("29383937493038367292");
        assertThat(event.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(event.getAmount()).isEqualTo(new Money(4_999L, "EUR"));
        assertThat(event.getProviderCreatedAt()).isEqualTo(Instant.ofEpochMilli(1_795_000_000_000L));
    }

    @Test
    void shouldReadAClosedOrderAsFailedAndACryptoAmountAsNone() throws Exception {
        String body = notification("2", "PAY_CLOSED", "USDT", "10.00");
        String timestamp = Long.toString(NOW.toEpochMilli());

        PaymentWebhookReceived event = webhooks.verify(body, timestamp, "nonce-2", sign(timestamp, "nonce-2", body))
                .orElseThrow();

        assertThat(event.getStatus()).isEqualTo(PaymentStatus.FAILED);
        assertThat(event.getFailureCode()).isEqualTo("PAY_CLOSED");
        assertThat(event.getAmount()).isNull();
    }

    @Test
    void shouldRefuseAForgedAStaleAndAReplayedNotification() throws Exception {
        String body = notification("3", "PAY_SUCCESS", "EUR", "1.00");
        String timestamp = Long.toString(NOW.toEpochMilli());
        String signature = sign(timestamp, "nonce-3", body);
        String stale = Long.toString(NOW.minus(Duration.ofMinutes(6)).toEpochMilli());

        assertThatThrownBy(() -> webhooks.verify(body.replace("1.00", "0.01"), timestamp, "nonce-3", signature))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> webhooks.verify(body, stale, "nonce-4", sign(stale, "nonce-4", body)))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("outside");
        assertThat(webhooks.verify(body, timestamp, "nonce-3", signature)).isPresent();
        assertThatThrownBy(() -> webhooks.verify(body, timestamp, "nonce-3", signature))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("replay");
        assertThatThrownBy(() -> webhooks.verify(body, timestamp, null, signature))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("required");
    }

    @Test
    void shouldReadAMerchantTradeNoWithoutDashesBackAsTheTransactionId() {
        assertThat(BinancePayWebhooks.transactionId(TRANSACTION.replace("-", ""))).isEqualTo(TRANSACTION);
        assertThat(BinancePayWebhooks.transactionId("order-7")).isEqualTo("order-7");
    }

    private static String notification(String bizId, String status, String currency, String totalFee) {
        String data = ("{\"merchantTradeNo\":\"%s\",\"prepayId\":\"29383937493038367292\",\"totalFee\":%s,"
                + "\"currency\":\"%s\",\"transactTime\":1795000000000,\"passThroughInfo\":\"%s\"}")
                .formatted("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", totalFee, currency, TRANSACTION);
        return "{\"bizType\":\"PAY\",\"bizId\":" + bizId + ",\"bizIdStr\":\"" + bizId + "\",\"bizStatus\":\""
                + status + "\",\"data\":" + quoted(data) + "}";
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String sign(String timestamp, String nonce, String body) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(BINANCE.getPrivate());
        signer.update((timestamp + "\n" + nonce + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
