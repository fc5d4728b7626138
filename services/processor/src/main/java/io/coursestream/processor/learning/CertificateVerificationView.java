package io.coursestream.processor.learning;

import java.time.Instant;

import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.certificates.CertificateRecord;
import io.coursestream.topology.learning.CertificateVerification;

/**
 * What a verifier learns from {@code /api/certificates/{code}}: whether the certificate stands, for whom, for what
 * and since when. Revocation reasons and who revoked stay with the administrators.
 *
 * @param status      ACTIVE, REVOKED or EXPIRED, now
 * @param issuedAt    the issue date printed on it
 * @param expiresAt   when it expires or expired; null when it never does
 * @param revokedAt   when it was revoked; null when it was not
 */
public record CertificateVerificationView(String verificationCode, CertificateVerification.Status status,
        String learnerName, String courseId, String courseTitle, Instant completedAt, Instant issuedAt,
        Instant expiresAt, Instant revokedAt) {

    static CertificateVerificationView of(CertificateRecord record, Instant now) {
        CertificateGenerated generated = record.getGenerated();
        return new CertificateVerificationView(record.getVerificationCode(),
                CertificateVerification.status(record, now), generated.getLearnerName(), generated.getCourseId(),
                generated.getCourseTitle(), generated.getCompletedAt(), generated.getIssuedAt(),
                CertificateVerification.expiry(record),
                record.getRevoked() == null ? null : record.getRevoked().getRevokedAt());
    }
}
