package io.coursestream.workers.payments;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance Pay's request signature, as its API documentation specifies it: the payload is
 * {@code timestamp + "\n" + nonce + "\n" + body + "\n"} (LF, one at the end too; the body byte for byte as sent), the
 * signature the upper-case hex of its HMAC-SHA512 with the API secret key, all UTF-8. Sent as
 * {@code BinancePay-Signature} with {@code BinancePay-Timestamp} (milliseconds), {@code BinancePay-Nonce} (32 random
 * letters and digits) and {@code BinancePay-Certificate-SN} (the API key).
 */
final class BinancePaySignature {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NONCE_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private BinancePaySignature() {
    }

    /** The {@code BinancePay-Signature} of a request. */
    static String sign(String timestamp, String nonce, String body, String secretKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            String payload = timestamp + "\n" + nonce + "\n" + body + "\n";
            return HexFormat.of().withUpperCase().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is part of every JDK", e);
        }
    }

    /** A new {@code BinancePay-Nonce}: 32 random letters and digits. */
    static String nonce() {
        StringBuilder nonce = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            nonce.append(NONCE_CHARACTERS.charAt(RANDOM.nextInt(NONCE_CHARACTERS.length())));
        }
        return nonce.toString();
    }
}
