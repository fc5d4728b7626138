package io.coursestream.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.coursestream.schemas.certificates.CertificateExpired;
import io.coursestream.schemas.certificates.CertificateRevoked;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.OperatorCommandMetadata;

/**
 * Writes an administrator's verdict on one certificate to {@code certificates.certificate-status}, keyed by its
 * verification code ({@link CertificateRevoked}, {@link CertificateExpired}), and returns once the broker has
 * acknowledged it. These are facts, not commands: each starts its own flow (correlation id = event id).
 */
final class CertificateStatusWriter implements AutoCloseable {

    private final ControlCommandWriter writer;

    private CertificateStatusWriter(ControlCommandWriter writer) {
        this.writer = writer;
    }

    static CertificateStatusWriter connect(String bootstrapServers, String registryUrl) {
        return new CertificateStatusWriter(
                ControlCommandWriter.connect(bootstrapServers, registryUrl, Topics.CERTIFICATE_STATUS));
    }

    /** Revokes the certificate with {@code verificationCode} as of {@code at}. */
    RecordMetadata revoke(String verificationCode, String reason, String revokedBy, Instant at) {
        return write(revoked(verificationCode, reason, revokedBy, at));
    }

    /** Records that the certificate with {@code verificationCode} expired at {@code expiredAt}; written {@code now}. */
    RecordMetadata expire(String verificationCode, Instant expiredAt, Instant now) {
        return write(expired(verificationCode, expiredAt, now));
    }

    static ProducerRecord<String, SpecificRecord> revoked(String verificationCode, String reason, String revokedBy,
            Instant at) {
        CertificateRevoked revoked = CertificateRevoked.newBuilder()
                .setMetadata(metadata(at))
                .setVerificationCode(verificationCode)
                .setReason(reason)
                .setRevokedBy(revokedBy)
                .setRevokedAt(at)
                .build();
        return new ProducerRecord<>(Topics.CERTIFICATE_STATUS.name(), verificationCode, revoked);
    }

    static ProducerRecord<String, SpecificRecord> expired(String verificationCode, Instant expiredAt, Instant now) {
        CertificateExpired expired = CertificateExpired.newBuilder()
                .setMetadata(metadata(now))
                .setVerificationCode(verificationCode)
                .setExpiredAt(expiredAt)
                .build();
        return new ProducerRecord<>(Topics.CERTIFICATE_STATUS.name(), verificationCode, expired);
    }

    private static EventMetadata metadata(Instant occurredAt) {
        UUID eventId = UUID.randomUUID();
        return EventMetadata.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(occurredAt)
                .setCorrelationId(eventId.toString())
                .setCausationId(null)
                .setProducer(OperatorCommandMetadata.PRODUCER)
                .build();
    }

    private RecordMetadata write(ProducerRecord<String, SpecificRecord> record) {
        return writer.write(List.of(record)).get(0);
    }

    @Override
    public void close() {
        writer.close();
    }
}
