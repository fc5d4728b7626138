// Tier: unit (the Stripe webhook check with Stripe's signing code, no Quarkus)
package io.coursestream.processor.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.stripe.net.Webhook;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;

class StripeWebhooksTest {

    private static final String SECRET = "whsec_test_0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final String TRANSACTION = "0b9f3c2e-5d1a-4e8f-9a7b-2c4d6e8f0a1b";

    private final StripeWebhooks webhooks = new StripeWebhooks(SECRET, Duration.ofSeconds(300),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldReadASignedPaymentIntentSucceededAsSucceeded() throws Exception {
        String body = paymentIntentEvent("evt_1", "payment_intent.succeeded", "succeeded", null);

        PaymentWebhookReceived event = webhooks.verify(body, signed(body, NOW.minusSeconds(10))).orElseThrow();

        assertThat(event.getProvider()).isEqualTo(PaymentProvider.STRIPE);
        assertThat(event.getProviderEventId()).isEqualTo("evt_1");
        assertThat(event.getEventType()).isEqualTo("payment_intent.succeeded");
        assertThat(event.getTransactionId()).isEqualTo(TRANSACTION);
        assertThat(event.getProviderReference()).isEqualTo("pi_123");
        assertThat(event.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(event.getAmount()).isEqualTo(new Money(4_999L, "EUR"));
        assertThat(event.getProviderCreatedAt()).isEqualTo(Instant.ofEpochSecond(1_795_000_000L));
        assertThat(event.getReceivedAt()).isEqualTo(NOW);
        assertThat(event.getPayloadSha256()).isEqualTo(WebhookEvents.sha256(body)).hasSize(64);
    }

    @Test
    void shouldCarryTheDeclineCodeOfAFailedPayment() throws Exception {
        String body = paymentIntentEvent("evt_2", "payment_intent.payment_failed", "requires_payment_method",
                "{\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\",\"message\":\"Your card has"
                        + " insufficient funds.\"}");

        PaymentWebhookReceived event = webhooks.verify(body, signed(body, NOW)).orElseThrow();

        assertThat(event.getStatus()).isEqualTo(PaymentStatus.FAILED);
        assertThat(event.getFailureCode()).isEqualTo("insufficient_funds");
        assertThat(event.getFailureMessage()).isEqualTo("Your card has insufficient funds.");
    }

    @Test
    void shouldReadAPartialRefundOfACharge() throws Exception {
        String body = """
                {"id":"evt_3","type":"charge.refunded","created":1795000100,"data":{"object":{"object":"charge",
                "id":"ch_1","payment_intent":"pi_123","amount":4999,"amount_refunded":1000,"currency":"eur",
                "metadata":{"transactionId":"%s"}}}}""".formatted(TRANSACTION);

        PaymentWebhookReceived event = webhooks.verify(body, signed(body, NOW)).orElseThrow();

        assertThat(event.getStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(event.getProviderReference()).isEqualTo("pi_123");
        assertThat(event.getAmount()).isEqualTo(new Money(4_999L, "EUR"));
        assertThat(event.getRefundedAmount()).isEqualTo(new Money(1_000L, "EUR"));
    }

    @Test
    void shouldAcknowledgeWithoutPublishingAnEventNotAboutOurPayments() throws Exception {
        String customer = "{\"id\":\"evt_4\",\"type\":\"customer.created\",\"created\":1795000000,"
                + "\"data\":{\"object\":{\"id\":\"cus_1\"}}}";
        String foreign = paymentIntentEvent("evt_5", "payment_intent.succeeded", "succeeded", null)
                .replace("\"transactionId\":\"" + TRANSACTION + "\"", "\"order\":\"shop-1\"");

        assertThat(webhooks.verify(customer, signed(customer, NOW))).isEmpty();
        assertThat(webhooks.verify(foreign, signed(foreign, NOW))).isEmpty();
    }

    @Test
    void shouldRefuseAForgedAStaleAndAFutureSignatureAndAMissingOne() throws Exception {
        String body = paymentIntentEvent("evt_6", "payment_intent.succeeded", "succeeded", null);
        String forged = Webhook.Signature.generateSignatureHeader(body, "whsec_someone_else",
                NOW.getEpochSecond());
        String tampered = signed(body, NOW);

        assertThatThrownBy(() -> webhooks.verify(body, forged)).isInstanceOf(WebhookRejectedException.class)
                .hasMessageContaining("does not verify");
        assertThatThrownBy(() -> webhooks.verify(body.replace("4999", "1"), tampered))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> webhooks.verify(body, signed(body, NOW.minusSeconds(301))))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> webhooks.verify(body, signed(body, NOW.plusSeconds(301))))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("in the future");
        assertThatThrownBy(() -> webhooks.verify(body, null)).isInstanceOf(WebhookRejectedException.class)
                .hasMessageContaining("no Stripe-Signature");
    }

    private static String signed(String body, Instant at) throws Exception {
        return Webhook.Signature.generateSignatureHeader(body, SECRET, at.getEpochSecond());
    }

    private static String paymentIntentEvent(String id, String type, String status, String lastError) {
        return """
                {"id":"%s","object":"event","type":"%s","created":1795000000,"data":{"object":{
                "object":"payment_intent","id":"pi_123","status":"%s","amount":4999,"amount_received":%d,
                "currency":"eur","last_payment_error":%s,"metadata":{"transactionId":"%s"}}}}"""
                .formatted(id, type, status, "succeeded".equals(status) ? 4999 : 0, lastError, TRANSACTION);
    }
}
