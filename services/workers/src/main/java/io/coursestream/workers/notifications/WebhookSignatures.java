package io.coursestream.workers.notifications;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header of webhooks, both ways: the WEBHOOK channel signs what it posts, the bounce endpoint
 * verifies what mail providers post. The value is {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}
 * (Stripe's scheme): the timestamp is signed with the body, so a captured request cannot be replayed after the
 * tolerance. A verifier accepts several {@code v1} entries, so a sender can sign with an old and a new key while the
 * secret is rotated.
 */
public final class WebhookSignatures {

    /** The header that carries the signature. */
    public static final String HEADER = "X-Coursestream-Signature";

    /** Shortest key accepted: 256 bits, the HMAC-SHA256 block's strength. */
    static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    /** Why a signature was refused; the message says which check failed, never the expected value. */
    public static final class InvalidSignatureException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidSignatureException(String message) {
            super(message);
        }
    }

    private final SecretKeySpec key;

    /**
     * @param secret the shared key, at least {@value #MIN_SECRET_BYTES} bytes in UTF-8
     * @param name   the configuration key it came from, for the error message
     */
    public WebhookSignatures(String secret, String name) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value for {@code body} sent at {@code at} (whole seconds). */
    public String sign(byte[] body, Instant at) {
        long seconds = at.getEpochSecond();
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(mac(seconds, body));
    }

    /**
     * Checks a received header against the raw body: well-formed, a timestamp within {@code tolerance} of
     * {@code now}, and a {@code v1} that matches (compared in constant time).
     *
     * @throws InvalidSignatureException naming what is wrong: missing, malformed, stale or not matching
     */
    public void verify(String header, byte[] body, Instant now, Duration tolerance) throws InvalidSignatureException {
        if (header == null || header.isBlank()) {
            throw new InvalidSignatureException("missing " + HEADER + " header");
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            int equals = element.indexOf('=');
            if (equals <= 0) {
                throw new InvalidSignatureException("malformed " + HEADER + " header");
            }
            String name = element.substring(0, equals).strip();
            String value = element.substring(equals + 1).strip();
            try {
                if (name.equals("t")) {
                    if (timestamp != null) {
                        throw new InvalidSignatureException("malformed " + HEADER + " header: two timestamps");
                    }
                    timestamp = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
                // Other schemes (v0, a future v2) are not ours to judge: ignored, as Stripe's verifiers do.
            } catch (IllegalArgumentException e) {
                throw new InvalidSignatureException("malformed " + HEADER + " header: bad " + name);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new InvalidSignatureException("malformed " + HEADER + " header: needs t and v1");
        }
        long skew = Math.abs(now.getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            throw new InvalidSignatureException("timestamp outside the tolerance of " + tolerance.toSeconds() + " s");
        }
        byte[] expected = mac(timestamp, body);
        boolean matches = false;
        for (byte[] signature : signatures) {
            // Every entry is compared, so the time taken does not tell which one matched.
            matches |= MessageDigest.isEqual(expected, signature);
        }
        if (!matches) {
            throw new InvalidSignatureException("signature does not match");
        }
    }

    private byte[] mac(long seconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((seconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }
}
