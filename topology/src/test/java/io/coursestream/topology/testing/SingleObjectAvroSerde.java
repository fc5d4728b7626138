package io.coursestream.topology.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.coursestream.schemas.affiliates.AffiliateLedger;
import io.coursestream.schemas.affiliates.AffiliateRiskState;
import io.coursestream.schemas.affiliates.AttributionState;
import io.coursestream.schemas.affiliates.CommissionReversalRequest;
import io.coursestream.schemas.affiliates.CommissionState;
import io.coursestream.schemas.affiliates.ConversionCandidate;
import io.coursestream.schemas.affiliates.ConversionRecord;
import io.coursestream.schemas.affiliates.ConversionRefund;
import io.coursestream.schemas.affiliates.ConversionSplit;
import io.coursestream.schemas.affiliates.FraudFingerprint;
import io.coursestream.schemas.affiliates.ReferralCodeResolved;
import io.coursestream.schemas.affiliates.ReferralCodeUse;
import io.coursestream.schemas.affiliates.SponsorFixed;
import io.coursestream.schemas.affiliates.TierCommission;
import io.coursestream.schemas.certificates.CertificateRecord;
import io.coursestream.schemas.certificates.CertificateRegenerationRun;
import io.coursestream.schemas.invoices.InvoiceNumberRequest;
import io.coursestream.schemas.jobs.JobStatus;
import io.coursestream.schemas.learning.LearnerCertificate;
import io.coursestream.schemas.notifications.CampaignRun;
import io.coursestream.schemas.notifications.CampaignStatus;
import io.coursestream.schemas.notifications.CampaignTally;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.points.PointsActivity;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.schemas.topics.Topics;

/**
 * Avro single-object encoding (marker, schema fingerprint, binary body) with the catalogue's classes as the
 * schema store: a serde for topology tests that needs no registry but, like the registry serde, tells the
 * writer's type from the bytes alone, so several types can share one topic.
 */
public final class SingleObjectAvroSerde implements Serde<SpecificRecord> {

    private final SchemaStore.Cache schemas = new SchemaStore.Cache();

    public SingleObjectAvroSerde() {
        Topics.all().forEach(topic -> topic.valueSchemas()
                .forEach(type -> schemas.addSchema(SpecificData.get().getSchema(type))));
        // Stored, not on a topic: the values of the job status store and of the points topology's own stores.
        schemas.addSchema(JobStatus.getClassSchema());
        schemas.addSchema(PointsActivity.getClassSchema());
        schemas.addSchema(PointsUserState.getClassSchema());
        schemas.addSchema(UserDirectoryEntry.getClassSchema());
        // The campaign topology's stores and the tallies on its repartition topic.
        schemas.addSchema(CampaignRun.getClassSchema());
        schemas.addSchema(CampaignStatus.getClassSchema());
        schemas.addSchema(CampaignTally.getClassSchema());
        // The affiliate topology's stores and the messages on its repartition topics.
        List.of(AttributionState.getClassSchema(), FraudFingerprint.getClassSchema(), SponsorFixed.getClassSchema(),
                ReferralCodeUse.getClassSchema(), ReferralCodeResolved.getClassSchema(),
                ConversionCandidate.getClassSchema(), ConversionRecord.getClassSchema(),
                ConversionRefund.getClassSchema(), ConversionSplit.getClassSchema(),
                AffiliateRiskState.getClassSchema(), TierCommission.getClassSchema(),
                CommissionReversalRequest.getClassSchema(), CommissionState.getClassSchema(),
                AffiliateLedger.getClassSchema()).forEach(schemas::addSchema);
        // The payment topology's message on its invoice-numbering repartition topics.
        schemas.addSchema(InvoiceNumberRequest.getClassSchema());
        // The learning topology's stores.
        List.of(LearnerCertificate.getClassSchema(), CertificateRecord.getClassSchema(),
                CertificateRegenerationRun.getClassSchema()).forEach(schemas::addSchema);
    }

    @Override
    public Serializer<SpecificRecord> serializer() {
        return (topic, event) -> {
            if (event == null) {
                return null;
            }
            try {
                ByteBuffer buffer = new BinaryMessageEncoder<SpecificRecord>(SpecificData.get(), event.getSchema())
                        .encode(event);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public Deserializer<SpecificRecord> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder(bytes).decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a single-object encoded catalogue event", e);
            }
        };
    }

    private BinaryMessageDecoder<SpecificRecord> decoder(byte[] bytes) throws IOException {
        if (bytes.length < 10) {
            throw new IOException("too short for single-object encoding: " + bytes.length + " bytes");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        var writer = schemas.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new IOException("unknown schema fingerprint " + fingerprint);
        }
        // Read with the writer's own schema: the test store holds exactly the generated classes' schemas.
        return new BinaryMessageDecoder<>(SpecificData.get(), writer, schemas);
    }
}
