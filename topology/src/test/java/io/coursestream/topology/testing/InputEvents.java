package io.coursestream.topology.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.courses.EpisodePublished;
import io.coursestream.schemas.courses.EpisodeSummary;
import io.coursestream.schemas.learning.AchievementRevoked;
import io.coursestream.schemas.learning.AchievementUnlocked;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.media.MediaKind;
import io.coursestream.schemas.media.MediaUploaded;
import io.coursestream.schemas.notifications.AudienceKind;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignAudience;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.uploads.CourseUploadCompleted;
import io.coursestream.schemas.uploads.LargeCourseUploadStarted;
import io.coursestream.schemas.uploads.UploadChunkReceived;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PayoutAccountLinked;
import io.coursestream.schemas.users.PreferenceChangeSource;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;

/** Valid input events, one factory per type, each keyed as its topic demands. Ids are fresh per call. */
public final class InputEvents {

    private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** An event as it is written to its input topic. */
    public record KeyedEvent(Topic<String, SpecificRecord> topic, String key, SpecificRecord event) {

        public String type() {
            return event.getSchema().getName();
        }
    }

    private InputEvents() {
    }

    /** One valid event of every type every input topic carries, in catalogue order. */
    public static List<KeyedEvent> oneOfEveryType(Instant occurredAt) {
        String userId = id();
        String transactionId = id();
        String courseId = id();
        String uploadId = id();
        String mediaId = id();
        String campaignId = id();
        return List.of(
                keyed(Topics.USER_EVENTS, userId, userRegistered(userId, occurredAt)),
                keyed(Topics.USER_EVENTS, userId, userProfileUpdated(userId, occurredAt)),
                keyed(Topics.USER_EVENTS, userId, notificationPreferencesChanged(userId, occurredAt)),
                keyed(Topics.USER_EVENTS, userId, payoutAccountLinked(userId, occurredAt)),
                keyed(Topics.LEARNING_EVENTS, userId, courseEnrolled(userId, courseId, occurredAt)),
                keyed(Topics.LEARNING_EVENTS, userId, episodeCompleted(userId, courseId, occurredAt)),
                keyed(Topics.LEARNING_EVENTS, userId, courseCompleted(userId, courseId, occurredAt)),
                keyed(Topics.LEARNING_EVENTS, userId, achievementUnlocked(userId, occurredAt)),
                keyed(Topics.LEARNING_EVENTS, userId, achievementRevoked(userId, occurredAt)),
                keyed(Topics.PAYMENT_EVENTS, transactionId, paymentInitiated(transactionId, occurredAt)),
                keyed(Topics.PAYMENT_EVENTS, transactionId, paymentRefunded(transactionId, occurredAt)),
                keyed(Topics.REFERRAL_EVENTS, userId, referralClicked(userId, occurredAt)),
                keyed(Topics.REFERRAL_EVENTS, userId, referralCompleted(userId, occurredAt)),
                keyed(Topics.CATALOG_EVENTS, courseId, coursePublished(courseId, occurredAt)),
                keyed(Topics.CATALOG_EVENTS, courseId, courseUpdated(courseId, occurredAt)),
                keyed(Topics.CATALOG_EVENTS, courseId, episodePublished(courseId, occurredAt)),
                keyed(Topics.UPLOAD_EVENTS, uploadId, courseUploadCompleted(uploadId, occurredAt)),
                keyed(Topics.UPLOAD_EVENTS, uploadId, largeCourseUploadStarted(uploadId, occurredAt)),
                keyed(Topics.UPLOAD_EVENTS, uploadId, uploadChunkReceived(uploadId, occurredAt)),
                keyed(Topics.MEDIA_EVENTS, mediaId, mediaUploaded(mediaId, occurredAt)),
                keyed(Topics.CAMPAIGN_EVENTS, campaignId, bulkNotificationRequested(campaignId, occurredAt)));
    }

    public static KeyedEvent keyed(Topic<String, SpecificRecord> topic, String key, SpecificRecord event) {
        return new KeyedEvent(topic, key, event);
    }

    public static String id() {
        return UUID.randomUUID().toString();
    }

    public static EventMetadata metadata(Instant occurredAt) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(occurredAt)
                .setCorrelationId(id())
                .setCausationId(null)
                .setProducer("web-app")
                .build();
    }

    // ---- users.user-events ------------------------------------------------------------------

    public static UserRegistered userRegistered(String userId, Instant occurredAt) {
        return UserRegistered.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setEmail("ada@example.org")
                .setDisplayName("Ada Lovelace")
                .setLocaleSettings(new LocaleSettings("en-GB", "Europe/London"))
                .setCountry("GB")
                .setReferralCode("FRIEND-42")
                .setOwnReferralCode("ADA-1815")
                .setIpAddress("203.0.113.7")
                .setDeviceId("device-1")
                .setUserAgent("Mozilla/5.0")
                .setMarketingOptIn(true)
                .build();
    }

    public static UserProfileUpdated userProfileUpdated(String userId, Instant occurredAt) {
        return UserProfileUpdated.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setEmail(null)
                .setDisplayName("Ada King")
                .setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin"))
                .setCountry(null)
                .build();
    }

    public static NotificationPreferencesChanged notificationPreferencesChanged(String userId, Instant occurredAt) {
        return NotificationPreferencesChanged.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setCategory(NotificationCategory.MARKETING)
                .setChannel(NotificationChannel.EMAIL)
                .setSubscribed(false)
                .setSource(PreferenceChangeSource.UNSUBSCRIBE_LINK)
                .setCampaignId(null)
                .setNotificationId(null)
                .build();
    }

    public static PayoutAccountLinked payoutAccountLinked(String userId, Instant occurredAt) {
        return PayoutAccountLinked.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setProvider(PaymentProvider.STRIPE)
                .setAccountId("acct_1Example")
                .build();
    }

    // ---- learning.learning-events -----------------------------------------------------------

    public static CourseEnrolled courseEnrolled(String userId, String courseId, Instant occurredAt) {
        return CourseEnrolled.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setCourseId(courseId)
                .setSource("checkout")
                .setTransactionId(null)
                .build();
    }

    public static EpisodeCompleted episodeCompleted(String userId, String courseId, Instant occurredAt) {
        return EpisodeCompleted.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setCourseId(courseId)
                .setEpisodeId("episode-1")
                .setWatchedSeconds(1_200L)
                .build();
    }

    public static CourseCompleted courseCompleted(String userId, String courseId, Instant occurredAt) {
        return CourseCompleted.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setCourseId(courseId)
                .setCompletedEpisodes(2)
                .setDetectedBy("player")
                .setCompletedEpisodeIds(List.of("episode-1", "episode-2"))
                .build();
    }

    public static AchievementUnlocked achievementUnlocked(String userId, Instant occurredAt) {
        return AchievementUnlocked.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setAchievementId("achievement-1")
                .setAchievementType("quiz-perfect-score")
                .setTitle("Perfect score")
                .setCourseId(null)
                .build();
    }

    public static AchievementRevoked achievementRevoked(String userId, Instant occurredAt) {
        return AchievementRevoked.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUserId(userId)
                .setAchievementId("achievement-1")
                .setReason("awarded twice")
                .setRevokedBy(null)
                .build();
    }

    // ---- payments.payment-events ------------------------------------------------------------

    public static PaymentInitiated paymentInitiated(String transactionId, Instant occurredAt) {
        return PaymentInitiated.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setTransactionId(transactionId)
                .setUserId(id())
                .setCourseId(id())
                .setAmount(new Money(4_900L, "EUR"))
                .setProvider(PaymentProvider.STRIPE)
                .setBuyer(BuyerDetails.newBuilder()
                        .setName("Ada Lovelace")
                        .setEmail("ada@example.org")
                        .setCountry("DE")
                        .setCompanyName(null)
                        .setVatId(null)
                        .setLocale("de-DE")
                        .setAddressLine1(null)
                        .setAddressLine2(null)
                        .setPostalCode(null)
                        .setCity(null)
                        .setRegion(null)
                        .build())
                .setDescription("Kafka Streams in depth")
                .setPaymentMethodReference("pm_card_visa")
                .setReturnUrl("https://courses.example.org/checkout/return")
                .build();
    }

    public static PaymentRefunded paymentRefunded(String transactionId, Instant occurredAt) {
        return PaymentRefunded.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setTransactionId(transactionId)
                .setRefundId(id())
                .setUserId(id())
                .setAmount(new Money(1_000L, "EUR"))
                .setReason("requested_by_customer")
                .setProviderRefundReference(null)
                .build();
    }

    // ---- affiliates.referral-events ---------------------------------------------------------

    public static ReferralClicked referralClicked(String referredUserId, Instant occurredAt) {
        return ReferralClicked.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setClickId(id())
                .setReferredUserId(referredUserId)
                .setAffiliateId(id())
                .setReferralCode("FRIEND-42")
                .setIpAddress("2001:db8::1")
                .setDeviceId(null)
                .setUserAgent(null)
                .setLandingUrl("https://courses.example.org/kafka")
                .build();
    }

    public static ReferralCompleted referralCompleted(String referredUserId, Instant occurredAt) {
        return ReferralCompleted.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setReferredUserId(referredUserId)
                .setVisitorId("visitor-1")
                .setAffiliateId(id())
                .setReferralCode("FRIEND-42")
                .build();
    }

    // ---- courses.catalog-events -------------------------------------------------------------

    public static CoursePublished coursePublished(String courseId, Instant occurredAt) {
        return CoursePublished.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setCourseId(courseId)
                .setTitle("Kafka Streams in depth")
                .setLocale("en")
                .setPrice(new Money(4_900L, "EUR"))
                .setInstructorId(id())
                .setEpisodes(List.of(
                        new EpisodeSummary("episode-1", "Topologies", 0, true, 600L),
                        new EpisodeSummary("episode-2", "State stores", 1, false, 900L)))
                .setCertificateValidityDays(null)
                .build();
    }

    public static CourseUpdated courseUpdated(String courseId, Instant occurredAt) {
        return CourseUpdated.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setCourseId(courseId)
                .setTitle(null)
                .setLocale(null)
                .setPrice(new Money(0L, "EUR"))
                .setEpisodes(null)
                .setCertificateValidityDays(365)
                .build();
    }

    public static EpisodePublished episodePublished(String courseId, Instant occurredAt) {
        return EpisodePublished.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setCourseId(courseId)
                .setEpisodeId("episode-3")
                .setTitle("Exactly once")
                .setPosition(2)
                .setRequired(true)
                .setDurationSeconds(1_500L)
                .setMediaId(null)
                .build();
    }

    // ---- courses.upload-events --------------------------------------------------------------

    public static CourseUploadCompleted courseUploadCompleted(String uploadId, Instant occurredAt) {
        return CourseUploadCompleted.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUploadId(uploadId)
                .setCourseId(id())
                .setUploaderId(id())
                .setBucket("uploads")
                .setObjectKey("uploads/" + uploadId + "/course.zip")
                .setFileName("course.zip")
                .setContentType("application/zip")
                .setSizeBytes(2_048L)
                .setSha256(SHA256)
                .build();
    }

    public static LargeCourseUploadStarted largeCourseUploadStarted(String uploadId, Instant occurredAt) {
        return LargeCourseUploadStarted.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUploadId(uploadId)
                .setCourseId(id())
                .setUploaderId(id())
                .setFileName("course.zip")
                .setContentType("application/zip")
                .setBucket("uploads")
                .setTotalSizeBytes(25_000_000L)
                .setChunkSizeBytes(10_000_000L)
                .setTotalChunks(3)
                .setSha256(SHA256)
                .build();
    }

    public static UploadChunkReceived uploadChunkReceived(String uploadId, Instant occurredAt) {
        return UploadChunkReceived.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setUploadId(uploadId)
                .setChunkIndex(0)
                .setSizeBytes(10_000_000L)
                .setObjectKey("uploads/" + uploadId + "/chunk-0")
                .setSha256(SHA256)
                .build();
    }

    // ---- media.media-events -----------------------------------------------------------------

    public static MediaUploaded mediaUploaded(String mediaId, Instant occurredAt) {
        return MediaUploaded.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setMediaId(mediaId)
                .setOwnerId(id())
                .setCourseId(null)
                .setCollection("course-cover")
                .setKind(MediaKind.IMAGE)
                .setBucket("media")
                .setObjectKey("media/" + mediaId + "/cover.jpg")
                .setFileName("cover.jpg")
                .setContentType("image/jpeg")
                .setSizeBytes(123_456L)
                .setSha256(SHA256)
                .build();
    }

    // ---- notifications.campaign-events ------------------------------------------------------

    public static BulkNotificationRequested bulkNotificationRequested(String campaignId, Instant occurredAt) {
        return BulkNotificationRequested.newBuilder()
                .setMetadata(metadata(occurredAt))
                .setCampaignId(campaignId)
                .setRequestedBy("admin@example.org")
                .setAudience(new CampaignAudience(AudienceKind.LOCALE, null, null, "de"))
                .setChannels(List.of(NotificationChannel.EMAIL))
                .setCategory(NotificationCategory.PRODUCT_UPDATES)
                .setCritical(false)
                .setTemplateId("new-course")
                .setSubject(null)
                .setBody(null)
                .setTemplateParameters(Map.of("course", "Kafka Streams in depth"))
                .setWebhookUrl(null)
                .setSendAfter(null)
                .setBatchSize(500)
                .build();
    }
}
