// Tier: unit (language fallback and the translation files, no Quarkus)
package io.coursestream.workers.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.qute.i18n.Message;

class SupportedLocalesTest {

    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

    @Test
    void shouldFallBackFromRegionToLanguageToEnglish() {
        assertThat(SupportedLocales.resolve("de-AT")).isEqualTo(Locale.GERMAN);
        assertThat(SupportedLocales.resolve("de-DE")).isEqualTo(Locale.GERMAN);
        assertThat(SupportedLocales.resolve("de")).isEqualTo(Locale.GERMAN);
        assertThat(SupportedLocales.resolve("fr-CA")).isEqualTo(Locale.FRENCH);
        assertThat(SupportedLocales.resolve("es-MX")).isEqualTo(Locale.forLanguageTag("es"));
        assertThat(SupportedLocales.resolve("en-GB")).isEqualTo(Locale.ENGLISH);
        assertThat(SupportedLocales.resolve("pt-BR")).isEqualTo(Locale.ENGLISH);
        assertThat(SupportedLocales.resolve("sr-Latn-RS")).isEqualTo(Locale.ENGLISH);
        assertThat(SupportedLocales.resolve("de-CH-u-nu-latn")).isEqualTo(Locale.GERMAN);
        assertThat(SupportedLocales.resolve("de_AT")).isEqualTo(Locale.GERMAN);
    }

    @Test
    void shouldWriteEnglishForAMissingOrIllFormedTag() {
        assertThat(SupportedLocales.resolve(null)).isEqualTo(Locale.ENGLISH);
        assertThat(SupportedLocales.resolve(" ")).isEqualTo(Locale.ENGLISH);
        assertThat(SupportedLocales.resolve("not a tag!")).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void shouldListTheCandidatesMostSpecificFirst() {
        assertThat(SupportedLocales.candidates(Locale.forLanguageTag("de-AT")))
                .containsExactly(Locale.forLanguageTag("de-AT"), Locale.GERMAN, Locale.ENGLISH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es"})
    void shouldTranslateEveryMessageWithTheSameParameters(String language) throws IOException {
        // given the English messages of the bundle interface
        Method[] messages = Arrays.stream(NotificationMessages.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Message.class)).toArray(Method[]::new);
        assertThat(messages).isNotEmpty();

        // when the translation file is read
        Properties translation = load("messages/" + NotificationMessages.NAME + "_" + language + ".properties");

        // then it has each message, translated, with the interface's parameters and no other key
        assertThat(translation.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(messages).map(Method::getName).toList());
        for (Method method : messages) {
            String english = method.getAnnotation(Message.class).value();
            String translated = translation.getProperty(method.getName());
            assertThat(translated).as("%s in %s", method.getName(), language).isNotBlank().isNotEqualTo(english);
            assertThat(parameters(translated)).as("parameters of %s in %s", method.getName(), language)
                    .isEqualTo(parameters(english))
                    .isEqualTo(Arrays.stream(method.getParameters()).map(p -> p.getName()).collect(Collectors.toSet()));
        }
        assertThat(SupportedLocales.ALL).contains(Locale.forLanguageTag(language));
    }

    private static Set<String> parameters(String message) {
        Matcher matcher = PARAMETER.matcher(message);
        return matcher.results().map(result -> result.group(1)).collect(Collectors.toSet());
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SupportedLocalesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
