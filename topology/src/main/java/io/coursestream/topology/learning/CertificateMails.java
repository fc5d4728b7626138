package io.coursestream.topology.learning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.NotificationAttachment;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.topology.notifications.NotificationJobs;

/**
 * The mail of a generated certificate: a {@code CertificateGenerated} the workers wrote with the learner's address
 * becomes one SendNotification job on {@code jobs.emails} (template {@value #TEMPLATE}, the stored PDF attached), the
 * path every notification takes; the workers then report {@code CertificateDelivered}. The address is only set when the
 * learner may get course-activity mail (decided when the job was requested). Notification id
 * {@code certificate-mail:<code>:v<templateVersion>}: a replayed event requests nothing new, a regeneration that
 * notifies mails the new version.
 */
final class CertificateMails {

    /** The workers' template, and the params it reads. */
    static final String TEMPLATE = "certificate";
    private static final String TIMEZONE = "UTC";

    private CertificateMails() {
    }

    static JobCommand mail(CertificateGenerated generated) {
        String code = generated.getVerificationCode();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("verificationCode", code);
        parameters.put("certificateId", generated.getCertificateId());
        parameters.put("courseId", generated.getCourseId());
        parameters.put("courseTitle", generated.getCourseTitle());
        parameters.put("learnerName", generated.getLearnerName());
        parameters.put("verificationUrl", generated.getVerificationUrl());
        SendNotification notification = SendNotification.newBuilder()
                .setNotificationId("certificate-mail:" + code + ":v" + generated.getTemplateVersion())
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.COURSE_ACTIVITY)
                .setCritical(false)
                .setUserId(generated.getUserId())
                .setEmail(generated.getEmail())
                .setLocaleSettings(new LocaleSettings(generated.getLocale(), TIMEZONE))
                .setTemplateId(TEMPLATE)
                .setTemplateParams(parameters)
                .setSubject(null)
                .setBody(null)
                .setAttachments(List.of(NotificationAttachment.newBuilder()
                        .setBucket(generated.getBucket())
                        .setObjectKey(generated.getObjectKey())
                        .setFileName("certificate-" + code + ".pdf")
                        .setContentType("application/pdf")
                        .build()))
                .setCampaignId(null)
                .build();
        return NotificationJobs.request(notification, generated.getMetadata().getCorrelationId(),
                generated.getMetadata().getEventId().toString(), generated.getMetadata().getOccurredAt());
    }
}
