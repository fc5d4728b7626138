package io.coursestream.topology.learning;

import java.time.Instant;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.certificates.CertificateDelivered;
import io.coursestream.schemas.certificates.CertificateExpired;
import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.certificates.CertificateRecord;
import io.coursestream.schemas.certificates.CertificateRevoked;

/**
 * What a verifier is told about a certificate: the record of its code folded from the certificate events and status
 * changes ({@link #apply}), and its status now ({@link #status}). Revocation is final and wins over everything; a
 * certificate is expired from its explicit expiry or from its {@code expiresAt}, whichever comes first, so expiry
 * shows the moment it is due without anything being sent.
 */
public final class CertificateVerification {

    /** A certificate's standing. */
    public enum Status {
        ACTIVE, REVOKED, EXPIRED
    }

    private CertificateVerification() {
    }

    /** The record after {@code event}; {@code current} when the event changes nothing. */
    static CertificateRecord apply(CertificateRecord current, String code, SpecificRecord event) {
        CertificateRecord base = current != null ? current : new CertificateRecord(code, null, null, null, null);
        if (event instanceof CertificateGenerated generated) {
            return CertificateRecord.newBuilder(base).setGenerated(generated).build();
        }
        if (event instanceof CertificateDelivered delivered && base.getDeliveredAt() == null) {
            return CertificateRecord.newBuilder(base).setDeliveredAt(delivered.getDeliveredAt()).build();
        }
        if (event instanceof CertificateRevoked revoked && base.getRevoked() == null) {
            return CertificateRecord.newBuilder(base).setRevoked(revoked).build();
        }
        if (event instanceof CertificateExpired expired && base.getExpired() == null) {
            return CertificateRecord.newBuilder(base).setExpired(expired).build();
        }
        return current;
    }

    /** The certificate's status at {@code now}. */
    public static Status status(CertificateRecord record, Instant now) {
        if (record.getRevoked() != null && !record.getRevoked().getRevokedAt().isAfter(now)) {
            return Status.REVOKED;
        }
        Instant expiry = expiry(record);
        return expiry != null && !expiry.isAfter(now) ? Status.EXPIRED : Status.ACTIVE;
    }

    /** When the certificate expires or expired: the earlier of its explicit expiry and its expiresAt; null: never. */
    public static Instant expiry(CertificateRecord record) {
        Instant stated = record.getExpired() == null ? null : record.getExpired().getExpiredAt();
        Instant planned = record.getGenerated() == null ? null : record.getGenerated().getExpiresAt();
        if (stated == null || planned == null) {
            return stated != null ? stated : planned;
        }
        return stated.isBefore(planned) ? stated : planned;
    }
}
