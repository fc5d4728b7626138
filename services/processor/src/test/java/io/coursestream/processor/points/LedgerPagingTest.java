// Tier: unit (paging of the ledger query, no Kafka)
package io.coursestream.processor.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LedgerPagingTest {

    @Test
    void shouldDefaultToTheNewestFiftyEntries() {
        LedgerPaging paging = LedgerPaging.parse(null, "");

        assertThat(paging).isEqualTo(new LedgerPaging(0, 50));
        assertThat(paging.sequences(120)).contains(new LedgerPaging.Sequences(70, 119));
    }

    @Test
    void shouldPageFromTheNewestDownToTheOldestEntry() {
        assertThat(new LedgerPaging(1, 50).sequences(120)).contains(new LedgerPaging.Sequences(20, 69));
        assertThat(new LedgerPaging(2, 50).sequences(120)).contains(new LedgerPaging.Sequences(0, 19));
        assertThat(new LedgerPaging(3, 50).sequences(120)).isEmpty();
        assertThat(new LedgerPaging(0, 500).sequences(3)).contains(new LedgerPaging.Sequences(0, 2));
    }

    @Test
    void shouldHaveNoPageForAUserWithoutEntries() {
        assertThat(new LedgerPaging(0, 1).sequences(0)).isEmpty();
    }

    @Test
    void shouldNotOverflowOnAHugePage() {
        assertThat(new LedgerPaging(Integer.MAX_VALUE, 500).sequences(1_000)).isEmpty();
    }

    @Test
    void shouldRefuseSizesOutsideOneToFiveHundredAndNegativePages() {
        assertThatThrownBy(() -> LedgerPaging.parse("0", "0")).hasMessage("size must be between 1 and 500, was 0");
        assertThatThrownBy(() -> LedgerPaging.parse("0", "501")).hasMessage("size must be between 1 and 500, was 501");
        assertThatThrownBy(() -> LedgerPaging.parse("-1", "10")).hasMessage("page must be 0 or more, was -1");
        assertThatThrownBy(() -> LedgerPaging.parse("first", "10"))
                .hasMessage("page must be a whole number, was 'first'");
    }
}
