// Tier: unit (BinanceService with the JDK HttpClient and Jackson against the devstack's local Binance Pay server on
// loopback, no Quarkus, no broker)
package io.coursestream.workers.payments;

import static io.coursestream.workers.payments.PaymentFixtures.payment;
import static io.coursestream.workers.payments.PaymentFixtures.validated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.devstack.binance.BinanceOrder;
import io.coursestream.devstack.binance.BinancePayServer;
import io.coursestream.devstack.binance.BinanceRecordedRequest;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobErrors;
import io.coursestream.workers.ProviderUnavailableException;

class BinanceServiceTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final ObjectMapper json = new ObjectMapper();
    private BinancePayServer binance;
    private BinanceService service;

    @BeforeEach
    void start() {
        binance = new BinancePayServer().start();
        service = service(binance.secretKey());
    }

    @AfterEach
    void stop() {
        binance.close();
    }

    @Test
    void shouldCreateASignedOrderAndAnswerRequiresActionWithItsCheckoutUrl() throws Exception {
        // given a payment of 125.50 EUR through Binance Pay
        Payment payment = validated(payment(PaymentProvider.BINANCE_PAY, null).build());

        // when it is charged
        ProviderAnswer answer = service.charge(payment);

        // then Binance accepted one signed create order v3 and holds the order, unpaid
        BinanceRecordedRequest request = binance.requests().get(0);
        assertThat(binance.requests()).extracting(BinanceRecordedRequest::path, BinanceRecordedRequest::code)
                .containsExactly(tuple(BinancePayServer.CREATE_ORDER, "000000"));
        assertThat(request.certificateSn()).isEqualTo(binance.apiKey());
        assertThat(request.nonce()).matches("[A-Za-z0-9]{32}");
        assertThat(request.signature()).isEqualTo(BinancePayServer.signature(request.timestamp(), request.nonce(),
                request.body(), binance.secretKey()));
        BinanceOrder order = binance.orders().get(0);
        assertThat(order.merchantTradeNo()).isEqualTo(BinanceService.merchantTradeNo(payment.transactionId()))
                .matches("[a-f0-9]{32}");
        assertThat(order.status()).isEqualTo("INITIAL");
        assertThat(order.fiatCurrency()).isEqualTo("EUR");
        assertThat(order.fiatAmount()).isEqualByComparingTo(new BigDecimal("125.50"));
        assertThat(order.terminalType()).isEqualTo("WEB");
        assertThat(order.description()).isEqualTo("Kafka Streams in Practice");
        assertThat(order.passThroughInfo()).isEqualTo(payment.transactionId());
        assertThat(order.returnUrl()).isEqualTo(payment.returnUrl());
        assertThat(order.webhookUrl()).isEqualTo("https://coursestream.example/webhooks/binance-pay");
        JsonNode good = json.readTree(request.body()).path("goodsDetails").get(0);
        assertThat(good.path("goodsType").asText()).isEqualTo("02");
        assertThat(good.path("referenceGoodsId").asText()).isEqualTo(payment.courseId());

        // and the answer sends the buyer to the checkout page, the prepayId as reference
        assertThat(answer).isEqualTo(ProviderAnswer.requiresAction(order.prepayId(), order.checkoutUrl()));
    }

    @Test
    void shouldAnswerARefusedOrderAsFailedWithBinancesCodeAndMessage() {
        Payment payment = validated(payment(PaymentProvider.BINANCE_PAY, null).build());
        binance.refuseNextOrders(1, "400601", "Fiat currency is not supported.");

        assertThat(service.charge(payment))
                .isEqualTo(ProviderAnswer.failed(null, "400601", "Fiat currency is not supported."));
        assertThat(binance.orders()).isEmpty();
    }

    @Test
    void shouldAnswerWithTheExistingOrderWhenBinanceRefusesItsMerchantTradeNoAsADuplicate() {
        // given a payment whose order was created, then paid by the buyer
        Payment payment = validated(payment(PaymentProvider.BINANCE_PAY, null).build());
        String prepayId = service.charge(payment).reference();

        // when the job runs again while the order is unpaid, then the duplicate is queried: still awaiting the buyer
        assertThat(service.charge(payment)).isEqualTo(ProviderAnswer.requiresAction(prepayId, null));

        // and once paid, the same query answers SUCCEEDED
        binance.markPaid(BinanceService.merchantTradeNo(payment.transactionId()));
        assertThat(service.charge(payment)).isEqualTo(ProviderAnswer.succeeded(prepayId));

        // and an expired one FAILED
        binance.setStatus(BinanceService.merchantTradeNo(payment.transactionId()), "EXPIRED");
        assertThat(service.charge(payment).failureCode()).isEqualTo("EXPIRED");

        assertThat(binance.orders()).hasSize(1);
        assertThat(binance.requests()).extracting(BinanceRecordedRequest::path, BinanceRecordedRequest::code)
                .containsExactly(tuple(BinancePayServer.CREATE_ORDER, "000000"),
                        tuple(BinancePayServer.CREATE_ORDER, "400201"), tuple(BinancePayServer.QUERY_ORDER, "000000"),
                        tuple(BinancePayServer.CREATE_ORDER, "400201"), tuple(BinancePayServer.QUERY_ORDER, "000000"),
                        tuple(BinancePayServer.CREATE_ORDER, "400201"), tuple(BinancePayServer.QUERY_ORDER, "000000"));
    }

    @Test
    void shouldFailRetriablyOnA500AndCreateOneOrderWhenTriedAgain() {
        Payment payment = validated(payment(PaymentProvider.BINANCE_PAY, null).build());
        binance.failNextRequests(1, 502);

        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, error -> {
                    assertThat(error.httpStatus()).isEqualTo(502);
                    assertThat(JobErrors.isRetriable(error)).isTrue();
                })
                .hasMessageContaining("payment " + payment.transactionId());
        assertThat(binance.orders()).isEmpty();

        ProviderAnswer answer = service.charge(payment);
        assertThat(binance.orders()).extracting(BinanceOrder::prepayId).containsExactly(answer.reference());
        assertThat(answer.nextActionUrl()).isEqualTo(binance.orders().get(0).checkoutUrl());
    }

    @Test
    void shouldFailRetriablyWhenTheAnswerIsLostAndFindTheOrderOnTheNextAttempt() {
        Payment payment = validated(payment(PaymentProvider.BINANCE_PAY, null).build());
        binance.dropNextResponses(1);

        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
                        error -> assertThat(error.httpStatus()).isNull())
                .hasMessageContaining("got no answer");
        assertThat(binance.orders()).hasSize(1);

        ProviderAnswer answer = service.charge(payment);
        assertThat(answer).isEqualTo(ProviderAnswer.requiresAction(binance.orders().get(0).prepayId(), null));
        assertThat(binance.orders()).hasSize(1);
    }

    @Test
    void shouldFailRetriablyWhenBinanceAnswersAfterTheReadTimeout() {
        Payment payment = validated(payment(PaymentProvider.BINANCE_PAY, null).build());
        binance.delayNextResponses(1, READ_TIMEOUT.plusSeconds(2));

        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("HttpTimeoutException");

        assertThat(service.charge(payment).reference()).isEqualTo(binance.orders().get(0).prepayId());
        assertThat(binance.orders()).hasSize(1);
    }

    @Test
    void shouldFailFatallyWhenBinanceRefusesTheSignature() {
        BinanceService wrongSecret = service("not-the-merchants-secret");
        Payment payment = validated(payment(PaymentProvider.BINANCE_PAY, null).build());

        assertThatThrownBy(() -> wrongSecret.charge(payment))
                .isInstanceOf(FatalJobException.class)
                .hasMessageContaining("HTTP 400 400002 - Signature for this request is not valid.");
        assertThat(binance.orders()).isEmpty();
    }

    @Test
    void shouldFailFatallyWithoutKeys() {
        BinanceService noKeys = new BinanceService(PaymentFixtures.BinanceSettings.of(null, null, binance.baseUrl(),
                READ_TIMEOUT), json, Clock.systemUTC());

        assertThatThrownBy(() -> noKeys.charge(validated(payment(PaymentProvider.BINANCE_PAY, null).build())))
                .isInstanceOf(FatalJobException.class)
                .hasMessageContaining("coursestream.payments.binance.api-key and secret-key are not both set");
        assertThat(binance.requests()).isEmpty();
    }

    @Test
    void shouldHaveTheServerRefuseABadSignatureWithBinancesErrorAndDoNothing() throws Exception {
        // given a create order whose body was changed after signing
        String body = "{\"env\":{\"terminalType\":\"WEB\"},\"merchantTradeNo\":\"abc123\",\"fiatAmount\":1.00,"
                + "\"fiatCurrency\":\"EUR\",\"description\":\"x\"}";
        String timestamp = Long.toString(System.currentTimeMillis());
        String nonce = BinancePaySignature.nonce();
        String signature = BinancePaySignature.sign(timestamp, nonce, body, binance.secretKey());

        // when it is posted
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(binance.baseUrl() + BinancePayServer.CREATE_ORDER))
                .header("Content-Type", "application/json")
                .header("BinancePay-Timestamp", timestamp)
                .header("BinancePay-Nonce", nonce)
                .header("BinancePay-Certificate-SN", binance.apiKey())
                .header("BinancePay-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("1.00", "0.01")))
                .build(), HttpResponse.BodyHandlers.ofString());

        // then Binance's error comes back and no order is made
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body())).isEqualTo(json.readTree(
                "{\"status\":\"FAIL\",\"code\":\"400002\",\"errorMessage\":\"Signature for this request is not valid.\"}"));
        assertThat(binance.orders()).isEmpty();
    }

    @Test
    void shouldRefuseAStaleTimestampEvenWithAGoodSignature() {
        Payment payment = validated(payment(PaymentProvider.BINANCE_PAY, null).build());
        // a window no request can meet: every timestamp is too far from the server's clock
        binance.timestampWindow(Duration.ofMillis(-1));

        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("400003");
        assertThat(binance.orders()).isEmpty();
    }

    @Test
    void shouldDeriveOneMerchantTradeNoPerTransactionWithinBinancesRule() {
        assertThat(BinanceService.merchantTradeNo("tx42")).isEqualTo("tx42");
        String uuid = "2f1c7a9e-5b7d-4a8e-9c3f-0d6b1e2a4c5f";
        assertThat(BinanceService.merchantTradeNo(uuid)).matches("[a-f0-9]{32}")
                .isEqualTo(BinanceService.merchantTradeNo(uuid))
                .isNotEqualTo(BinanceService.merchantTradeNo("3f1c7a9e-5b7d-4a8e-9c3f-0d6b1e2a4c5f"));
        assertThat(BinanceService.majorUnits(12_550L, "EUR")).isEqualByComparingTo("125.50");
        assertThat(BinanceService.majorUnits(1_250L, "JPY")).isEqualByComparingTo("1250");
    }

    private BinanceService service(String secretKey) {
        return new BinanceService(PaymentFixtures.BinanceSettings.of(binance.apiKey(), secretKey, binance.baseUrl(),
                READ_TIMEOUT), json, Clock.systemUTC());
    }
}
