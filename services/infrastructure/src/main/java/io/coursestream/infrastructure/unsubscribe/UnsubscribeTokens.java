package io.coursestream.infrastructure.unsubscribe;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies one-click unsubscribe tokens: {@code <userId, base64url>.<category>.<expiry, epoch seconds>.<HMAC-SHA256
 * of the first three parts, base64url>}. Every part is URL safe, so a token goes into a query string as it is. The
 * user id is encoded because it is free text; the category and expiry are visible on purpose (support can read a
 * token), the signature keeps them from being changed. The secret never leaves the two apps' configuration.
 *
 * <p>Thread safe: a {@link Mac} is created per call (cheap next to an SMTP round trip or an HTTP request).
 */
public final class UnsubscribeTokens {

    /** The shortest secret accepted: 32 bytes, the HMAC-SHA256 output length (RFC 2104's recommended minimum). */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** @param secret the shared secret (UTF-8), at least {@value #MIN_SECRET_BYTES} bytes */
    public UnsubscribeTokens(String secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the unsubscribe secret has " + bytes.length + " bytes; at least "
                    + MIN_SECRET_BYTES + " are needed");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /** The token for this request. */
    public String sign(UnsubscribeRequest request) {
        String payload = ENCODER.encodeToString(request.userId().getBytes(StandardCharsets.UTF_8)) + "."
                + request.category() + "." + request.expiresAt().getEpochSecond();
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /**
     * The request a token carries, if it is well formed, signed with this secret and not expired at {@code now}.
     *
     * @throws InvalidUnsubscribeTokenException naming the reason otherwise
     */
    public UnsubscribeRequest verify(String token, Instant now) throws InvalidUnsubscribeTokenException {
        if (token == null) {
            throw malformed("no token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4) {
            throw malformed("a token has 4 parts separated by '.', this one " + parts.length);
        }
        byte[] expected = mac(parts[0] + "." + parts[1] + "." + parts[2]);
        byte[] given;
        try {
            given = DECODER.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw malformed("the signature is not base64url");
        }
        // Checked before anything is parsed, in constant time: nothing an attacker sends is trusted unsigned.
        if (!MessageDigest.isEqual(expected, given)) {
            throw new InvalidUnsubscribeTokenException(InvalidUnsubscribeTokenException.Reason.BAD_SIGNATURE,
                    "the token's signature does not match");
        }
        UnsubscribeRequest request;
        try {
            String userId = new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8);
            request = new UnsubscribeRequest(userId, parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])));
        } catch (IllegalArgumentException e) {
            // Signed with our secret yet unreadable: only a signer bug gets here.
            throw malformed("a signed token that cannot be read: " + e.getMessage());
        }
        if (!now.isBefore(request.expiresAt())) {
            throw new InvalidUnsubscribeTokenException(InvalidUnsubscribeTokenException.Reason.EXPIRED,
                    "the token expired at " + request.expiresAt());
        }
        return request;
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE runtime has HmacSHA256 and accepts any non-empty key for it.
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    private static InvalidUnsubscribeTokenException malformed(String message) {
        return new InvalidUnsubscribeTokenException(InvalidUnsubscribeTokenException.Reason.MALFORMED, message);
    }
}
