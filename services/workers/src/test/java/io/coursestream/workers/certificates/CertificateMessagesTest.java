// Tier: unit (the certificate mail's translation files and template folder, no Quarkus)
package io.coursestream.workers.certificates;

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

import io.coursestream.workers.notifications.SupportedLocales;
import io.quarkus.qute.i18n.Message;

class CertificateMessagesTest {

    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)}");

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es"})
    void shouldTranslateEveryMessageWithTheSameParameters(String language) throws IOException {
        // given the English messages of the bundle interface
        Method[] messages = Arrays.stream(CertificateMessages.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Message.class)).toArray(Method[]::new);
        assertThat(messages).isNotEmpty();

        // when the translation file is read
        Properties translation = load("messages/" + CertificateMessages.NAME + "_" + language + ".properties");

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
        assertThat(CertificateTexts.all()).containsKey(language);
    }

    @Test
    void shouldShipTheTemplateAsTheInvoiceMailIsShipped() throws IOException {
        for (String part : new String[] {"subject.txt", "body.html", "body.txt"}) {
            String template = read("templates/notifications/" + CertificateMail.TEMPLATE + "/" + part);
            assertThat(template).as(part).contains("courseTitle");
            if (!part.equals("subject.txt")) {
                assertThat(template).as(part).contains("{certificate:greeting(learnerName)}",
                        "{certificate:verification(verificationCode)}", "{verificationUrl}",
                        "{#include notifications/footer");
            }
        }
    }

    private static Set<String> parameters(String message) {
        Matcher matcher = PARAMETER.matcher(message);
        return matcher.results().map(result -> result.group(1)).collect(Collectors.toSet());
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = CertificateMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = CertificateMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
