package io.coursestream.workers.certificates;

import java.util.Locale;
import java.util.Map;

import io.coursestream.workers.notifications.SupportedLocales;

/**
 * The fixed texts of a certificate in one language: English, German, French and Spanish, the languages of the
 * notifications, with their fallback ({@link SupportedLocales#resolve}: de-AT -> de, pt-BR -> en). A record, so a
 * language that misses a text does not compile. Placeholders in braces are filled by {@link #fill}.
 */
public record CertificateTexts(
        String title,
        String certifies,
        String completed,
        String completedOn,
        String issuedOn,
        String validUntil,
        String verificationCode,
        String verifyAt) {

    static final CertificateTexts ENGLISH = new CertificateTexts(
            "Certificate of Completion",
            "This certifies that",
            "has successfully completed",
            "Completed on {date}",
            "Issued on {date}",
            "Valid until {date}",
            "Verification code",
            "Verify at {url}");

    static final CertificateTexts GERMAN = new CertificateTexts(
            "Teilnahmezertifikat",
            "Hiermit wird bestätigt, dass",
            "den Kurs erfolgreich abgeschlossen hat:",
            "Abgeschlossen am {date}",
            "Ausgestellt am {date}",
            "Gültig bis {date}",
            "Prüfcode",
            "Prüfen unter {url}");

    static final CertificateTexts FRENCH = new CertificateTexts(
            "Certificat de réussite",
            "Nous certifions que",
            "a suivi avec succès",
            "Terminé le {date}",
            "Délivré le {date}",
            "Valable jusqu'au {date}",
            "Code de vérification",
            "Vérifier sur {url}");

    static final CertificateTexts SPANISH = new CertificateTexts(
            "Certificado de finalización",
            "Se certifica que",
            "ha completado con éxito",
            "Completado el {date}",
            "Emitido el {date}",
            "Válido hasta el {date}",
            "Código de verificación",
            "Verificar en {url}");

    private static final Map<String, CertificateTexts> BY_LANGUAGE = Map.of(
            "en", ENGLISH, "de", GERMAN, "fr", FRENCH, "es", SPANISH);

    /** The language a certificate for this IETF tag is written in: en, de, fr or es. */
    public static Locale language(String languageTag) {
        Locale supported = SupportedLocales.resolve(languageTag);
        return BY_LANGUAGE.containsKey(supported.getLanguage()) ? supported : SupportedLocales.FALLBACK;
    }

    /** The texts of a language chosen by {@link #language}; English for another. */
    public static CertificateTexts forLanguage(Locale language) {
        return BY_LANGUAGE.getOrDefault(language.getLanguage(), ENGLISH);
    }

    /** Every language's texts, for the tests that check them. */
    static Map<String, CertificateTexts> all() {
        return BY_LANGUAGE;
    }

    /** The text with each {@code {name}} replaced by its value. */
    static String fill(String text, Map<String, String> values) {
        String filled = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("{" + value.getKey() + "}", value.getValue());
        }
        return filled;
    }
}
