// Tier: unit (key serde, no Kafka).
package io.coursestream.topology.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class OriginalKeySerdeTest {

    private final OriginalKeySerde serde = new OriginalKeySerde();

    @Test
    void shouldReadUtf8KeysAsThePlainString() {
        byte[] bytes = "user-ä-42".getBytes(StandardCharsets.UTF_8);

        String key = serde.deserializer().deserialize("t", bytes);

        assertThat(key).isEqualTo("user-ä-42");
        assertThat(serde.serializer().serialize("t", key)).isEqualTo(bytes);
    }

    @Test
    void shouldWriteBackTheExactBytesOfAKeyThatIsNotUtf8() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFE, 0x00, 'x'};

        String key = serde.deserializer().deserialize("t", bytes);

        assertThat(key).startsWith("\uDC00");
        assertThat(serde.serializer().serialize("t", key)).isEqualTo(bytes);
    }

    @Test
    void shouldKeepNullKeysNull() {
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }
}
