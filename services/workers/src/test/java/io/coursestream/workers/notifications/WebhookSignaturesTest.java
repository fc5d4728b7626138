// Tier: unit (signing and verifying the X-Coursestream-Signature header, no Quarkus)
package io.coursestream.workers.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    private static final String SECRET = "unit-test-webhook-secret-0123456789abcdef";
    private static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final Instant NOW = Instant.parse("2026-11-28T22:00:00Z");
    private static final byte[] BODY = "{\"email\":\"a@example.org\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignatures signatures = new WebhookSignatures(SECRET, "secret");

    @Test
    void shouldSignTheTimestampAndBodyAsHexHmacSha256() throws Exception {
        // given the HMAC computed independently over "<t>.<body>"
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(("" + NOW.getEpochSecond() + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = HexFormat.of().formatHex(mac.doFinal(BODY));

        // when / then
        assertThat(signatures.sign(BODY, NOW.plusMillis(999)))
                .isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + expected);
    }

    @Test
    void shouldVerifyItsOwnSignatureWithinTheTolerance() {
        String header = signatures.sign(BODY, NOW);

        assertThatCode(() -> signatures.verify(header, BODY, NOW, TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> signatures.verify(header, BODY, NOW.plusSeconds(300), TOLERANCE))
                .doesNotThrowAnyException();
        assertThatCode(() -> signatures.verify(header, BODY, NOW.minusSeconds(300), TOLERANCE))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseATimestampOutsideTheToleranceEitherWay() {
        String header = signatures.sign(BODY, NOW);

        assertThatThrownBy(() -> signatures.verify(header, BODY, NOW.plusSeconds(301), TOLERANCE))
                .isInstanceOf(WebhookSignatures.InvalidSignatureException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> signatures.verify(header, BODY, NOW.minusSeconds(301), TOLERANCE))
                .isInstanceOf(WebhookSignatures.InvalidSignatureException.class).hasMessageContaining("tolerance");
    }

    @Test
    void shouldRefuseAnotherBodyAnotherKeyOrAnotherTimestamp() {
        String header = signatures.sign(BODY, NOW);
        byte[] otherBody = "{\"email\":\"b@example.org\"}".getBytes(StandardCharsets.UTF_8);
        String otherKey = new WebhookSignatures(SECRET + "-rotated", "secret").sign(BODY, NOW);
        String movedTimestamp = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));

        assertThatThrownBy(() -> signatures.verify(header, otherBody, NOW, TOLERANCE))
                .hasMessage("signature does not match");
        assertThatThrownBy(() -> signatures.verify(otherKey, BODY, NOW, TOLERANCE))
                .hasMessage("signature does not match");
        assertThatThrownBy(() -> signatures.verify(movedTimestamp, BODY, NOW, TOLERANCE))
                .hasMessage("signature does not match");
    }

    @Test
    void shouldAcceptAnyOfSeveralV1SignaturesDuringARotation() {
        String ours = signatures.sign(BODY, NOW);
        String old = new WebhookSignatures(SECRET + "-old", "secret").sign(BODY, NOW);
        String both = old + "," + ours.substring(ours.indexOf("v1="));

        assertThatCode(() -> signatures.verify(both, BODY, NOW, TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseMissingOrMalformedHeaders() {
        String v1 = signatures.sign(BODY, NOW).substring(signatures.sign(BODY, NOW).indexOf("v1="));

        assertThatThrownBy(() -> signatures.verify(null, BODY, NOW, TOLERANCE))
                .hasMessage("missing X-Coursestream-Signature header");
        assertThatThrownBy(() -> signatures.verify(" ", BODY, NOW, TOLERANCE))
                .hasMessage("missing X-Coursestream-Signature header");
        assertThatThrownBy(() -> signatures.verify(v1, BODY, NOW, TOLERANCE)).hasMessageContaining("needs t and v1");
        assertThatThrownBy(() -> signatures.verify("t=" + NOW.getEpochSecond(), BODY, NOW, TOLERANCE))
                .hasMessageContaining("needs t and v1");
        assertThatThrownBy(() -> signatures.verify("t=soon," + v1, BODY, NOW, TOLERANCE))
                .hasMessageContaining("bad t");
        assertThatThrownBy(() -> signatures.verify("t=" + NOW.getEpochSecond() + ",v1=xyz", BODY, NOW, TOLERANCE))
                .hasMessageContaining("bad v1");
        assertThatThrownBy(() -> signatures.verify("garbage", BODY, NOW, TOLERANCE))
                .hasMessageContaining("malformed");
    }

    @Test
    void shouldRefuseASecretShorterThan32Bytes() {
        assertThatThrownBy(() -> new WebhookSignatures("too-short", "coursestream.notifications.webhook-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coursestream.notifications.webhook-secret must be at least 32 bytes");
        assertThatThrownBy(() -> new WebhookSignatures(null, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
