// Tier: unit (the invoice texts in en, de, fr, es and their fallback, the mail's amount format; no Quarkus)
package io.coursestream.workers.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class InvoiceTextsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    @Test
    void shouldTranslateEveryTextWithTheEnglishPlaceholders() throws Exception {
        assertThat(InvoiceTexts.all()).containsOnlyKeys("en", "de", "fr", "es");
        for (RecordComponent component : InvoiceTexts.class.getRecordComponents()) {
            String english = (String) component.getAccessor().invoke(InvoiceTexts.ENGLISH);
            for (Map.Entry<String, InvoiceTexts> language : InvoiceTexts.all().entrySet()) {
                String text = (String) component.getAccessor().invoke(language.getValue());
                assertThat(text).as("%s in %s", component.getName(), language.getKey()).isNotBlank();
                assertThat(placeholders(text)).as("placeholders of %s in %s", component.getName(), language.getKey())
                        .isEqualTo(placeholders(english));
            }
        }
    }

    @Test
    void shouldFallBackFromRegionToLanguageToEnglish() {
        assertThat(InvoiceTexts.forLanguage("de-AT")).isSameAs(InvoiceTexts.GERMAN);
        assertThat(InvoiceTexts.forLanguage("fr-CA")).isSameAs(InvoiceTexts.FRENCH);
        assertThat(InvoiceTexts.forLanguage("es-MX")).isSameAs(InvoiceTexts.SPANISH);
        assertThat(InvoiceTexts.forLanguage("ja-JP")).isSameAs(InvoiceTexts.ENGLISH);
        assertThat(InvoiceTexts.forLanguage(null)).isSameAs(InvoiceTexts.ENGLISH);
    }

    @Test
    void shouldFillPlaceholders() {
        assertThat(InvoiceTexts.fill(InvoiceTexts.GERMAN.vat(), Map.of("rate", "19 %"))).isEqualTo("USt. 19 %");
    }

    @Test
    void shouldFormatTheMailsAmountInTheBuyersLocaleWithoutItsSign() {
        assertThat(InvoiceMailFormats.amount("2999", "EUR", "de-AT")).isEqualTo("€\u00a029,99");
        assertThat(InvoiceMailFormats.amount("-2999", "EUR", "de-DE")).isEqualTo("29,99\u00a0€");
        assertThat(InvoiceMailFormats.amount("3000", "JPY", "en-US")).isEqualTo("¥3,000");
        assertThat(InvoiceMailFormats.amount("10500", "BHD", "en")).isEqualTo("BHD10.500");
        assertThatThrownBy(() -> InvoiceMailFormats.amount("29.99", "EUR", "en"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<String> placeholders(String text) {
        return PLACEHOLDER.matcher(text).results().map(match -> match.group(1)).collect(Collectors.toSet());
    }
}
