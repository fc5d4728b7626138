package io.coursestream.workers.payments;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Currency;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.ProviderUnavailableException;

/**
 * Charges BINANCE_PAY payments as Binance Pay orders (create order v3, {@code POST /binancepay/openapi/v3/order}),
 * signed as Binance documents ({@link BinancePaySignature}): {@code env.terminalType}, {@code merchantTradeNo}
 * ({@link #merchantTradeNo}, derived from the transaction), the price as {@code fiatCurrency} and {@code fiatAmount}
 * (the payload's ISO 4217 amount in major units; Binance converts it to USDT), the description, one virtual good
 * (the course), {@code returnUrl} and {@code cancelUrl} (the payment's return URL), {@code passThroughInfo} = the
 * transactionId (Binance returns it in the query and the webhooks), and the configured {@code webhookUrl}.
 *
 * <p>The buyer pays in the Binance app, so a created order is REQUIRES_ACTION with its {@code checkoutUrl} as the
 * next action, and the final state comes by webhook. A refused order ({@code status: FAIL} with any other code) is
 * FAILED with Binance's code and message.
 *
 * <p>Idempotency is Binance's: the same {@code merchantTradeNo} twice is refused as a duplicate ({@code 400201}), so a
 * retry can never create a second order. The refused retry queries the order by its {@code merchantTradeNo}
 * ({@code POST /binancepay/openapi/v2/order/query}) and answers with its state: {@code PAID} (also refunding or
 * refunded later) SUCCEEDED; {@code PENDING} (the buyer is paying) PROCESSING; {@code INITIAL} REQUIRES_ACTION,
 * without the checkout URL, which only the create's answer carries (if that answer was lost, the buyer gets the
 * order's webhook, usually its expiry after an hour); {@code CANCELED}, {@code EXPIRED}, {@code ERROR} FAILED.
 *
 * <p>Retriable ({@link ProviderUnavailableException}): no answer, a timeout, HTTP 5xx, 429, and {@code 400003} (the
 * timestamp outside Binance's window: the next attempt signs anew). Fatal: {@code 400002} and {@code 400004} (the
 * signature or API key refused: configuration) and Binance's system error of a malformed call.
 */
@ApplicationScoped
public class BinanceService implements PaymentProviderService {

    private static final Logger LOG = Logger.getLogger(BinanceService.class);

    static final String DUPLICATE_ORDER = "400201";
    private static final Set<String> CONFIGURATION_CODES = Set.of("400002", "400004", "400005", "100001001");
    private static final Set<String> RETRIABLE_CODES = Set.of("400003");
    private static final int MAX_TEXT = 256;

    private final Optional<BinancePayClient> client;
    private final String terminalType;
    private final Optional<String> webhookUrl;

    @Inject
    BinanceService(PaymentsConfig config, ObjectMapper json, Clock clock) {
        this(config.binance(), json, clock);
    }

    BinanceService(PaymentsConfig.BinanceSettings settings, ObjectMapper json, Clock clock) {
        Optional<String> key = settings.apiKey().filter(value -> !value.isBlank());
        Optional<String> secret = settings.secretKey().filter(value -> !value.isBlank());
        this.client = key.isPresent() && secret.isPresent()
                ? Optional.of(new BinancePayClient(json, settings.apiBase(), key.get(), secret.get(),
                        settings.connectTimeout(), settings.readTimeout(), clock))
                : Optional.empty();
        this.terminalType = settings.terminalType();
        this.webhookUrl = settings.webhookUrl().map(Object::toString);
    }

    @Override
    public PaymentProvider provider() {
        return PaymentProvider.BINANCE_PAY;
    }

    @Override
    public ProviderAnswer charge(Payment payment) {
        BinancePayClient binance = client.orElseThrow(() -> new FatalJobException("payment "
                + payment.transactionId() + " cannot be charged: coursestream.payments.binance.api-key and"
                + " secret-key are not both set"));
        String tradeNo = merchantTradeNo(payment.transactionId());
        BinancePayClient.Response created = binance.post(BinancePayClient.CREATE_ORDER, order(payment, tradeNo),
                "order " + tradeNo + " of payment " + payment.transactionId());
        if (created.success()) {
            String prepayId = created.data().path("prepayId").asText(null);
            String checkoutUrl = created.data().path("checkoutUrl").asText(null);
            LOG.infof("payment %s: Binance Pay order %s created, prepayId %s", payment.transactionId(), tradeNo,
                    prepayId);
            return ProviderAnswer.requiresAction(prepayId, checkoutUrl);
        }
        if (DUPLICATE_ORDER.equals(created.code())) {
            return existing(binance, payment, tradeNo);
        }
        throwUnlessAnswer(created, payment, tradeNo);
        return ProviderAnswer.failed(null, created.code(), created.errorMessage());
    }

    /** The state of the order an earlier attempt created, from Binance's query. */
    private ProviderAnswer existing(BinancePayClient binance, Payment payment, String tradeNo) {
        ObjectNode query = JsonNodes.object().put("merchantTradeNo", tradeNo);
        BinancePayClient.Response found = binance.post(BinancePayClient.QUERY_ORDER, query,
                "query of order " + tradeNo + " of payment " + payment.transactionId());
        if (!found.success()) {
            throwUnlessAnswer(found, payment, tradeNo);
            // Refused as a duplicate, then not found: Binance is catching up with itself; ask again later.
            throw new ProviderUnavailableException(PaymentProvider.BINANCE_PAY, found.code(), found.httpStatus(),
                    "Binance Pay refused order " + tradeNo + " of payment " + payment.transactionId()
                            + " as a duplicate, then its query failed: " + found.code() + " " + found.errorMessage(),
                    null);
        }
        JsonNode order = found.data();
        String prepayId = order.path("prepayId").asText(null);
        String status = order.path("status").asText("");
        LOG.infof("payment %s: Binance Pay order %s (prepayId %s) was created by an earlier attempt, now %s;"
                + " nothing created", payment.transactionId(), tradeNo, prepayId, status);
        return switch (status) {
            case "PAID", "REFUNDING", "REFUNDED", "FULL_REFUNDED" -> ProviderAnswer.succeeded(prepayId);
            case "PENDING" -> ProviderAnswer.processing(prepayId);
            case "INITIAL" -> ProviderAnswer.requiresAction(prepayId, null);
            case "CANCELED", "EXPIRED", "ERROR" -> ProviderAnswer.failed(prepayId, status,
                    "Binance Pay order " + tradeNo + " is " + status);
            default -> throw new FatalJobException("payment " + payment.transactionId() + ": Binance Pay order "
                    + tradeNo + " (prepayId " + prepayId + ") is in an unknown status '" + status + "'");
        };
    }

    /** Throws for a refusal that is no answer on the payment: configuration (fatal) or a timing fault (retriable). */
    private static void throwUnlessAnswer(BinancePayClient.Response refused, Payment payment, String tradeNo) {
        String message = "Binance Pay refused order " + tradeNo + " of payment " + payment.transactionId()
                + ": HTTP " + refused.httpStatus() + " " + refused.code() + " - " + refused.errorMessage();
        if (CONFIGURATION_CODES.contains(refused.code())) {
            throw new FatalJobException(message + " (check coursestream.payments.binance.api-key and secret-key)");
        }
        if (RETRIABLE_CODES.contains(refused.code())) {
            throw new ProviderUnavailableException(PaymentProvider.BINANCE_PAY, refused.code(), refused.httpStatus(),
                    message, null);
        }
    }

    /** The create order v3 request of {@code payment}. */
    ObjectNode order(Payment payment, String tradeNo) {
        ObjectNode order = JsonNodes.object();
        order.putObject("env").put("terminalType", terminalType);
        order.put("merchantTradeNo", tradeNo);
        order.put("fiatAmount", majorUnits(payment.amountMinor(), payment.currency()));
        order.put("fiatCurrency", payment.currency());
        order.put("description", truncated(payment.description()));
        ObjectNode good = order.putArray("goodsDetails").addObject();
        good.put("goodsType", "02");
        good.put("goodsCategory", "Z000");
        good.put("referenceGoodsId", payment.courseId() != null ? payment.courseId() : payment.transactionId());
        good.put("goodsName", truncated(payment.description()));
        order.put("returnUrl", payment.returnUrl());
        order.put("cancelUrl", payment.returnUrl());
        order.put("passThroughInfo", payment.transactionId());
        webhookUrl.ifPresent(url -> order.put("webhookUrl", url));
        return order;
    }

    /**
     * The order's {@code merchantTradeNo}, the same for every attempt of a transaction: the transactionId itself when
     * it is 1-32 letters and digits (Binance's rule), else the first 32 hex digits of its SHA-256.
     */
    static String merchantTradeNo(String transactionId) {
        if (transactionId.matches("[A-Za-z0-9]{1,32}")) {
            return transactionId;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(transactionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Minor units as the decimal amount in major units ({@code 12550 EUR} is {@code 125.50}). */
    static BigDecimal majorUnits(long amountMinor, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(amountMinor, digits);
    }

    private static String truncated(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    /** Jackson's tree nodes without a mapper. */
    private static final class JsonNodes {

        private static final com.fasterxml.jackson.databind.node.JsonNodeFactory FACTORY =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true);

        static ObjectNode object() {
            return FACTORY.objectNode();
        }
    }
}
