package io.coursestream.workers.invoices;

import java.time.ZoneOffset;
import java.util.Locale;

import io.coursestream.workers.notifications.LocalFormats;
import io.coursestream.workers.notifications.SupportedLocales;
import io.quarkus.qute.TemplateExtension;

/**
 * Formats for the invoice and credit-note mail templates, which get their values as text from the
 * SendNotification's templateParams: {@code {invoice:amount(grossMinor, currency, locale.or(lang))}}. The locale is
 * the buyer's own (de-AT writes {@code € 29,99}), as on the PDF.
 */
@TemplateExtension(namespace = "invoice")
public final class InvoiceMailFormats {

    private InvoiceMailFormats() {
    }

    /**
     * An amount in minor units, without its sign (the mail's wording says whether it is charged or refunded), in the
     * currency's decimals and the locale's format.
     *
     * @throws IllegalArgumentException for an amount that is not a whole number or an unknown currency (the job
     *                                  then fails fatally: a template value is missing or wrong)
     */
    static String amount(String amountMinor, String currency, String languageTag) {
        long minor;
        try {
            minor = Math.absExact(Long.parseLong(amountMinor.strip()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("amount " + amountMinor + " is not a whole number of minor units", e);
        }
        TaxRules.fractionDigits(currency);
        Locale locale = languageTag == null || languageTag.isBlank()
                ? SupportedLocales.FALLBACK
                : Locale.forLanguageTag(languageTag.strip().replace('_', '-'));
        return new LocalFormats(locale, ZoneOffset.UTC).money(minor, currency);
    }
}
