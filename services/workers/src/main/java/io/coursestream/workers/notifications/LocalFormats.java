package io.coursestream.workers.notifications;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * Dates, numbers and money as a person reads them: in their locale (de-AT, not just de: Austrians write € before
 * the amount) and, for instants, in their time zone. JDK formats (CLDR data), so separators include non-breaking
 * spaces where the locale uses them (French groups digits with U+202F).
 */
public final class LocalFormats {

    private final Locale locale;
    private final ZoneId zone;

    public LocalFormats(Locale locale, ZoneId zone) {
        this.locale = Objects.requireNonNull(locale, "locale");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public Locale locale() {
        return locale;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The local calendar date of the instant, long style: 28. November 2026, November 28, 2026. */
    public String date(Instant instant) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).withZone(zone).format(instant);
    }

    /** The local date and time of the instant, medium style (no zone name: it is the reader's own). */
    public String dateTime(Instant instant) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .withZone(zone).format(instant);
    }

    /** A number with the locale's grouping and decimal separators, all its decimals kept. */
    public String number(BigDecimal value) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(Math.max(value.scale(), 0));
        return format.format(value);
    }

    /** A whole number with the locale's grouping. */
    public String number(long value) {
        return NumberFormat.getIntegerInstance(locale).format(value);
    }

    /** A rate (0.2 for 20 %) as a percentage, up to two decimals. */
    public String percent(BigDecimal rate) {
        NumberFormat format = NumberFormat.getPercentInstance(locale);
        format.setMaximumFractionDigits(2);
        return format.format(rate);
    }

    /**
     * An amount in minor units of an ISO 4217 currency, with exactly that currency's decimals (EUR 2, JPY 0, BHD 3)
     * and the locale's symbol placement: 123456 EUR is 1.234,56 € in de-DE, € 1.234,56 in de-AT, €1,234.56 in en-IE.
     */
    public String money(long amountMinor, String currencyCode) {
        Currency currency = Currency.getInstance(currencyCode);
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(amountMinor, digits));
    }
}
