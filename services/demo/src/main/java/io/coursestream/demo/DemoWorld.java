package io.coursestream.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
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

/**
 * A small simulated course platform that emits the input events its upstream services would publish:
 * the catalogue first, then registrations (some through referral links), enrolments with payments,
 * episode and course completions, achievements, refunds, profile and preference changes, media and
 * course uploads (whole and chunked) and campaigns. Deterministic: the same options and clock give the
 * same events with the same ids. Causality holds (a user registers before they enrol, a payment is
 * initiated before it is refunded, chunks follow their upload's start).
 */
public final class DemoWorld implements Iterator<DemoEvent> {

    private static final String PRODUCER = "demo-traffic";
    /**
     * At most one campaign this often (by the clock): a campaign mails up to every user, and a campaign in one step
     * of fifty (20 events/s, 200 users) asked for about 50 mails a second, over twice what the emails queue sends
     * (20 a second), so its backlog grew without end and its long-wait alert fired.
     */
    static final Duration CAMPAIGN_INTERVAL = Duration.ofMinutes(2);
    private static final String BUCKET = "coursestream-uploads";

    /** Locale, time zone, country and the currency that country pays in. */
    private record Market(String locale, String timezone, String country, String currency, long priceMinor) {
    }

    private static final List<Market> MARKETS = List.of(
            new Market("en-US", "America/New_York", "US", "USD", 4_900),
            new Market("en-GB", "Europe/London", "GB", "GBP", 3_900),
            new Market("de-DE", "Europe/Berlin", "DE", "EUR", 4_900),
            new Market("fr-FR", "Europe/Paris", "FR", "EUR", 4_900),
            new Market("es-ES", "Europe/Madrid", "ES", "EUR", 4_900),
            new Market("es-MX", "America/Mexico_City", "MX", "MXN", 89_900),
            new Market("pt-BR", "America/Sao_Paulo", "BR", "BRL", 24_900),
            new Market("ja-JP", "Asia/Tokyo", "JP", "JPY", 7_900),
            new Market("en-IN", "Asia/Kolkata", "IN", "INR", 399_900),
            new Market("fr-CA", "America/Toronto", "CA", "CAD", 6_900));

    private static final List<String> FIRST_NAMES = List.of("Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah",
            "Gabriel", "Hana", "Ivan", "Jonas", "Kenji", "Lucia", "Mateo", "Nora", "Omar", "Priya", "Quentin",
            "Rosa", "Sven", "Tomoko", "Uma", "Viktor", "Wen", "Yara", "Zoe");
    private static final List<String> LAST_NAMES = List.of("Almeida", "Becker", "Castillo", "Dubois", "Eriksen",
            "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski", "Laurent", "Moreau", "Nakamura", "Okafor",
            "Patel", "Rossi", "Schmidt", "Tanaka", "Weber");
    private static final List<String> COURSE_TITLES = List.of("Kafka Streams in Practice",
            "Event Sourcing from Scratch", "Quarkus for Busy Developers", "Modern Java, Record by Record",
            "Photography Basics", "Spanish for Travellers", "Data Visualisation that Speaks",
            "Personal Finance 101", "Watercolour Landscapes", "Public Speaking without Fear",
            "SQL for Analysts", "Home Barista Skills");
    private static final List<String> ACHIEVEMENTS = List.of("first-login-streak", "night-owl", "quiz-ace",
            "helpful-reviewer", "seven-day-streak");

    private record Course(String id, String title, String locale, Money price, List<EpisodeSummary> episodes) {
    }

    private static final class User {
        final String id;
        final String email;
        final String name;
        final Market market;
        final String referralCode;
        final Map<String, Integer> nextEpisode = new LinkedHashMap<>();
        final List<String> achievements = new ArrayList<>();
        boolean payoutAccountLinked;

        User(String id, String email, String name, Market market, String referralCode) {
            this.id = id;
            this.email = email;
            this.name = name;
            this.market = market;
            this.referralCode = referralCode;
        }
    }

    private record Payment(String transactionId, String userId, Money amount) {
    }

    private final DemoOptions options;
    private final Clock clock;
    private final Random random;
    private final Queue<DemoEvent> pending = new ArrayDeque<>();
    private final List<Course> courses = new ArrayList<>();
    private final List<User> users = new ArrayList<>();
    private final List<Payment> refundable = new ArrayList<>();
    private final Map<String, Integer> episodeCounter = new HashMap<>();
    private String lastEventId;
    /** When the last campaign was requested; null before the first. */
    private Instant lastCampaign;

    public DemoWorld(DemoOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.random = new Random(options.seed());
        for (int i = 0; i < options.courses(); i++) {
            publishCourse(i);
        }
    }

    /** Demo traffic never runs out. */
    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public DemoEvent next() {
        while (pending.isEmpty()) {
            step();
        }
        return pending.poll();
    }

    private void step() {
        if (users.size() < 2 || users.size() < options.users() && random.nextInt(100) < 25) {
            registerUser();
            return;
        }
        int dice = random.nextInt(1_000);
        if (dice < 450) {
            completeEpisode();
        } else if (dice < 620) {
            enrol();
        } else if (dice < 680) {
            unlockAchievement();
        } else if (dice < 700) {
            revokeAchievement();
        } else if (dice < 730) {
            refund();
        } else if (dice < 770) {
            updateProfile();
        } else if (dice < 800) {
            changePreferences();
        } else if (dice < 880) {
            uploadMedia();
        } else if (dice < 920) {
            uploadCourse();
        } else if (dice < 950) {
            uploadLargeCourse();
        } else if (dice < 970) {
            if (campaignDue()) {
                requestCampaign();
            } else {
                completeEpisode();
            }
        } else if (dice < 985) {
            updateCourse();
        } else if (users.size() < options.users()) {
            registerUser();
        } else {
            completeEpisode();
        }
    }

    // ---- catalogue ----------------------------------------------------------------------------

    private void publishCourse(int index) {
        String courseId = id();
        Market market = pick(MARKETS);
        int episodeCount = 4 + random.nextInt(7);
        List<EpisodeSummary> episodes = new ArrayList<>();
        for (int position = 1; position <= episodeCount; position++) {
            episodes.add(EpisodeSummary.newBuilder()
                    .setEpisodeId(id())
                    .setTitle("Part " + position)
                    .setPosition(position)
                    // The last episode is an optional bonus in about half of the courses.
                    .setRequired(position < episodeCount || random.nextBoolean())
                    .setDurationSeconds(300 + random.nextInt(1_500))
                    .build());
        }
        Course course = new Course(courseId, COURSE_TITLES.get(index % COURSE_TITLES.size()), market.locale(),
                money(market.priceMinor(), market.currency()), episodes);
        courses.add(course);
        emit(Topics.CATALOG_EVENTS, courseId, CoursePublished.newBuilder()
                .setMetadata(metadata())
                .setCourseId(courseId)
                .setTitle(course.title())
                .setLocale(course.locale())
                .setPrice(course.price())
                .setInstructorId(id())
                .setEpisodes(episodes)
                .build());
    }

    private void updateCourse() {
        int index = random.nextInt(courses.size());
        Course course = courses.get(index);
        int position = course.episodes().size() + 1;
        EpisodeSummary bonus = EpisodeSummary.newBuilder()
                .setEpisodeId(id())
                .setTitle("Bonus " + position)
                .setPosition(position)
                .setRequired(false)
                .setDurationSeconds(240 + random.nextInt(600))
                .build();
        List<EpisodeSummary> episodes = new ArrayList<>(course.episodes());
        episodes.add(bonus);
        courses.set(index, new Course(course.id(), course.title(), course.locale(), course.price(), episodes));
        emit(Topics.CATALOG_EVENTS, course.id(), EpisodePublished.newBuilder()
                .setMetadata(metadata())
                .setCourseId(course.id())
                .setEpisodeId(bonus.getEpisodeId())
                .setTitle(bonus.getTitle())
                .setPosition(position)
                .setRequired(false)
                .setDurationSeconds(bonus.getDurationSeconds())
                .build());
        emit(Topics.CATALOG_EVENTS, course.id(), CourseUpdated.newBuilder()
                .setMetadata(metadata())
                .setCourseId(course.id())
                .setTitle(course.title() + " (" + Instant.now(clock).atZone(clock.getZone()).getYear() + " edition)")
                .build());
    }

    // ---- users and referrals ------------------------------------------------------------------

    private void registerUser() {
        String userId = id();
        Market market = pick(MARKETS);
        String first = pick(FIRST_NAMES);
        String last = pick(LAST_NAMES);
        String email = (first + "." + last + "+" + users.size() + "@example.com").toLowerCase(Locale.ROOT);
        String ownCode = "REF-" + HexFormat.of().toHexDigits(random.nextInt()).toUpperCase(Locale.ROOT);
        String ip = "198.51.100." + (1 + random.nextInt(254));
        String device = "dev-" + HexFormat.of().toHexDigits(random.nextLong());

        User affiliate = !users.isEmpty() && random.nextInt(100) < 30 ? pick(users) : null;
        if (affiliate != null) {
            emit(Topics.REFERRAL_EVENTS, userId, ReferralClicked.newBuilder()
                    .setMetadata(metadata())
                    .setClickId(id())
                    .setReferredUserId(userId)
                    .setAffiliateId(affiliate.id)
                    .setReferralCode(affiliate.referralCode)
                    .setIpAddress(ip)
                    .setDeviceId(device)
                    .setLandingUrl("https://courses.example.com/?ref=" + affiliate.referralCode)
                    .build());
        }
        User user = new User(userId, email, first + " " + last, market, ownCode);
        users.add(user);
        emit(Topics.USER_EVENTS, userId, UserRegistered.newBuilder()
                .setMetadata(metadata())
                .setUserId(userId)
                .setEmail(email)
                .setDisplayName(user.name)
                .setLocaleSettings(localeSettings(market))
                .setCountry(market.country())
                .setReferralCode(affiliate == null ? null : affiliate.referralCode)
                .setOwnReferralCode(ownCode)
                .setIpAddress(ip)
                .setDeviceId(device)
                .setUserAgent("Mozilla/5.0 (demo-traffic)")
                .setMarketingOptIn(random.nextInt(100) < 60)
                .build());
        if (affiliate != null) {
            emit(Topics.REFERRAL_EVENTS, userId, ReferralCompleted.newBuilder()
                    .setMetadata(metadata())
                    .setReferredUserId(userId)
                    .setAffiliateId(affiliate.id)
                    .setReferralCode(affiliate.referralCode)
                    .build());
            if (!affiliate.payoutAccountLinked) {
                // An affiliate connects the account payouts go to once someone signed up through them.
                affiliate.payoutAccountLinked = true;
                emit(Topics.USER_EVENTS, affiliate.id, PayoutAccountLinked.newBuilder()
                        .setMetadata(metadata())
                        .setUserId(affiliate.id)
                        .setProvider(PaymentProvider.STRIPE)
                        .setAccountId("acct_" + affiliate.id.replace("-", "").substring(0, 16))
                        .build());
            }
        }
    }

    private void updateProfile() {
        User user = pick(users);
        emit(Topics.USER_EVENTS, user.id, UserProfileUpdated.newBuilder()
                .setMetadata(metadata())
                .setUserId(user.id)
                .setDisplayName(user.name + (random.nextBoolean() ? "" : " " + pick(LAST_NAMES)))
                .build());
    }

    private void changePreferences() {
        User user = pick(users);
        boolean unsubscribe = random.nextInt(100) < 70;
        emit(Topics.USER_EVENTS, user.id, NotificationPreferencesChanged.newBuilder()
                .setMetadata(metadata())
                .setUserId(user.id)
                .setCategory(random.nextBoolean() ? NotificationCategory.MARKETING : NotificationCategory.PRODUCT_UPDATES)
                .setChannel(NotificationChannel.EMAIL)
                .setSubscribed(!unsubscribe)
                .setSource(unsubscribe ? PreferenceChangeSource.UNSUBSCRIBE_LINK : PreferenceChangeSource.SETTINGS_PAGE)
                .build());
    }

    // ---- learning and payments ----------------------------------------------------------------

    private void enrol() {
        User user = pick(users);
        Course course = pick(courses);
        if (user.nextEpisode.containsKey(course.id())) {
            completeEpisode();
            return;
        }
        String transactionId = id();
        Money amount = money(user.market.priceMinor(), user.market.currency());
        PaymentProvider provider = random.nextInt(100) < 85 ? PaymentProvider.STRIPE : PaymentProvider.BINANCE_PAY;
        emit(Topics.PAYMENT_EVENTS, transactionId, PaymentInitiated.newBuilder()
                .setMetadata(metadata())
                .setTransactionId(transactionId)
                .setUserId(user.id)
                .setCourseId(course.id())
                .setAmount(amount)
                .setProvider(provider)
                .setPaymentMethodReference(provider == PaymentProvider.STRIPE ? stripeTestCard() : null)
                .setBuyer(BuyerDetails.newBuilder()
                        .setName(user.name)
                        .setEmail(user.email)
                        .setCountry(user.market.country())
                        .setLocale(user.market.locale())
                        .build())
                .setDescription(course.title())
                .build());
        refundable.add(new Payment(transactionId, user.id, amount));
        user.nextEpisode.put(course.id(), 0);
        emit(Topics.LEARNING_EVENTS, user.id, CourseEnrolled.newBuilder()
                .setMetadata(metadata())
                .setUserId(user.id)
                .setCourseId(course.id())
                .setSource("checkout")
                .setTransactionId(transactionId)
                .build());
    }

    /**
     * A Stripe test payment method (the local Stripe API server knows them): most cards are charged, some declined,
     * a few need 3-D Secure.
     */
    private String stripeTestCard() {
        int roll = random.nextInt(100);
        return roll < 90 ? "pm_card_visa" : roll < 97 ? "pm_card_chargeDeclined" : "pm_card_threeDSecure2Required";
    }

    private void refund() {
        if (refundable.isEmpty()) {
            enrol();
            return;
        }
        Payment payment = refundable.remove(random.nextInt(refundable.size()));
        emit(Topics.PAYMENT_EVENTS, payment.transactionId(), PaymentRefunded.newBuilder()
                .setMetadata(metadata())
                .setTransactionId(payment.transactionId())
                .setRefundId(id())
                .setUserId(payment.userId())
                .setAmount(payment.amount())
                .setReason(random.nextBoolean() ? "requested_by_customer" : "duplicate")
                .build());
    }

    private void completeEpisode() {
        List<User> learners = users.stream().filter(user -> !user.nextEpisode.isEmpty()).toList();
        if (learners.isEmpty()) {
            enrol();
            return;
        }
        User user = pick(learners);
        String courseId = pick(new ArrayList<>(user.nextEpisode.keySet()));
        Course course = courses.stream().filter(candidate -> candidate.id().equals(courseId)).findFirst().orElseThrow();
        int next = user.nextEpisode.get(courseId);
        EpisodeSummary episode = course.episodes().get(next);
        emit(Topics.LEARNING_EVENTS, user.id, EpisodeCompleted.newBuilder()
                .setMetadata(metadata())
                .setUserId(user.id)
                .setCourseId(courseId)
                .setEpisodeId(episode.getEpisodeId())
                .setWatchedSeconds(episode.getDurationSeconds() - random.nextInt(30))
                .build());
        episodeCounter.merge(user.id, 1, Integer::sum);
        if (next + 1 < course.episodes().size()) {
            user.nextEpisode.put(courseId, next + 1);
            return;
        }
        user.nextEpisode.remove(courseId);
        emit(Topics.LEARNING_EVENTS, user.id, CourseCompleted.newBuilder()
                .setMetadata(metadata())
                .setUserId(user.id)
                .setCourseId(courseId)
                .setCompletedEpisodes(course.episodes().size())
                .setCompletedEpisodeIds(course.episodes().stream().map(EpisodeSummary::getEpisodeId).toList())
                .setDetectedBy("player")
                .build());
    }

    private void unlockAchievement() {
        User user = pick(users);
        String achievementId = id();
        user.achievements.add(achievementId);
        emit(Topics.LEARNING_EVENTS, user.id, AchievementUnlocked.newBuilder()
                .setMetadata(metadata())
                .setUserId(user.id)
                .setAchievementId(achievementId)
                .setAchievementType(pick(ACHIEVEMENTS))
                .build());
    }

    private void revokeAchievement() {
        List<User> holders = users.stream().filter(user -> !user.achievements.isEmpty()).toList();
        if (holders.isEmpty()) {
            unlockAchievement();
            return;
        }
        User user = pick(holders);
        String achievementId = user.achievements.remove(random.nextInt(user.achievements.size()));
        emit(Topics.LEARNING_EVENTS, user.id, AchievementRevoked.newBuilder()
                .setMetadata(metadata())
                .setUserId(user.id)
                .setAchievementId(achievementId)
                .setReason("awarded in error")
                .setRevokedBy("support")
                .build());
    }

    // ---- media, uploads, campaigns ------------------------------------------------------------

    private void uploadMedia() {
        String mediaId = id();
        boolean video = random.nextInt(100) < 30;
        String fileName = video ? "lesson-" + random.nextInt(100) + ".mp4" : "cover-" + random.nextInt(100) + ".jpg";
        emit(Topics.MEDIA_EVENTS, mediaId, MediaUploaded.newBuilder()
                .setMetadata(metadata())
                .setMediaId(mediaId)
                .setOwnerId(pick(users).id)
                .setCourseId(pick(courses).id())
                .setKind(video ? MediaKind.VIDEO : MediaKind.IMAGE)
                .setBucket(BUCKET)
                .setObjectKey("media/" + mediaId + "/" + fileName)
                .setFileName(fileName)
                .setContentType(video ? "video/mp4" : "image/jpeg")
                .setSizeBytes(video ? 20_000_000L + random.nextInt(50_000_000) : 200_000L + random.nextInt(3_000_000))
                .setSha256(sha256Like())
                .build());
    }

    private void uploadCourse() {
        String uploadId = id();
        emit(Topics.UPLOAD_EVENTS, uploadId, CourseUploadCompleted.newBuilder()
                .setMetadata(metadata())
                .setUploadId(uploadId)
                .setCourseId(pick(courses).id())
                .setUploaderId(pick(users).id)
                .setBucket(BUCKET)
                .setObjectKey("uploads/" + uploadId + "/course.zip")
                .setFileName("course.zip")
                .setContentType("application/zip")
                .setSizeBytes(1_000_000L + random.nextInt(40_000_000))
                .setSha256(sha256Like())
                .build());
    }

    private void uploadLargeCourse() {
        String uploadId = id();
        long chunkSize = 8L * 1024 * 1024;
        int chunks = 3 + random.nextInt(6);
        emit(Topics.UPLOAD_EVENTS, uploadId, LargeCourseUploadStarted.newBuilder()
                .setMetadata(metadata())
                .setUploadId(uploadId)
                .setCourseId(pick(courses).id())
                .setUploaderId(pick(users).id)
                .setFileName("course-archive.zip")
                .setContentType("application/zip")
                .setBucket(BUCKET)
                .setTotalSizeBytes(chunkSize * chunks)
                .setChunkSizeBytes(chunkSize)
                .setTotalChunks(chunks)
                .setSha256(sha256Like())
                .build());
        for (int index = 0; index < chunks; index++) {
            emit(Topics.UPLOAD_EVENTS, uploadId, UploadChunkReceived.newBuilder()
                    .setMetadata(metadata())
                    .setUploadId(uploadId)
                    .setChunkIndex(index)
                    .setSizeBytes(chunkSize)
                    .setObjectKey("uploads/" + uploadId + "/chunks/" + index)
                    .setSha256(sha256Like())
                    .build());
        }
    }

    private boolean campaignDue() {
        return lastCampaign == null || !clock.instant().isBefore(lastCampaign.plus(CAMPAIGN_INTERVAL));
    }

    private void requestCampaign() {
        lastCampaign = clock.instant();
        String campaignId = id();
        boolean enrolledOnly = random.nextBoolean();
        emit(Topics.CAMPAIGN_EVENTS, campaignId, BulkNotificationRequested.newBuilder()
                .setMetadata(metadata())
                .setCampaignId(campaignId)
                .setRequestedBy("admin@example.com")
                .setAudience(CampaignAudience.newBuilder()
                        .setKind(enrolledOnly ? AudienceKind.ENROLLED_IN_COURSE : AudienceKind.ALL)
                        .setCourseId(enrolledOnly ? pick(courses).id() : null)
                        .build())
                .setChannels(List.of(NotificationChannel.EMAIL, NotificationChannel.IN_APP))
                .setCategory(NotificationCategory.PRODUCT_UPDATES)
                .setCritical(false)
                // The workers' generic campaign template: the admin's subject and text in the shared layout.
                .setTemplateId("campaign")
                .setSubject("New episodes are live")
                .setBody("New episodes of your courses are live.\n\nPick up where you left off.")
                .build());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void emit(Topic<String, SpecificRecord> topic, String key, SpecificRecord value) {
        pending.add(new DemoEvent(topic, key, value, clock.millis()));
    }

    private EventMetadata metadata() {
        String eventId = id();
        EventMetadata metadata = EventMetadata.newBuilder()
                .setEventId(UUID.fromString(eventId))
                .setOccurredAt(Instant.ofEpochMilli(clock.millis()))
                .setCorrelationId(eventId)
                .setCausationId(lastEventId)
                .setProducer(PRODUCER)
                .build();
        lastEventId = eventId;
        return metadata;
    }

    /** A random (version 4) UUID drawn from the seeded generator, so ids repeat with the seed. */
    private String id() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    private String sha256Like() {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return HexFormat.of().formatHex(digest);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static Money money(long minor, String currency) {
        return Money.newBuilder().setAmountMinor(minor).setCurrency(currency).build();
    }

    private static LocaleSettings localeSettings(Market market) {
        return LocaleSettings.newBuilder().setLocale(market.locale()).setTimezone(market.timezone()).build();
    }
}
