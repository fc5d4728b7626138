// Tier: unit (signing and verifying unsubscribe tokens, no servers)
package io.coursestream.infrastructure.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.coursestream.infrastructure.unsubscribe.InvalidUnsubscribeTokenException.Reason;

class UnsubscribeTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-test-only";
    private static final Instant NOW = Instant.parse("2026-11-28T21:00:00Z");
    private static final UnsubscribeRequest REQUEST =
            new UnsubscribeRequest("user-42 (Zoë)", "ONBOARDING", NOW.plus(Duration.ofDays(90)));

    private final UnsubscribeTokens tokens = new UnsubscribeTokens(SECRET);

    @Test
    void shouldVerifyATokenItSignedAndGiveBackTheRequest() throws Exception {
        // when
        String token = tokens.sign(REQUEST);

        // then
        assertThat(token).matches("[A-Za-z0-9_.-]+");
        assertThat(tokens.verify(token, NOW)).isEqualTo(REQUEST);
        assertThat(new UnsubscribeTokens(SECRET).verify(token, NOW)).isEqualTo(REQUEST);
    }

    @Test
    void shouldRefuseATokenWhoseCategoryWasChanged() {
        // given a token for ONBOARDING rewritten to MARKETING
        String token = tokens.sign(REQUEST).replace(".ONBOARDING.", ".MARKETING.");

        // then
        assertRefused(token, NOW, Reason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseATokenWhoseUserOrExpiryWasChanged() {
        String token = tokens.sign(REQUEST);
        String[] parts = token.split("\\.");
        String otherUser = tokens.sign(new UnsubscribeRequest("user-43", "ONBOARDING", REQUEST.expiresAt()))
                .split("\\.")[0];

        assertRefused(otherUser + "." + parts[1] + "." + parts[2] + "." + parts[3], NOW, Reason.BAD_SIGNATURE);
        assertRefused(parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86_400) + "." + parts[3], NOW,
                Reason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherSecret() {
        String token = new UnsubscribeTokens("another-secret-of-at-least-32-bytes!!").sign(REQUEST);

        assertRefused(token, NOW, Reason.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseATokenFromItsExpiryOn() throws Exception {
        String token = tokens.sign(REQUEST);

        assertThat(tokens.verify(token, REQUEST.expiresAt().minusSeconds(1))).isEqualTo(REQUEST);
        assertRefused(token, REQUEST.expiresAt(), Reason.EXPIRED);
        assertRefused(token, REQUEST.expiresAt().plus(Duration.ofDays(1)), Reason.EXPIRED);
    }

    @Test
    void shouldRefuseMalformedTokens() {
        String token = tokens.sign(REQUEST);

        assertRefused(null, NOW, Reason.MALFORMED);
        assertRefused("", NOW, Reason.MALFORMED);
        assertRefused(token + ".x", NOW, Reason.MALFORMED);
        assertRefused(token.substring(0, token.lastIndexOf('.')) + ".not*base64", NOW, Reason.MALFORMED);
        assertRefused(token.substring(0, token.lastIndexOf('.') + 1), NOW, Reason.BAD_SIGNATURE);
    }

    @Test
    void shouldRejectASecretShorterThan32Bytes() {
        assertThatThrownBy(() -> new UnsubscribeTokens("too-short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32");
    }

    private void assertRefused(String token, Instant now, Reason reason) {
        assertThatThrownBy(() -> tokens.verify(token, now)).isInstanceOf(InvalidUnsubscribeTokenException.class)
                .extracting(e -> ((InvalidUnsubscribeTokenException) e).reason()).isEqualTo(reason);
    }
}
