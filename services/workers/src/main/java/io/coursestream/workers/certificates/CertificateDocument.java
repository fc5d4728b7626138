package io.coursestream.workers.certificates;

import java.time.Instant;
import java.util.Objects;

import io.coursestream.schemas.verification.VerificationCodes;

/**
 * One certificate as it is rendered: who, what, when, and how to verify it, with its dates already formatted for the
 * learner (their locale and time zone).
 *
 * @param certificateId    stable id of the learner's certificate of the course (a name-based UUID)
 * @param verificationCode the grouped code ({@link VerificationCodes})
 * @param verificationUrl  the public URL the QR code encodes, ending in the code
 * @param userId           the learner
 * @param courseId         the course
 * @param courseTitle      printed as given
 * @param learnerName      printed as given
 * @param language         the template language, en, de, fr or es
 * @param templateVersion  the template version, at least 1
 * @param completedAt      when the course was completed
 * @param issuedAt         the issue date, the same for every rendering of the certificate
 * @param expiresAt        when it stops being valid, or null for never
 * @param printed          the texts and formatted dates on the page
 */
public record CertificateDocument(
        String certificateId,
        String verificationCode,
        String verificationUrl,
        String userId,
        String courseId,
        String courseTitle,
        String learnerName,
        String language,
        int templateVersion,
        Instant completedAt,
        Instant issuedAt,
        Instant expiresAt,
        Printed printed) {

    public CertificateDocument {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(verificationCode, "verificationCode");
        Objects.requireNonNull(verificationUrl, "verificationUrl");
        Objects.requireNonNull(courseTitle, "courseTitle");
        Objects.requireNonNull(learnerName, "learnerName");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(printed, "printed");
    }

    /**
     * The page's texts in the certificate's language.
     *
     * @param texts       the fixed texts
     * @param completedOn "Completed on 28 November 2026"
     * @param issuedOn    "Issued on 29 November 2026"
     * @param validUntil  "Valid until 28 November 2028", or null when the certificate does not expire
     */
    public record Printed(CertificateTexts texts, String completedOn, String issuedOn, String validUntil) {

        public Printed {
            Objects.requireNonNull(texts, "texts");
            Objects.requireNonNull(completedOn, "completedOn");
            Objects.requireNonNull(issuedOn, "issuedOn");
        }
    }
}
