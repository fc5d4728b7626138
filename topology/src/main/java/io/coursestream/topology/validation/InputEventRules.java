package io.coursestream.topology.validation;

import static io.coursestream.topology.validation.FieldCheck.COUNTRY_CODE;
import static io.coursestream.topology.validation.FieldCheck.CURRENCY_CODE;
import static io.coursestream.topology.validation.FieldCheck.EMAIL;
import static io.coursestream.topology.validation.FieldCheck.HTTP_URL;
import static io.coursestream.topology.validation.FieldCheck.IP_ADDRESS;
import static io.coursestream.topology.validation.FieldCheck.LANGUAGE_TAG;
import static io.coursestream.topology.validation.FieldCheck.MEDIA_TYPE;
import static io.coursestream.topology.validation.FieldCheck.NON_BLANK;
import static io.coursestream.topology.validation.FieldCheck.NON_NEGATIVE;
import static io.coursestream.topology.validation.FieldCheck.NOT_EMPTY;
import static io.coursestream.topology.validation.FieldCheck.PLAUSIBLE_INSTANT;
import static io.coursestream.topology.validation.FieldCheck.POSITIVE;
import static io.coursestream.topology.validation.FieldCheck.RECORD_KEY;
import static io.coursestream.topology.validation.FieldCheck.SHA256_HEX;
import static io.coursestream.topology.validation.FieldCheck.TIME_ZONE;
import static io.coursestream.topology.validation.FieldCheck.UUID;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.courses.EpisodePublished;
import io.coursestream.schemas.learning.AchievementRevoked;
import io.coursestream.schemas.learning.AchievementUnlocked;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.media.MediaUploaded;
import io.coursestream.schemas.notifications.AudienceKind;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignAudience;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.uploads.CourseUploadCompleted;
import io.coursestream.schemas.uploads.LargeCourseUploadStarted;
import io.coursestream.schemas.uploads.UploadChunkReceived;
import io.coursestream.schemas.users.PayoutAccountLinked;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;

/**
 * What a valid input event is. Every input type gets
 * <ul>
 *   <li>the envelope rules: {@code metadata.eventId} a UUID, {@code producer} and {@code correlationId} set,
 *       {@code occurredAt} plausible against the record timestamp;</li>
 *   <li>the key rule: the field holding the aggregate id the topic is keyed by equals the record key;</li>
 *   <li>the contracts of the shared types, found in its schema: every {@link Money} has an ISO 4217 currency,
 *       every {@link LocaleSettings} a BCP 47 locale and an IANA time zone;</li>
 * </ul>
 * plus the rules of its own that later topologies and workers rely on (positive payment amounts, e-mail
 * syntax, digests, consistent chunk counts). Whether a chunk index is below its upload's chunk count needs
 * the upload's state and is the uploads topology's check, not a per-record one.
 */
public final class InputEventRules {

    /** The field of every event on an input topic that holds the aggregate id the topic is keyed by. */
    public static final Map<String, String> AGGREGATE_ID_FIELDS = Map.of(
            Topics.USER_EVENTS.name(), "userId",
            Topics.LEARNING_EVENTS.name(), "userId",
            Topics.PAYMENT_EVENTS.name(), "transactionId",
            Topics.REFERRAL_EVENTS.name(), "referredUserId",
            Topics.CATALOG_EVENTS.name(), "courseId",
            Topics.UPLOAD_EVENTS.name(), "uploadId",
            Topics.MEDIA_EVENTS.name(), "mediaId",
            Topics.CAMPAIGN_EVENTS.name(), "campaignId");

    private InputEventRules() {
    }

    /** The rule book of every type on every input topic of the catalogue. */
    public static RuleBook ruleBook() {
        RuleBook.Builder book = RuleBook.builder();
        for (Topic<String, SpecificRecord> topic : Topics.inputs()) {
            String aggregateId = AGGREGATE_ID_FIELDS.get(topic.name());
            if (aggregateId == null) {
                throw new IllegalStateException("no aggregate id field declared for input topic " + topic.name());
            }
            topic.valueSchemas().forEach(type -> book.type(type, rules -> {
                envelope(rules);
                rules.field(aggregateId, NON_BLANK, RECORD_KEY);
                sharedTypeContracts(rules);
            }));
        }
        typeRules(book);
        return book.build();
    }

    private static void envelope(RuleBook.TypeRules<?> rules) {
        rules.field("metadata.eventId", UUID)
                .field("metadata.occurredAt", PLAUSIBLE_INSTANT)
                .field("metadata.correlationId", NON_BLANK)
                .field("metadata.causationId", NON_BLANK)
                .field("metadata.producer", NON_BLANK);
    }

    private static void sharedTypeContracts(RuleBook.TypeRules<?> rules) {
        for (String money : pathsOf(rules.schema(), Money.getClassSchema())) {
            rules.field(money + ".currency", CURRENCY_CODE);
        }
        for (String settings : pathsOf(rules.schema(), LocaleSettings.getClassSchema())) {
            rules.field(settings + ".locale", LANGUAGE_TAG).field(settings + ".timezone", TIME_ZONE);
        }
    }

    private static void typeRules(RuleBook.Builder book) {
        book
                // users.user-events
                .type(UserRegistered.class, rules -> rules
                        .field("userId", UUID)
                        .field("email", EMAIL)
                        .field("displayName", NON_BLANK)
                        .field("country", COUNTRY_CODE)
                        .field("referralCode", NON_BLANK)
                        .field("ownReferralCode", NON_BLANK)
                        .field("ipAddress", IP_ADDRESS))
                .type(UserProfileUpdated.class, rules -> rules
                        .field("email", EMAIL)
                        .field("displayName", NON_BLANK)
                        .field("country", COUNTRY_CODE))
                .type(PayoutAccountLinked.class, rules -> rules
                        .field("accountId", NON_BLANK))
                // learning.learning-events
                .type(CourseEnrolled.class, rules -> rules
                        .field("courseId", NON_BLANK))
                .type(EpisodeCompleted.class, rules -> rules
                        .field("courseId", NON_BLANK)
                        .field("episodeId", NON_BLANK)
                        .field("watchedSeconds", NON_NEGATIVE))
                .type(CourseCompleted.class, rules -> rules
                        .field("courseId", NON_BLANK)
                        .field("completedEpisodes", NON_NEGATIVE)
                        .field("completedEpisodeIds[]", NON_BLANK))
                .type(AchievementUnlocked.class, rules -> rules
                        .field("achievementId", NON_BLANK)
                        .field("achievementType", NON_BLANK))
                .type(AchievementRevoked.class, rules -> rules
                        .field("achievementId", NON_BLANK)
                        .field("reason", NON_BLANK))
                // payments.payment-events: money moves only in positive amounts; direction is in the event type
                .type(PaymentInitiated.class, rules -> rules
                        .field("transactionId", UUID)
                        .field("userId", NON_BLANK)
                        .field("amount.amountMinor", POSITIVE)
                        .field("buyer.name", NON_BLANK)
                        .field("buyer.email", EMAIL)
                        .field("buyer.country", COUNTRY_CODE)
                        .field("buyer.locale", LANGUAGE_TAG)
                        .field("description", NON_BLANK)
                        .field("returnUrl", HTTP_URL))
                .type(PaymentRefunded.class, rules -> rules
                        .field("transactionId", UUID)
                        .field("refundId", UUID)
                        .field("userId", NON_BLANK)
                        .field("amount.amountMinor", POSITIVE)
                        .field("reason", NON_BLANK))
                // affiliates.referral-events
                .type(ReferralClicked.class, rules -> rules
                        .field("clickId", UUID)
                        .field("affiliateId", NON_BLANK)
                        .field("referralCode", NON_BLANK)
                        .field("ipAddress", IP_ADDRESS)
                        .field("landingUrl", HTTP_URL))
                .type(ReferralCompleted.class, rules -> rules
                        .field("affiliateId", NON_BLANK)
                        .field("referralCode", NON_BLANK))
                // courses.catalog-events: a free course costs 0, never less
                .type(CoursePublished.class, rules -> rules
                        .field("title", NON_BLANK)
                        .field("locale", LANGUAGE_TAG)
                        .field("price.amountMinor", NON_NEGATIVE)
                        .field("instructorId", NON_BLANK)
                        .field("episodes[].episodeId", NON_BLANK)
                        .field("episodes[].position", NON_NEGATIVE)
                        .field("episodes[].durationSeconds", NON_NEGATIVE)
                        .field("certificateValidityDays", POSITIVE))
                .type(CourseUpdated.class, rules -> rules
                        .field("title", NON_BLANK)
                        .field("locale", LANGUAGE_TAG)
                        .field("price.amountMinor", NON_NEGATIVE)
                        .field("episodes[].episodeId", NON_BLANK)
                        .field("episodes[].position", NON_NEGATIVE)
                        .field("episodes[].durationSeconds", NON_NEGATIVE)
                        // 0: certificates no longer expire
                        .field("certificateValidityDays", NON_NEGATIVE))
                .type(EpisodePublished.class, rules -> rules
                        .field("episodeId", NON_BLANK)
                        .field("title", NON_BLANK)
                        .field("position", NON_NEGATIVE)
                        .field("durationSeconds", NON_NEGATIVE))
                // courses.upload-events
                .type(CourseUploadCompleted.class, rules -> rules
                        .field("courseId", NON_BLANK)
                        .field("uploaderId", NON_BLANK)
                        .field("bucket", NON_BLANK)
                        .field("objectKey", NON_BLANK)
                        .field("contentType", MEDIA_TYPE)
                        .field("sizeBytes", POSITIVE)
                        .field("sha256", SHA256_HEX))
                .type(LargeCourseUploadStarted.class, rules -> rules
                        .field("courseId", NON_BLANK)
                        .field("uploaderId", NON_BLANK)
                        .field("bucket", NON_BLANK)
                        .field("contentType", MEDIA_TYPE)
                        .field("totalSizeBytes", POSITIVE)
                        .field("chunkSizeBytes", POSITIVE)
                        .field("totalChunks", POSITIVE)
                        .field("sha256", SHA256_HEX)
                        .rule("chunk-count-matches-size",
                                "totalChunks must be totalSizeBytes / chunkSizeBytes rounded up",
                                InputEventRules::chunkCountMatchesSize))
                .type(UploadChunkReceived.class, rules -> rules
                        .field("chunkIndex", NON_NEGATIVE)
                        .field("sizeBytes", POSITIVE)
                        .field("objectKey", NON_BLANK)
                        .field("sha256", SHA256_HEX))
                // media.media-events: the kind picks the worker pipeline, so it must agree with the content
                .type(MediaUploaded.class, rules -> rules
                        .field("ownerId", NON_BLANK)
                        .field("bucket", NON_BLANK)
                        .field("objectKey", NON_BLANK)
                        .field("contentType", MEDIA_TYPE)
                        .field("sizeBytes", POSITIVE)
                        .field("sha256", SHA256_HEX)
                        .rule("content-type-matches-kind",
                                "an IMAGE must have an image/* content type, a VIDEO a video/* one",
                                InputEventRules::contentTypeMatchesKind))
                // notifications.campaign-events
                .type(BulkNotificationRequested.class, rules -> rules
                        .field("requestedBy", NON_BLANK)
                        .field("templateId", NON_BLANK)
                        .field("channels", NOT_EMPTY)
                        .field("batchSize", POSITIVE)
                        .field("webhookUrl", HTTP_URL)
                        .field("audience.locale", LANGUAGE_TAG)
                        .field("audience.minLevel", NON_NEGATIVE)
                        .rule("audience-names-its-selection",
                                "ENROLLED_IN_COURSE needs audience.courseId, LEVEL_AT_LEAST audience.minLevel,"
                                        + " LOCALE audience.locale",
                                campaign -> audienceNamesItsSelection(campaign.getAudience())));
    }

    static boolean chunkCountMatchesSize(LargeCourseUploadStarted upload) {
        if (upload.getChunkSizeBytes() <= 0) {
            return true; // reported by the chunkSizeBytes field rule; no division by zero here
        }
        long expected = (upload.getTotalSizeBytes() + upload.getChunkSizeBytes() - 1) / upload.getChunkSizeBytes();
        return upload.getTotalChunks() == expected;
    }

    static boolean contentTypeMatchesKind(MediaUploaded media) {
        String contentType = media.getContentType().toLowerCase(Locale.ROOT);
        return switch (media.getKind()) {
            case IMAGE -> contentType.startsWith("image/");
            case VIDEO -> contentType.startsWith("video/");
            // UNKNOWN is what a reader sees for a kind added after its schema; the media worker decides then.
            default -> true;
        };
    }

    static boolean audienceNamesItsSelection(CampaignAudience audience) {
        AudienceKind kind = audience.getKind();
        return switch (kind) {
            case ENROLLED_IN_COURSE -> audience.getCourseId() != null && !audience.getCourseId().isBlank();
            case LEVEL_AT_LEAST -> audience.getMinLevel() != null;
            case LOCALE -> audience.getLocale() != null;
            default -> true;
        };
    }

    /** Paths (with {@code []} through arrays) of every field of {@code wanted}'s record type inside {@code schema}. */
    static List<String> pathsOf(Schema schema, Schema wanted) {
        List<String> paths = new ArrayList<>();
        collectPaths(schema, wanted, "", paths, new ArrayList<>());
        return paths;
    }

    private static void collectPaths(Schema record, Schema wanted, String prefix, List<String> paths,
            List<String> enclosing) {
        if (enclosing.contains(record.getFullName())) {
            return; // a recursive schema: each nesting level would repeat the same paths forever
        }
        enclosing.add(record.getFullName());
        for (Schema.Field field : record.getFields()) {
            Schema type = nonNull(field.schema());
            String path = prefix + field.name();
            if (type.getType() == Schema.Type.ARRAY) {
                type = nonNull(type.getElementType());
                path = path + "[]";
            }
            if (type.getType() != Schema.Type.RECORD) {
                continue;
            }
            if (type.getFullName().equals(wanted.getFullName())) {
                paths.add(path);
            } else if (!type.getFullName().equals(EventMetadata.getClassSchema().getFullName())) {
                collectPaths(type, wanted, path + ".", paths, enclosing);
            }
        }
        enclosing.remove(enclosing.size() - 1);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst()
                .orElse(schema);
    }
}
