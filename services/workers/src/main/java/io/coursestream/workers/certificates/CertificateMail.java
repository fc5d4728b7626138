package io.coursestream.workers.certificates;

import io.coursestream.schemas.notifications.NotificationCategory;

/**
 * The contract of the certificate mail between the learning topology, which requests it (a SendNotification on
 * {@code jobs.emails} for each CertificateGenerated with an {@code email}), and the workers, which render the template
 * {@value #TEMPLATE} and report {@code CertificateDelivered} ({@link CertificateEvents#delivered}). The topology
 * cannot depend on the workers: it mirrors these names, which must therefore never change.
 */
public final class CertificateMail {

    /** The template folder, {@code templates/notifications/certificate/}. */
    public static final String TEMPLATE = "certificate";

    /** The mail's category: a learner who turned off course-activity e-mail does not get it. */
    public static final NotificationCategory CATEGORY = NotificationCategory.COURSE_ACTIVITY;

    /**
     * Not critical: the topology asks for the mail only when the learner takes course-activity e-mail, and the mail
     * carries the unsubscribe link of its category like any other (the certificate is stored and verifiable anyway).
     */
    public static final boolean CRITICAL = false;

    /** The templateParams: what the template shows and what CertificateDelivered reports. */
    public static final String VERIFICATION_CODE_PARAM = "verificationCode";
    public static final String CERTIFICATE_ID_PARAM = "certificateId";
    public static final String COURSE_ID_PARAM = "courseId";
    public static final String COURSE_TITLE_PARAM = "courseTitle";
    public static final String LEARNER_NAME_PARAM = "learnerName";
    public static final String VERIFICATION_URL_PARAM = "verificationUrl";

    private CertificateMail() {
    }
}
