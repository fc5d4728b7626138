// Tier: IT (the processor in Quarkus on the shared test broker and registry: the webhook gateway publishes to
// payments.webhook-events and the payment topology remembers what it published)
package io.coursestream.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.stripe.net.Webhook;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.topics.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The payment webhook gateway on the real broker: a signed Stripe event and a signed Binance Pay notification are
 * published once; a forged signature, a stale timestamp, a reused nonce and a replay of an event already published get
 * 400 and publish nothing.
 */
@QuarkusTest
@TestProfile(ProcessorTestProfile.class)
class PaymentWebhooksIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @ConfigProperty(name = "coursestream.payments.webhooks.stripe.signing-secret")
    String stripeSecret;

    private KafkaConsumer<String, SpecificRecord> published;

    @BeforeEach
    void subscribe() {
        // Until Kafka Streams runs, whether a webhook is a replay cannot be told: the gateway answers 503.
        ProcessorApi.awaitReady(TIMEOUT);
        published = new KafkaClients(bootstrapServers, registryUrl).eventConsumer();
        published.subscribe(List.of(Topics.PAYMENT_WEBHOOKS.name()));
    }

    @AfterEach
    void close() {
        published.close();
    }

    @Test
    void shouldPublishASignedStripeEventOnceAndRefuseForgeriesStaleOnesAndReplays() throws Exception {
        String transaction = UUID.randomUUID().toString();
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"id":"%s","object":"event","type":"payment_intent.succeeded","created":%d,"data":{"object":{
                "object":"payment_intent","id":"pi_%s","status":"succeeded","amount":4999,"currency":"eur",
                "metadata":{"transactionId":"%s"}}}}""".formatted(eventId, Instant.now().getEpochSecond(),
                transaction.substring(0, 8), transaction);
        String signature = Webhook.Signature.generateSignatureHeader(body, stripeSecret);

        // a forged and a stale call are refused and publish nothing
        assertThat(stripe(body, Webhook.Signature.generateSignatureHeader(body, "whsec_someone_else")).statusCode())
                .isEqualTo(400);
        Response stale = stripe(body, Webhook.Signature.generateSignatureHeader(body, stripeSecret,
                Instant.now().minusSeconds(600).getEpochSecond()));
        assertThat(stale.statusCode()).isEqualTo(400);
        assertThat(stale.jsonPath().getString("message")).contains("does not verify");

        // the authentic one is published, keyed by its transaction
        Response accepted = stripe(body, signature);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.jsonPath().getBoolean("published")).isTrue();
        awaitRemembered(transaction, eventId);

        // and sent again (Stripe retries, or someone replays it), it is refused
        Response replay = stripe(body, signature);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.jsonPath().getString("message")).contains("replay");
        List<PaymentWebhookReceived> events = publishedFor(transaction);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getProvider()).isEqualTo(PaymentProvider.STRIPE);
            assertThat(event.getProviderEventId()).isEqualTo(eventId);
            assertThat(event.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        });
    }

    @Test
    void shouldPublishASignedBinancePayNotificationOnceAndRefuseAReusedNonceAForgeryAndAStaleOne() throws Exception {
        String transaction = UUID.randomUUID().toString();
        String bizId = Long.toString(System.nanoTime());
        String data = ("{\"merchantTradeNo\":\"%s\",\"prepayId\":\"%s\",\"totalFee\":49.99,\"currency\":\"EUR\","
                + "\"transactTime\":%d,\"passThroughInfo\":\"%s\"}").formatted(transaction.replace("-", ""), bizId,
                System.currentTimeMillis(), transaction);
        String body = "{\"bizType\":\"PAY\",\"bizId\":" + bizId + ",\"bizIdStr\":\"" + bizId + "\",\"bizStatus\":"
                + "\"PAY_SUCCESS\",\"data\":\"" + data.replace("\"", "\\\"") + "\"}";
        String now = Long.toString(System.currentTimeMillis());
        String nonce = UUID.randomUUID().toString().replace("-", "");

        assertThat(binance(body, now, nonce, sign(now, nonce, body.replace("49.99", "0.01"))).statusCode())
                .isEqualTo(400);
        String stale = Long.toString(System.currentTimeMillis() - Duration.ofMinutes(6).toMillis());
        assertThat(binance(body, stale, nonce + "s", sign(stale, nonce + "s", body)).statusCode()).isEqualTo(400);

        Response accepted = binance(body, now, nonce, sign(now, nonce, body));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.jsonPath().getBoolean("published")).isTrue();
        Response sameNonce = binance(body, now, nonce, sign(now, nonce, body));
        assertThat(sameNonce.statusCode()).isEqualTo(400);
        assertThat(sameNonce.jsonPath().getString("message")).contains("used before");
        awaitRemembered(transaction, bizId);
        String again = Long.toString(System.currentTimeMillis());
        String fresh = UUID.randomUUID().toString().replace("-", "");
        assertThat(binance(body, again, fresh, sign(again, fresh, body)).jsonPath().getString("message"))
                .contains("replay");

        assertThat(publishedFor(transaction)).singleElement().satisfies(event -> {
            assertThat(event.getProvider()).isEqualTo(PaymentProvider.BINANCE_PAY);
            assertThat(event.getProviderEventId()).isEqualTo(bizId);
            assertThat(event.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        });
    }

    private static Response stripe(String body, String signature) {
        return given().header("Stripe-Signature", signature).contentType("application/json").body(body)
                .post("/webhooks/stripe");
    }

    private static Response binance(String body, String timestamp, String nonce, String signature) {
        return given().header("BinancePay-Timestamp", timestamp).header("BinancePay-Nonce", nonce)
                .header("BinancePay-Signature", signature).header("BinancePay-Certificate-SN", "test")
                .contentType("application/json").body(body).post("/webhooks/binance");
    }

    /** Waits until the payment topology holds the event: from then on a replay is recognised. */
    private static void awaitRemembered(String transaction, String eventId) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .get("/internal/payments/transactions/" + transaction + "/provider-events/" + eventId)
                .jsonPath().getBoolean("seen"));
    }

    /** Every event published for the transaction, read to the end of the topic. */
    private List<PaymentWebhookReceived> publishedFor(String transaction) {
        List<ConsumerRecord<String, SpecificRecord>> all = KafkaClients.pollUntil(published, TIMEOUT,
                read -> !published.assignment().isEmpty() && published.assignment().stream()
                        .allMatch(partition -> published.position(partition)
                                >= published.endOffsets(List.of(partition)).get(partition)));
        return all.stream().filter(record -> record.key().equals(transaction))
                .map(record -> (PaymentWebhookReceived) record.value()).toList();
    }

    private static String sign(String timestamp, String nonce, String body) throws Exception {
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(binanceTestKey());
        signer.update((timestamp + "\n" + nonce + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    /** The private half of the test profile's Binance Pay key (application.properties, %test). */
    private static PrivateKey binanceTestKey() throws Exception {
        try (InputStream key = PaymentWebhooksIT.class
                .getResourceAsStream("/webhooks/binance-pay-test-private-key.pk8.b64")) {
            if (key == null) {
                throw new IOException("the test key is missing");
            }
            byte[] der = Base64.getDecoder().decode(new String(key.readAllBytes(), StandardCharsets.US_ASCII).trim());
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
    }
}
