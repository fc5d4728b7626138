package io.coursestream.workers.certificates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.coursestream.infrastructure.storage.StorageObjectNotFoundException;
import io.coursestream.infrastructure.storage.StoredObject;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.notifications.LocalFormats;
import io.coursestream.workers.notifications.LocalizationService;

/**
 * Course certificates, from the GenerateCourseCertificate payload to the stored PDF: checks the completion evidence,
 * settles the certificate's identity (a stable id per learner and course, a verification code, its URL), formats the
 * dates for the learner (their locale and time zone, {@link LocalizationService}), renders the PDF
 * ({@link CertificatePdf}) in the learner's language (en, de, fr, es; others read English) and stores it privately in
 * the certificates' bucket ({@link CertificateStorage}) under
 * {@code certificates/<courseId>/<certificateId>/v<templateVersion>.pdf} with its SHA-256.
 *
 * <p>Idempotent: a job run again stores the same certificate under the same key. The code and the issue date are the
 * payload's when it has them (a regeneration keeps both); otherwise the first attempt draws them (a random code, the
 * worker's clock) and records them with the stored object, where a later attempt of the same certificate and
 * template version finds and keeps them. The PDF is deterministic, so such an attempt stores the same bytes.
 *
 * <p>Evidence that does not prove the completion, or a payload that cannot be printed, fails fatally: no retry can
 * make it true.
 */
@ApplicationScoped
public class CertificationService {

    /** The stored PDF's content type. */
    public static final String CONTENT_TYPE = "application/pdf";

    /** How far a completion may lie in the worker's future: the upstream clocks are not the workers'. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** The user metadata that lets a later attempt keep what the first one drew. */
    static final String CERTIFICATE_ID_METADATA = "certificate-id";
    static final String VERIFICATION_CODE_METADATA = "verification-code";
    static final String ISSUED_AT_METADATA = "issued-at";

    private final Clock clock;
    private final VerificationCodes codes;
    private final String verificationBaseUrl;
    private final BiFunction<String, String, LocalFormats> formats;
    private final Supplier<FileStorageService> storage;
    private final CertificatePdf pdf = new CertificatePdf();

    @Inject
    CertificationService(CertificatesConfig config, LocalizationService localization, CertificateStorage storage,
            Clock clock) {
        this(clock, new VerificationCodes(), config.verificationBaseUrl(), localization::formats, storage::files);
    }

    /**
     * @param formats how to format for a learner: (IETF locale tag, IANA zone) to formats in their locale and zone
     * @param storage the certificates' bucket, asked for only when a certificate is stored
     */
    CertificationService(Clock clock, VerificationCodes codes, String verificationBaseUrl,
            BiFunction<String, String, LocalFormats> formats, Supplier<FileStorageService> storage) {
        this.clock = clock;
        this.codes = codes;
        this.verificationBaseUrl = verificationBaseUrl;
        this.formats = formats;
        this.storage = storage;
    }

    /** Checks, renders and stores the payload's certificate; see the class comment. */
    public GeneratedCertificate generate(GenerateCourseCertificate payload) {
        checkEvidence(payload, clock.instant());
        String certificateId = certificateId(payload.getUserId(), payload.getCourseId());
        String key = objectKey(payload.getCourseId(), certificateId, payload.getTemplateVersion());
        FileStorageService files = storage.get();
        Optional<StoredObject> earlier = payload.getVerificationCode() == null || payload.getIssuedAt() == null
                ? earlierAttempt(files, key, certificateId)
                : Optional.empty();
        String code = payload.getVerificationCode() != null
                ? payload.getVerificationCode()
                : earlier.map(object -> object.metadata().get(VERIFICATION_CODE_METADATA))
                        .filter(VerificationCodes::isWellFormed).orElseGet(codes::next);
        Instant issuedAt = payload.getIssuedAt() != null
                ? payload.getIssuedAt()
                : earlier.map(object -> object.metadata().get(ISSUED_AT_METADATA))
                        .flatMap(CertificationService::instant)
                        .orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.MILLIS));
        CertificateDocument document = document(payload, certificateId, code, issuedAt);
        return store(files, key, document, pdf.render(document));
    }

    /** The document of a payload whose evidence was checked, with the code and issue date settled. */
    CertificateDocument document(GenerateCourseCertificate payload, String certificateId, String code,
            Instant issuedAt) {
        if (!VerificationCodes.isWellFormed(code)) {
            throw new FatalJobException("certificate " + certificateId + " has verification code '" + code
                    + "'; expected four groups of four Crockford base-32 characters (XXXX-XXXX-XXXX-XXXX)");
        }
        String localeTag = payload.getLocaleSettings() == null ? null : payload.getLocaleSettings().getLocale();
        String timezone = payload.getLocaleSettings() == null ? null : payload.getLocaleSettings().getTimezone();
        Locale language = CertificateTexts.language(localeTag);
        CertificateTexts texts = CertificateTexts.forLanguage(language);
        LocalFormats local = formats.apply(localeTag, timezone);
        Instant expiresAt = payload.getExpiresAt();
        CertificateDocument.Printed printed = new CertificateDocument.Printed(texts,
                CertificateTexts.fill(texts.completedOn(), Map.of("date", local.date(payload.getCompletedAt()))),
                CertificateTexts.fill(texts.issuedOn(), Map.of("date", local.date(issuedAt))),
                expiresAt == null ? null : CertificateTexts.fill(texts.validUntil(),
                        Map.of("date", local.date(expiresAt))));
        return new CertificateDocument(certificateId, code, verificationUrl(verificationBaseUrl, code),
                payload.getUserId(), payload.getCourseId(), payload.getCourseTitle().strip(),
                payload.getLearnerName().strip(), language.toLanguageTag(), payload.getTemplateVersion(),
                payload.getCompletedAt(), issuedAt, expiresAt, printed);
    }

    /**
     * Stores the PDF under its key (replacing an earlier rendering) with what a later attempt needs to keep, and
     * returns where it is with the SHA-256 and size of the stored bytes.
     */
    GeneratedCertificate store(FileStorageService files, String key, CertificateDocument document, byte[] rendered) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(CERTIFICATE_ID_METADATA, document.certificateId());
        metadata.put(VERIFICATION_CODE_METADATA, document.verificationCode());
        metadata.put(ISSUED_AT_METADATA, document.issuedAt().toString());
        metadata.put("template-version", String.valueOf(document.templateVersion()));
        StoredObject stored = files.put(key, rendered, CONTENT_TYPE, metadata);
        String sha256 = sha256(rendered);
        if (stored.sha256() != null && !stored.sha256().equals(sha256)) {
            throw new IllegalStateException("storage recorded SHA-256 " + stored.sha256() + " for " + key
                    + ", the rendered PDF has " + sha256);
        }
        return new GeneratedCertificate(document, files.bucket(), key, sha256, rendered.length);
    }

    /**
     * Checks that the payload proves the completion and can be printed.
     *
     * @throws FatalJobException naming the first thing that is wrong
     */
    static void checkEvidence(GenerateCourseCertificate payload, Instant now) {
        String subject = "certificate of user " + payload.getUserId() + " for course " + payload.getCourseId();
        requireText(payload.getUserId(), "userId", subject);
        requireText(payload.getCourseId(), "courseId", subject);
        if (payload.getCourseId().chars().anyMatch(c -> c == '/' || Character.isISOControl(c))) {
            throw new FatalJobException(subject + ": courseId contains '/' or a control character; it is part of"
                    + " the object key");
        }
        requireText(payload.getLearnerName(), "learnerName", subject);
        requireText(payload.getCourseTitle(), "courseTitle", subject);
        if (payload.getTemplateVersion() < 1) {
            throw new FatalJobException(subject + ": templateVersion " + payload.getTemplateVersion()
                    + " is below 1");
        }
        if (payload.getCompletionEventId() == null || payload.getCompletionEventId().isBlank()) {
            throw new FatalJobException(subject + ": no completion evidence (completionEventId is blank)");
        }
        int required = payload.getRequiredEpisodeCount();
        int completed = payload.getCompletedRequiredCount();
        if (required < 0) {
            throw new FatalJobException(subject + ": requiredEpisodeCount " + required + " is negative");
        }
        if (completed != required) {
            throw new FatalJobException(subject + ": completed " + completed + " of " + required
                    + " required episodes; a certificate needs all of them");
        }
        int distinct = new HashSet<>(payload.getCompletedEpisodeIds()).size();
        if (distinct < completed) {
            throw new FatalJobException(subject + ": completedEpisodeIds names " + distinct + " distinct episodes,"
                    + " fewer than the " + completed + " completed required episodes it claims");
        }
        if (payload.getCompletedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw new FatalJobException(subject + ": completedAt " + payload.getCompletedAt()
                    + " is in the future (worker clock " + now + ")");
        }
    }

    /** The certificate id of a learner's certificate of a course: a name-based UUID, the same for every version. */
    public static String certificateId(String userId, String courseId) {
        return UUID.nameUUIDFromBytes(("certificate:" + userId + ":" + courseId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Where a certificate's PDF of one template version is stored. */
    public static String objectKey(String courseId, String certificateId, int templateVersion) {
        return "certificates/" + courseId + "/" + certificateId + "/v" + templateVersion + ".pdf";
    }

    /** The base URL and the code joined by exactly one {@code /}. */
    static String verificationUrl(String baseUrl, String code) {
        String base = baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/" + code;
    }

    /** Lower-case hex SHA-256, as the storage records it. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The object an earlier attempt stored for this certificate and version, if any. */
    private static Optional<StoredObject> earlierAttempt(FileStorageService files, String key, String certificateId) {
        try {
            StoredObject object = files.head(key);
            return certificateId.equals(object.metadata().get(CERTIFICATE_ID_METADATA))
                    ? Optional.of(object)
                    : Optional.empty();
        } catch (StorageObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void requireText(String value, String field, String subject) {
        if (value == null || value.isBlank()) {
            throw new FatalJobException(subject + ": " + field + " is blank");
        }
    }
}
