// Tier: unit test.
package io.coursestream.schemas.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class VerificationCodesTest {

    @Test
    void shouldDrawSixteenCrockfordDigitsOfEightyBitsInGroupsOfFour() {
        // all bits clear and all bits set give the alphabet's ends
        assertThat(new VerificationCodes(bytes(new byte[10])).next()).isEqualTo("0000-0000-0000-0000");
        byte[] ones = new byte[10];
        Arrays.fill(ones, (byte) 0xFF);
        assertThat(new VerificationCodes(bytes(ones)).next()).isEqualTo("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        // the bits are read most significant first, five per digit: 00001 00010 00011 ... 10000
        byte[] counting = {0x08, (byte) 0x86, 0x42, (byte) 0x98, (byte) 0xE8, 0x4A, (byte) 0x96, (byte) 0xC6,
                (byte) 0xB9, (byte) 0xF0};
        assertThat(new VerificationCodes(bytes(counting)).next()).isEqualTo("1234-5678-9ABC-DEFG");
    }

    @Test
    void shouldGenerateWellFormedDistinctCodes() {
        VerificationCodes codes = new VerificationCodes(new SecureRandom());
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String code = codes.next();
            assertThat(VerificationCodes.isWellFormed(code)).as(code).isTrue();
            drawn.add(code);
        }
        assertThat(drawn).hasSize(10_000);
        assertThat(VerificationCodes.isWellFormed(new VerificationCodes().next())).isTrue();
    }

    @Test
    void shouldAcceptOnlyTheGroupedUpperCaseForm() {
        assertThat(VerificationCodes.isWellFormed("7KQ4-M2XD-9HBT-0VZC")).isTrue();
        assertThat(VerificationCodes.isWellFormed("GHJK-MNPQ-RSTV-WXYZ")).isTrue();
        for (String bad : new String[] {null, "", "7KQ4M2XD9HBT0VZC", "7kq4-m2xd-9hbt-0vzc", "7KQ4-M2XD-9HBT-0VZ",
                "7KQ4-M2XD-9HBT-0VZCA", "IKQ4-M2XD-9HBT-0VZC", "LKQ4-M2XD-9HBT-0VZC", "OKQ4-M2XD-9HBT-0VZC",
                "UKQ4-M2XD-9HBT-0VZC", "7KQ4_M2XD_9HBT_0VZC", " 7KQ4-M2XD-9HBT-0VZC"}) {
            assertThat(VerificationCodes.isWellFormed(bad)).as(bad).isFalse();
        }
        assertThat(VerificationCodes.ALPHABET).hasSize(32).doesNotContain("I", "L", "O", "U");
    }

    @Test
    void shouldNormaliseWhatAPersonTyped() {
        assertThat(VerificationCodes.normalise(" ghjk-mnpq-rstv-wxyz ")).isEqualTo("GHJK-MNPQ-RSTV-WXYZ");
        assertThat(VerificationCodes.normalise(null)).isNull();
    }

    /** A Random whose next bytes are {@code bytes}. */
    private static Random bytes(byte[] bytes) {
        return new Random() {
            @Override
            public void nextBytes(byte[] into) {
                System.arraycopy(bytes, 0, into, 0, into.length);
            }
        };
    }
}
