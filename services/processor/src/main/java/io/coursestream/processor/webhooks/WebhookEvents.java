package io.coursestream.processor.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import io.coursestream.schemas.common.EventMetadata;

/** What every verified webhook event carries: the gateway's envelope and the body's digest. */
final class WebhookEvents {

    /** The producer the gateway names. */
    static final String PRODUCER = "gateway";

    private WebhookEvents() {
    }

    /** A new event in the payment's flow (its transaction id), caused by the provider's call. */
    static EventMetadata metadata(String transactionId, Instant receivedAt) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(receivedAt)
                .setCorrelationId(transactionId)
                .setCausationId(null)
                .setProducer(PRODUCER)
                .build();
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
