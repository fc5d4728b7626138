package io.coursestream.workers.certificates;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the certificate mail ({@code {certificate:subject(courseTitle)}} in
 * {@code templates/notifications/certificate/}), English here, the translations in
 * {@code src/main/resources/messages/certificate_<language>.properties} (de, fr, es). A bundle of the certificates'
 * own beside {@code NotificationMessages}, whose closing and footer texts the template shares; Quarkus checks both at
 * build time, and the language is the notification's (SupportedLocales).
 */
@MessageBundle(value = CertificateMessages.NAME, locale = "en")
public interface CertificateMessages {

    /** The bundle's name: the templates' namespace and the translation files' prefix. */
    String NAME = "certificate";

    @Message("Your certificate: {course}")
    String subject(String course);

    @Message("Congratulations, {name}!")
    String greeting(String name);

    @Message("You have completed the course {course}. Your certificate of completion is attached to this e-mail as a"
            + " PDF.")
    String intro(String course);

    @Message("Its verification code is {code}. Anyone you show the certificate to can confirm it is genuine with its"
            + " QR code or at this address:")
    String verification(String code);

    @Message("Keep the PDF for your records, print it, or share the verification link with employers and on your"
            + " profile.")
    String share();
}
