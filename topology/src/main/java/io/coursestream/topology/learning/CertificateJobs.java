package io.coursestream.topology.learning;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.learning.CourseStructure;
import io.coursestream.schemas.learning.LearnerCertificate;
import io.coursestream.topology.jobs.JobRequests;
import io.coursestream.topology.streams.DerivedIds;

/**
 * GenerateCourseCertificate requests on {@code jobs.default}. A certificate's id derives from its learner and course,
 * the same derivation the workers use ({@link #certificateId}); its unique key is the learner, course and template
 * version, so one version of one certificate is rendered by one job at a time, and the learning topology requests a
 * first issue only once. A regeneration's job id names its command, so each run renders again.
 */
final class CertificateJobs {

    private CertificateJobs() {
    }

    /** The id of a learner's certificate of a course, stable across regenerations. */
    static String certificateId(String userId, String courseId) {
        return DerivedIds.nameUuid("certificate:" + userId + ":" + courseId);
    }

    static String uniqueKey(String userId, String courseId, int templateVersion) {
        return "certificate:" + userId + ":" + courseId + ":v" + templateVersion;
    }

    /** What a job is to print and whom it is for, besides the certificate itself. */
    record Learner(String name, String email, LocaleSettings localeSettings) {
    }

    /**
     * @param regenerationCommandId the GenerateCourseCertificates command's id, null for a first issue
     * @param deliverByEmail        whether the certificate is mailed once rendered
     */
    static JobCommand request(LearnerCertificate certificate, CourseStructure course, Learner learner,
            int templateVersion, String regenerationCommandId, boolean deliverByEmail, String correlationId,
            String causationId, Instant at) {
        Instant issuedAt = certificate.getRequestedAt();
        Integer validityDays = course.getCertificateValidityDays();
        GenerateCourseCertificate payload = GenerateCourseCertificate.newBuilder()
                .setUserId(certificate.getUserId())
                .setCourseId(certificate.getCourseId())
                .setCourseTitle(course.getTitle())
                .setLearnerName(learner.name())
                .setEmail(learner.email())
                .setLocaleSettings(learner.localeSettings())
                .setTemplateVersion(templateVersion)
                .setVerificationCode(certificate.getVerificationCode())
                .setCompletedAt(certificate.getCompletedAt())
                .setCompletionEventId(certificate.getCompletionEventId())
                .setRequiredEpisodeCount(certificate.getRequiredEpisodeCount())
                .setCompletedRequiredCount(certificate.getRequiredEpisodeCount())
                .setCompletedEpisodeIds(List.copyOf(certificate.getCompletedEpisodeIds()))
                .setExpiresAt(validityDays == null ? null : issuedAt.plus(Duration.ofDays(validityDays)))
                .setIssuedAt(issuedAt)
                .setRegeneration(regenerationCommandId != null)
                .setDeliverByEmail(deliverByEmail)
                .build();
        String uniqueKey = uniqueKey(certificate.getUserId(), certificate.getCourseId(), templateVersion);
        String jobName = regenerationCommandId == null ? uniqueKey : uniqueKey + ":" + regenerationCommandId;
        return JobRequests.request(DerivedIds.nameUuid("certificate-job:" + jobName),
                JobType.GENERATE_COURSE_CERTIFICATE, JobQueue.DEFAULT, uniqueKey, correlationId, causationId, at,
                payload);
    }
}
