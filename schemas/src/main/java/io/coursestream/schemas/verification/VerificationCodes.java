package io.coursestream.schemas.verification;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Certificate verification codes: 80 random bits as 16 Crockford base-32 characters in groups of four,
 * {@code 7KQ4-M2XD-9HBT-0VZC}. The grouped form is the code: the key of the {@code certificates.*} topics, the path
 * segment of the verification URL and what the learner reads off the paper. Drawn by the learning topology when a
 * certificate is first requested (the workers draw one only for a job that brings none); checked by the workers, the
 * verification API and the admin CLI. Crockford's alphabet has no
 * I, L, O or U, so a code read aloud or typed from print is not mistaken, and 80 bits cannot be guessed.
 */
public final class VerificationCodes {

    /** Crockford's base-32 digits, value order. */
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static final int GROUPS = 4;
    private static final int GROUP_LENGTH = 4;
    private static final Pattern WELL_FORMED = Pattern.compile(
            "[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");

    private final Random random;

    /** Codes drawn from a {@link SecureRandom}. */
    public VerificationCodes() {
        this(new SecureRandom());
    }

    /** Codes drawn from {@code random}; tests pass a seeded one. */
    VerificationCodes(Random random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new random code. */
    public String next() {
        byte[] bits = new byte[10];
        random.nextBytes(bits);
        StringBuilder code = new StringBuilder(GROUPS * GROUP_LENGTH + GROUPS - 1);
        // 10 bytes are 16 digits of 5 bits: take them from the most significant bit down.
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = high << 8 | (bits[i] & 0xFF);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = low << 8 | (bits[i] & 0xFF);
        }
        for (int digit = 0; digit < GROUPS * GROUP_LENGTH; digit++) {
            if (digit > 0 && digit % GROUP_LENGTH == 0) {
                code.append('-');
            }
            long half = digit < 8 ? high : low;
            int shift = 35 - 5 * (digit % 8);
            code.append(ALPHABET.charAt((int) (half >>> shift & 0x1F)));
        }
        return code.toString();
    }

    /** True for a code in the grouped canonical form: four groups of four upper-case Crockford digits. */
    public static boolean isWellFormed(String code) {
        return code != null && WELL_FORMED.matcher(code).matches();
    }

    /** A code as a person typed it, trimmed and upper-cased; check the result with {@link #isWellFormed}. */
    public static String normalise(String typed) {
        return typed == null ? null : typed.strip().toUpperCase(Locale.ROOT);
    }
}
