package io.coursestream.workers.notifications;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the notification templates ({@code {notification:welcome_subject(displayName)}}), English here, the
 * translations in {@code src/main/resources/messages/notification_<language>.properties} (de, fr, es). Quarkus checks
 * at build time that every template calls existing messages with the right parameters, and every translation names
 * an existing message. Parameters are text the caller already formatted in the reader's locale ({@link LocalFormats}).
 * Which translation a mail gets is {@link SupportedLocales#resolve}'s choice, passed as the template's locale.
 */
@MessageBundle(value = NotificationMessages.NAME, locale = "en")
public interface NotificationMessages {

    /** The bundle's name: the templates' namespace and the translation files' prefix. */
    String NAME = "notification";

    @Message("Welcome to coursestream, {name}!")
    String welcome_subject(String name);

    @Message("Hello {name},")
    String welcome_greeting(String name);

    @Message("thank you for joining coursestream. Here is how to make the most of your first days.")
    String welcome_intro();

    @Message("Courses we recommend for you")
    String welcome_recommendations_title();

    @Message("{learners} learners")
    String welcome_recommendation_learners(String learners);

    @Message("Invite friends and earn a commission")
    String welcome_referral_title();

    @Message("Your personal referral link:")
    String welcome_referral_link();

    @Message("For every purchase by someone who signed up through your link you earn {rate} commission. A commission is"
            + " approved after a {holdDays}-day holding period (refunds within it cancel it) and paid out once your"
            + " approved balance reaches {threshold}.")
    String welcome_affiliate_terms(String rate, String holdDays, String threshold);

    @Message("See you in class,")
    String welcome_signoff();

    @Message("The coursestream team")
    String team();

    @Message("You receive this e-mail because you have an account at coursestream.")
    String footer_reason();

    @Message("Unsubscribe from these e-mails")
    String footer_unsubscribe();

    @Message("This is a service message about your account; it is sent regardless of your e-mail preferences.")
    String footer_critical();

    @Message("News from coursestream")
    String campaign_subject();

    @Message("Hello {name},")
    String campaign_greeting(String name);

    @Message("Alert: {title}")
    String admin_alert_subject(String title);

    @Message("An alert was raised in coursestream.")
    String admin_alert_intro();

    @Message("Severity: {severity}")
    String admin_alert_severity(String severity);

    @Message("Queue: {queue}")
    String admin_alert_queue(String queue);

    @Message("Job: {jobId}")
    String admin_alert_job(String jobId);

    @Message("Job type: {jobType}")
    String admin_alert_job_type(String jobType);

    @Message("Raised by: {source}")
    String admin_alert_source(String source);

    @Message("What happened")
    String admin_alert_detail_title();

    @Message("You receive this alert because you are an administrator of coursestream.")
    String admin_alert_footer();

    @Message("Your invoice {number}")
    String invoice_subject(String number);

    @Message("Hello {name},")
    String invoice_greeting(String name);

    @Message("Hello,")
    String invoice_greeting_anonymous();

    @Message("thank you for your purchase. Your invoice {number} for {amount} is attached as a PDF.")
    String invoice_intro(String number, String amount);

    @Message("The PDF is an electronic invoice (Factur-X): accounting software can read its data directly.")
    String invoice_e_invoice_note();

    @Message("Your credit note {number}")
    String credit_note_subject(String number);

    @Message("your refund has been processed. Credit note {number} for {amount}, which corrects invoice {invoice},"
            + " is attached as a PDF.")
    String credit_note_intro(String number, String amount, String invoice);

    @Message("Your payment did not go through")
    String payment_failed_subject();

    @Message("your payment of {amount} for {description} did not go through, and nothing was charged.")
    String payment_failed_intro(String amount, String description);

    @Message("What the payment provider said: {reason}")
    String payment_failed_reason(String reason);

    @Message("You can try again with another payment method from your account page.")
    String payment_failed_next_step();

    @Message("Your certificate: {course}")
    String certificate_subject(String course);

    @Message("Congratulations, {name}!")
    String certificate_greeting(String name);

    @Message("You have completed the course {course}. Your certificate of completion is attached to this e-mail as a"
            + " PDF.")
    String certificate_intro(String course);

    @Message("Its verification code is {code}. Anyone you show the certificate to can confirm it is genuine with its"
            + " QR code or at this address:")
    String certificate_verification(String code);

    @Message("Keep the PDF for your records, print it, or share the verification link with employers and on your"
            + " profile.")
    String certificate_share();
}
