// Tier: unit
package io.coursestream.topology.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

class SortableKeysTest {

    @Test
    void shouldWriteWhatTheFormatterWrites() {
        long[] values = {0, 7, 10, 999, 1_700_000_000_000L, Long.MAX_VALUE / 2, Long.MAX_VALUE};
        for (long value : values) {
            assertThat(SortableKeys.digits(value)).isEqualTo(String.format(Locale.ROOT, "%019d", value));
        }
    }

    @Test
    void shouldSortAsTheNumbersDo() {
        long[] numbers = ThreadLocalRandom.current().longs(1_000, 0, Long.MAX_VALUE).toArray();
        String[] keys = Arrays.stream(numbers).mapToObj(SortableKeys::digits).sorted().toArray(String[]::new);
        Arrays.sort(numbers);
        assertThat(Arrays.stream(keys).mapToLong(Long::parseLong).toArray()).containsExactly(numbers);
    }

    @Test
    void shouldRefuseANegativeNumber() {
        assertThatThrownBy(() -> SortableKeys.digits(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
