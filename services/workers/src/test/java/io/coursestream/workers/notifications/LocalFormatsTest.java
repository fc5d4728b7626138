// Tier: unit (dates, numbers and money in the reader's locale and zone, no Quarkus)
package io.coursestream.workers.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class LocalFormatsTest {

    /** 23:30 UTC on 28 November: already 29 November in Berlin, still the 28th in New York. */
    private static final Instant LATE = Instant.parse("2026-11-28T23:30:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String NBSP = "\u00a0";
    private static final String NNBSP = "\u202f";

    @Test
    void shouldWriteDatesInTheLocaleAndTheRecipientsZone() {
        assertThat(formats("en-US", NEW_YORK).date(LATE)).isEqualTo("November 28, 2026");
        assertThat(formats("de-DE", BERLIN).date(LATE)).isEqualTo("29. November 2026");
        assertThat(formats("fr-FR", BERLIN).date(LATE)).isEqualTo("29 novembre 2026");
        assertThat(formats("es-ES", BERLIN).date(LATE)).isEqualTo("29 de noviembre de 2026");
        assertThat(formats("de-DE", BERLIN).dateTime(LATE)).isEqualTo("29.11.2026, 00:30");
        assertThat(formats("en-US", NEW_YORK).dateTime(LATE)).contains("Nov 28, 2026").contains("6:30");
    }

    @Test
    void shouldUseTheLocalesSeparators() {
        BigDecimal value = new BigDecimal("1234567.5");

        assertThat(formats("en-US", BERLIN).number(value)).isEqualTo("1,234,567.5");
        assertThat(formats("de-DE", BERLIN).number(value)).isEqualTo("1.234.567,5");
        assertThat(formats("fr-FR", BERLIN).number(value)).isEqualTo("1" + NNBSP + "234" + NNBSP + "567,5");
        assertThat(formats("es-ES", BERLIN).number(value)).isEqualTo("1.234.567,5");
        assertThat(formats("de-DE", BERLIN).number(1_234_567L)).isEqualTo("1.234.567");
        assertThat(formats("en-US", BERLIN).percent(new BigDecimal("0.2"))).isEqualTo("20%");
        assertThat(formats("de-DE", BERLIN).percent(new BigDecimal("0.125"))).isEqualTo("12,5" + NBSP + "%");
    }

    @Test
    void shouldWriteMoneyWithTheCurrencysMinorUnitsAndTheLocalesPlacement() {
        assertThat(formats("de-DE", BERLIN).money(123_456, "EUR")).isEqualTo("1.234,56" + NBSP + "€");
        assertThat(formats("de-AT", BERLIN).money(123_456, "EUR")).isEqualTo("€" + NBSP + "1.234,56");
        assertThat(formats("en-US", BERLIN).money(123_456, "EUR")).isEqualTo("€1,234.56");
        assertThat(formats("fr-FR", BERLIN).money(123_456, "EUR")).isEqualTo("1" + NNBSP + "234,56" + NBSP + "€");
        assertThat(formats("es-ES", BERLIN).money(123_456, "EUR")).isEqualTo("1.234,56" + NBSP + "€");
        // JPY has no minor unit, BHD three
        assertThat(formats("en-US", BERLIN).money(1_234, "JPY")).isEqualTo("¥1,234");
        assertThat(formats("de-DE", BERLIN).money(1_234_567, "BHD")).isEqualTo("1.234,567" + NBSP + "BHD");
        assertThat(formats("en-US", BERLIN).money(-5_000, "USD")).isEqualTo("-$50.00");
    }

    private static LocalFormats formats(String tag, ZoneId zone) {
        return new LocalFormats(Locale.forLanguageTag(tag), zone);
    }
}
