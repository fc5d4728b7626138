package io.coursestream.processor.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;

/**
 * Stripe's webhooks: the {@code Stripe-Signature} header checked with Stripe's own code (HMAC-SHA256 of
 * {@code "<t>.<body>"} with the endpoint's signing secret, the timestamp within the tolerance; a timestamp that far in
 * the future is refused too), then the event read as the payment state machine needs it. The transaction id comes
 * from the PaymentIntent's (or charge's) {@code metadata.transactionId}, which the payment worker sets.
 *
 * <p>Events: {@code payment_intent.succeeded} SUCCEEDED, {@code .processing} PROCESSING, {@code .requires_action}
 * REQUIRES_ACTION, {@code .payment_failed} and {@code .canceled} FAILED, {@code charge.refunded} REFUNDED or
 * PARTIALLY_REFUNDED. Others are acknowledged and not published; so is an event without a transaction id (a payment
 * this system did not start).
 */
final class StripeWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String signingSecret;
    private final Duration tolerance;
    private final Clock clock;

    StripeWebhooks(String signingSecret, Duration tolerance, Clock clock) {
        this.signingSecret = signingSecret;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /**
     * @return the event to publish, or empty for an authentic event that is not about a payment of ours
     * @throws WebhookRejectedException for a missing or wrong signature, a stale or future timestamp, an unreadable body
     */
    Optional<PaymentWebhookReceived> verify(String body, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookRejectedException("no Stripe-Signature header");
        }
        try {
            Webhook.Signature.verifyHeader(body, signatureHeader, signingSecret, tolerance.toSeconds(), clock);
        } catch (SignatureVerificationException e) {
            throw new WebhookRejectedException("Stripe-Signature does not verify: " + e.getMessage());
        }
        Instant signedAt = signedAt(signatureHeader);
        if (signedAt.isAfter(clock.instant().plus(tolerance))) {
            throw new WebhookRejectedException("Stripe-Signature timestamp " + signedAt + " is in the future");
        }
        JsonNode event = parse(body);
        String type = text(event, "type");
        JsonNode object = event.path("data").path("object");
        String transactionId = text(object.path("metadata"), "transactionId");
        Optional<PaymentStatus> status = status(type, object);
        if (status.isEmpty() || transactionId == null) {
            return Optional.empty();
        }
        String currency = text(object, "currency");
        boolean refund = type.startsWith("charge.");
        return Optional.of(PaymentWebhookReceived.newBuilder()
                .setMetadata(WebhookEvents.metadata(transactionId, clock.instant()))
                .setProvider(PaymentProvider.STRIPE)
                .setProviderEventId(required(event, "id"))
                .setEventType(type)
                .setTransactionId(transactionId)
                .setProviderReference(refund ? required(object, "payment_intent") : required(object, "id"))
                .setStatus(status.get())
                .setAmount(money(object.path("amount"), currency).orElse(null))
                .setRefundedAmount(refund ? money(object.path("amount_refunded"), currency).orElse(null) : null)
                .setFailureCode(failureCode(object))
                .setFailureMessage(text(object.path("last_payment_error"), "message"))
                .setProviderCreatedAt(event.hasNonNull("created")
                        ? Instant.ofEpochSecond(event.get("created").asLong()) : null)
                .setReceivedAt(clock.instant())
                .setPayloadSha256(WebhookEvents.sha256(body))
                .build());
    }

    private static Optional<PaymentStatus> status(String type, JsonNode object) {
        return Optional.ofNullable(switch (type == null ? "" : type) {
            case "payment_intent.succeeded" -> PaymentStatus.SUCCEEDED;
            case "payment_intent.processing" -> PaymentStatus.PROCESSING;
            case "payment_intent.requires_action" -> PaymentStatus.REQUIRES_ACTION;
            case "payment_intent.payment_failed", "payment_intent.canceled" -> PaymentStatus.FAILED;
            case "charge.refunded" -> object.path("amount_refunded").asLong() >= object.path("amount").asLong()
                    ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
            default -> null;
        });
    }

    private static String failureCode(JsonNode object) {
        JsonNode error = object.path("last_payment_error");
        String decline = text(error, "decline_code");
        if (decline != null) {
            return decline;
        }
        String code = text(error, "code");
        return code != null ? code : "canceled".equals(text(object, "status")) ? "canceled" : null;
    }

    private static Optional<Money> money(JsonNode minor, String currency) {
        if (!minor.isIntegralNumber() || currency == null) {
            return Optional.empty();
        }
        return Optional.of(new Money(minor.asLong(), currency.toUpperCase(Locale.ROOT)));
    }

    private static Instant signedAt(String header) {
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                return Instant.ofEpochSecond(Long.parseLong(pair[1]));
            }
        }
        throw new WebhookRejectedException("Stripe-Signature has no timestamp");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new WebhookRejectedException("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new WebhookRejectedException("the event has no " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
