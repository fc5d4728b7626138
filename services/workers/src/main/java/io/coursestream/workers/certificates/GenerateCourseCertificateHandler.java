package io.coursestream.workers.certificates;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.workers.JobContext;
import io.coursestream.workers.JobHandler;

/**
 * Runs GENERATE_COURSE_CERTIFICATE ({@code jobs.default}): checks the evidence, renders and stores the certificate
 * through {@link CertificationService}, then publishes {@code CertificateGenerated} on
 * {@code certificates.certificate-events} and reports the stored PDF in {@code JobSucceeded.outputs}
 * ({@code certificateId}, {@code verificationCode}, {@code bucket}, {@code objectKey}, {@code sha256}). It sends no
 * mail: the learning topology requests the SendNotification (template {@value CertificateMail#TEMPLATE}, the PDF
 * attached) when it reads a CertificateGenerated with an email.
 *
 * <p>A retry stores the same certificate under the same key and publishes CertificateGenerated again with the same
 * facts; readers key on the verification code.
 */
@ApplicationScoped
public class GenerateCourseCertificateHandler implements JobHandler {

    private final CertificationService certificates;
    private final CertificateEvents events;

    @Inject
    GenerateCourseCertificateHandler(CertificationService certificates, CertificateEvents events) {
        this.certificates = certificates;
        this.events = events;
    }

    @Override
    public JobType type() {
        return JobType.GENERATE_COURSE_CERTIFICATE;
    }

    @Override
    public void handle(JobContext context) {
        GenerateCourseCertificate payload = context.payload(GenerateCourseCertificate.class);
        GeneratedCertificate generated = certificates.generate(payload);
        context.progress(80, "stored " + generated.objectKey());
        events.generated(context.command(), payload, generated);
        outputs(generated).forEach(context::output);
    }

    /** What {@code JobSucceeded} reports. */
    static Map<String, String> outputs(GeneratedCertificate generated) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("certificateId", generated.document().certificateId());
        outputs.put("verificationCode", generated.document().verificationCode());
        outputs.put("bucket", generated.bucket());
        outputs.put("objectKey", generated.objectKey());
        outputs.put("sha256", generated.sha256());
        return outputs;
    }
}
