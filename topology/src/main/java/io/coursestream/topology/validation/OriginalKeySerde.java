package io.coursestream.topology.validation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * String keys that remember the exact bytes they were read from. Valid UTF-8 reads as the plain string (what
 * {@code Serdes.String()} gives); bytes that are not UTF-8 read as a marker string that writes back to the
 * same bytes, so a dead-letter record keeps its original key byte for byte.
 *
 * <p>Why not read keys as {@code byte[]}: turning them into strings later would be a key-changing operation,
 * and Kafka Streams would then repartition every consumer of the validated streams. The marker starts with
 * a lone surrogate, which no UTF-8 input can decode to, so it never collides with a real key and never
 * equals an aggregate id: such records always fail validation.
 */
public final class OriginalKeySerde implements Serde<String> {

    private static final char MARKER = '\uDC00';

    @Override
    public Serializer<String> serializer() {
        return (topic, key) -> key == null ? null : encode(key);
    }

    @Override
    public Deserializer<String> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return MARKER + Base64.getEncoder().encodeToString(bytes);
        }
    }

    static byte[] encode(String key) {
        if (!key.isEmpty() && key.charAt(0) == MARKER) {
            return Base64.getDecoder().decode(key.substring(1));
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
