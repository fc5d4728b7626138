package io.coursestream.processor.webhooks;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Currency;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;

/**
 * Binance Pay's order notifications: {@code BinancePay-Signature} is the base64 RSA (SHA256withRSA) signature of
 * {@code "<BinancePay-Timestamp>\n<BinancePay-Nonce>\n<body>\n"} with Binance Pay's key; the timestamp (milliseconds)
 * must be within the window of now, either way, and the nonce not used before within it ({@link WebhookNonces}).
 *
 * <p>The body is {@code {bizType, bizId, bizIdStr, bizStatus, data}} with {@code data} a JSON string holding the
 * order ({@code merchantTradeNo}, {@code prepayId}, {@code totalFee}, {@code currency}, {@code transactTime}).
 * PAY_SUCCESS is SUCCEEDED, PAY_CLOSED FAILED; other types are acknowledged and not published. The transaction id is
 * the order's {@code passThroughInfo}, which the payment worker sets to it; without one, the {@code merchantTradeNo}
 * (32 hex digits are read back as a UUID). An amount in a currency that is not ISO 4217 (USDT) is not carried: the transaction knows it.
 */
final class BinancePayWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_WITHOUT_DASHES = Pattern.compile("[0-9a-fA-F]{32}");

    private final PublicKey binanceKey;
    private final Duration window;
    private final WebhookNonces nonces;
    private final Clock clock;

    BinancePayWebhooks(String publicKey, Duration window, Clock clock) {
        this.binanceKey = publicKey(publicKey);
        this.window = window;
        this.nonces = new WebhookNonces(window);
        this.clock = clock;
    }

    /**
     * @return the event to publish, or empty for an authentic notification that is not about a payment's outcome
     * @throws WebhookRejectedException for a missing or wrong signature, a timestamp outside the window, a nonce used
     *                                  before, an unreadable body
     */
    Optional<PaymentWebhookReceived> verify(String body, String timestamp, String nonce, String signature) {
        if (timestamp == null || nonce == null || signature == null || nonce.isBlank()) {
            throw new WebhookRejectedException("BinancePay-Timestamp, BinancePay-Nonce and BinancePay-Signature are"
                    + " required");
        }
        Instant now = clock.instant();
        Instant signedAt = signedAt(timestamp);
        if (Duration.between(signedAt, now).abs().compareTo(window) > 0) {
            throw new WebhookRejectedException("BinancePay-Timestamp " + signedAt + " is outside " + window
                    + " of now");
        }
        if (!verifies(timestamp + "\n" + nonce + "\n" + body + "\n", signature)) {
            throw new WebhookRejectedException("BinancePay-Signature does not verify");
        }
        if (!nonces.firstUse(nonce, now)) {
            throw new WebhookRejectedException("BinancePay-Nonce " + nonce + " was used before: a replay");
        }
        JsonNode notification = parse(body);
        String bizStatus = notification.path("bizStatus").asText("");
        PaymentStatus status = switch (bizStatus) {
            case "PAY_SUCCESS" -> PaymentStatus.SUCCEEDED;
            case "PAY_CLOSED" -> PaymentStatus.FAILED;
            default -> null;
        };
        JsonNode order = parse(notification.path("data").asText("{}"));
        String merchantTradeNo = order.path("merchantTradeNo").asText(null);
        if (status == null || merchantTradeNo == null) {
            return Optional.empty();
        }
        String transactionId = order.hasNonNull("passThroughInfo") ? order.get("passThroughInfo").asText()
                : transactionId(merchantTradeNo);
        String eventId = notification.path("bizIdStr").asText(notification.path("bizId").asText(""));
        if (eventId.isBlank()) {
            throw new WebhookRejectedException("the notification has no bizIdStr");
        }
        return Optional.of(PaymentWebhookReceived.newBuilder()
                .setMetadata(WebhookEvents.metadata(transactionId, now))
                .setProvider(PaymentProvider.BINANCE_PAY)
                .setProviderEventId(eventId)
                .setEventType(bizStatus)
                .setTransactionId(transactionId)
                .setProviderReference(order.path("prepayId").asText(merchantTradeNo))
                .setStatus(status)
                .setAmount(money(order).orElse(null))
                .setRefundedAmount(null)
                .setFailureCode(status == PaymentStatus.FAILED ? bizStatus : null)
                .setFailureMessage(status == PaymentStatus.FAILED ? "the Binance Pay order was closed unpaid" : null)
                .setProviderCreatedAt(order.hasNonNull("transactTime")
                        ? Instant.ofEpochMilli(order.get("transactTime").asLong()) : signedAt)
                .setReceivedAt(now)
                .setPayloadSha256(WebhookEvents.sha256(body))
                .build());
    }

    /** The transaction id of a {@code merchantTradeNo}: 32 hex digits are a UUID without its dashes. */
    static String transactionId(String merchantTradeNo) {
        if (!UUID_WITHOUT_DASHES.matcher(merchantTradeNo).matches()) {
            return merchantTradeNo;
        }
        String hex = merchantTradeNo.toLowerCase(java.util.Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private boolean verifies(String payload, String signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(binanceKey);
            verifier.update(payload.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature.trim()));
        } catch (IllegalArgumentException | GeneralSecurityException notASignature) {
            return false;
        }
    }

    private static Optional<Money> money(JsonNode order) {
        String currency = order.path("currency").asText("");
        if (!order.hasNonNull("totalFee") || !isIso4217(currency)) {
            return Optional.empty();
        }
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        return Optional.of(new Money(new BigDecimal(order.get("totalFee").asText()).movePointRight(digits)
                .longValueExact(), currency));
    }

    private static boolean isIso4217(String code) {
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Instant signedAt(String timestamp) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(timestamp.trim()));
        } catch (NumberFormatException e) {
            throw new WebhookRejectedException("BinancePay-Timestamp is not epoch milliseconds: " + timestamp);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new WebhookRejectedException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static PublicKey publicKey(String encoded) {
        String base64 = encoded.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                    .decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("coursestream.payments.webhooks.binance.public-key is not a base64"
                    + " X.509 RSA public key", e);
        }
    }
}
