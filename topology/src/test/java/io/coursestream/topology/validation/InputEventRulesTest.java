// Tier: unit (the input rule book applied to events, no Kafka).
package io.coursestream.topology.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.media.MediaKind;
import io.coursestream.schemas.media.MediaUploaded;
import io.coursestream.schemas.notifications.AudienceKind;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignAudience;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.uploads.LargeCourseUploadStarted;
import io.coursestream.schemas.uploads.UploadChunkReceived;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.InputEvents.KeyedEvent;

class InputEventRulesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final RuleBook RULES = InputEventRules.ruleBook();

    static Stream<KeyedEvent> validEvents() {
        return InputEvents.oneOfEveryType(T0).stream();
    }

    @ParameterizedTest
    @MethodSource("validEvents")
    void shouldAcceptAValidEventOfEveryInputType(KeyedEvent valid) {
        assertThat(violations(valid.event(), valid.key())).isEmpty();
    }

    @Test
    void shouldHaveRulesForEveryTypeOnEveryInputTopic() {
        assertThat(RULES.types()).containsExactlyInAnyOrderElementsOf(
                Topics.inputs().stream().flatMap(topic -> topic.valueSchemas().stream()).toList());
        assertThat(InputEventRules.AGGREGATE_ID_FIELDS.keySet())
                .containsExactlyInAnyOrderElementsOf(Topics.inputs().stream().map(topic -> topic.name()).toList());
    }

    @Test
    void shouldFindTheSharedTypeContractsInTheSchemas() {
        assertThat(ruleIds(PaymentInitiated.class)).contains("amount.currency:currency-code");
        assertThat(ruleIds(CoursePublished.class)).contains("price.currency:currency-code");
        assertThat(ruleIds(UserRegistered.class))
                .contains("localeSettings.locale:language-tag", "localeSettings.timezone:time-zone");
        assertThat(ruleIds(UserProfileUpdated.class)).contains("localeSettings.timezone:time-zone");
    }

    @Test
    void shouldRejectARegistrationWithAnOffsetForATimeZoneAndAnUnderscoreLocale() {
        // given
        String userId = InputEvents.id();
        UserRegistered registration = UserRegistered.newBuilder(InputEvents.userRegistered(userId, T0))
                .setLocaleSettings(new LocaleSettings("en_US", "+02:00"))
                .build();

        // when
        List<String> broken = ruleIdsOf(violations(registration, userId));

        // then
        assertThat(broken).containsExactly("localeSettings.locale:language-tag", "localeSettings.timezone:time-zone");
    }

    @Test
    void shouldRejectARegistrationWithoutAProperEmailOrIp() {
        String userId = InputEvents.id();
        UserRegistered registration = UserRegistered.newBuilder(InputEvents.userRegistered(userId, T0))
                .setEmail("ada.example.org")
                .setIpAddress("localhost")
                .build();

        assertThat(ruleIdsOf(violations(registration, userId))).containsExactly("email:email", "ipAddress:ip-address");
    }

    @Test
    void shouldCheckOptionalFieldsOnlyWhenPresent() {
        // given a profile update that changes nothing but the display name
        String userId = InputEvents.id();
        UserProfileUpdated update = UserProfileUpdated.newBuilder(InputEvents.userProfileUpdated(userId, T0))
                .setEmail(null).setLocaleSettings(null).setCountry(null)
                .build();
        UserProfileUpdated badCountry = UserProfileUpdated.newBuilder(update).setCountry("Germany").build();

        // then
        assertThat(violations(update, userId)).isEmpty();
        assertThat(ruleIdsOf(violations(badCountry, userId))).containsExactly("country:country-code");
    }

    @Test
    void shouldRejectARefundOfZeroAndABuyerWithoutCountryCode() {
        String transactionId = InputEvents.id();
        PaymentRefunded refund = PaymentRefunded.newBuilder(InputEvents.paymentRefunded(transactionId, T0))
                .setAmount(new Money(0L, "EUR"))
                .build();
        PaymentInitiated payment = PaymentInitiated.newBuilder(InputEvents.paymentInitiated(transactionId, T0))
                .setBuyer(BuyerDetails.newBuilder(InputEvents.paymentInitiated(transactionId, T0).getBuyer())
                        .setCountry("Deutschland").setLocale("german").build())
                .build();

        assertThat(ruleIdsOf(violations(refund, transactionId))).containsExactly("amount.amountMinor:positive");
        assertThat(ruleIdsOf(violations(payment, transactionId)))
                .containsExactly("buyer.country:country-code", "buyer.locale:language-tag");
    }

    @Test
    void shouldRejectAPaymentKeyedByAnotherTransaction() {
        String transactionId = InputEvents.id();

        assertThat(ruleIdsOf(violations(InputEvents.paymentInitiated(transactionId, T0), InputEvents.id())))
                .containsExactly("transactionId:record-key");
        assertThat(ruleIdsOf(violations(InputEvents.paymentInitiated(transactionId, T0), null)))
                .containsExactly("transactionId:record-key");
    }

    @Test
    void shouldRejectEventsFromBeforeThePlatformOrTooFarAheadOfTheirRecord() {
        String userId = InputEvents.id();

        assertThat(ruleIdsOf(violations(InputEvents.userRegistered(userId, Instant.parse("1999-12-31T23:59:59Z")), userId)))
                .containsExactly("metadata.occurredAt:plausible-instant");
        assertThat(ruleIdsOf(violations(InputEvents.userRegistered(userId, T0.plusSeconds(3_601)), userId)))
                .containsExactly("metadata.occurredAt:plausible-instant");
        assertThat(violations(InputEvents.userRegistered(userId, T0.plusSeconds(3_600)), userId)).isEmpty();
    }

    @Test
    void shouldRejectAChunkedUploadWhoseChunkCountDoesNotCoverItsSize() {
        String uploadId = InputEvents.id();
        LargeCourseUploadStarted valid = InputEvents.largeCourseUploadStarted(uploadId, T0); // 25 MB in 10 MB chunks
        LargeCourseUploadStarted tooFew = LargeCourseUploadStarted.newBuilder(valid).setTotalChunks(2).build();
        LargeCourseUploadStarted zeroChunkSize = LargeCourseUploadStarted.newBuilder(valid).setChunkSizeBytes(0L).build();

        assertThat(ruleIdsOf(violations(tooFew, uploadId))).containsExactly("chunk-count-matches-size");
        assertThat(ruleIdsOf(violations(zeroChunkSize, uploadId))).containsExactly("chunkSizeBytes:positive");
    }

    @Test
    void shouldRejectANegativeChunkIndexAndAnUpperCaseDigest() {
        String uploadId = InputEvents.id();
        UploadChunkReceived chunk = UploadChunkReceived.newBuilder(InputEvents.uploadChunkReceived(uploadId, T0))
                .setChunkIndex(-1)
                .setSha256("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")
                .build();

        assertThat(ruleIdsOf(violations(chunk, uploadId))).containsExactly("chunkIndex:non-negative", "sha256:sha256-hex");
    }

    @Test
    void shouldRejectAVideoUploadedAsAnImage() {
        String mediaId = InputEvents.id();
        MediaUploaded video = MediaUploaded.newBuilder(InputEvents.mediaUploaded(mediaId, T0))
                .setKind(MediaKind.VIDEO)
                .build();

        assertThat(ruleIdsOf(violations(video, mediaId))).containsExactly("content-type-matches-kind");
    }

    @Test
    void shouldRejectACampaignForACourseThatNamesNoCourse() {
        String campaignId = InputEvents.id();
        BulkNotificationRequested campaign = BulkNotificationRequested.newBuilder(
                        InputEvents.bulkNotificationRequested(campaignId, T0))
                .setAudience(new CampaignAudience(AudienceKind.ENROLLED_IN_COURSE, null, null, null))
                .setChannels(List.of())
                .build();

        assertThat(ruleIdsOf(violations(campaign, campaignId)))
                .containsExactly("channels:not-empty", "audience-names-its-selection");
    }

    @Test
    void shouldRejectAnEpisodeWithoutIdInsideAPublishedCourse() {
        String courseId = InputEvents.id();
        CoursePublished course = InputEvents.coursePublished(courseId, T0);
        CoursePublished broken = CoursePublished.newBuilder(course)
                .setEpisodes(List.of(course.getEpisodes().get(0),
                        io.coursestream.schemas.courses.EpisodeSummary.newBuilder(course.getEpisodes().get(1))
                                .setEpisodeId(" ").build()))
                .build();

        assertThat(violations(broken, courseId)).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo("episodes[].episodeId:non-blank");
            assertThat(violation.message()).isEqualTo("episodes[].episodeId must be a non-blank string, was ' '");
        });
    }

    private static List<Violation> violations(SpecificRecord event, String key) {
        return RULES.check(event, new Arrival("any", key, T0.toEpochMilli()));
    }

    private static List<String> ruleIdsOf(List<Violation> violations) {
        return violations.stream().map(Violation::rule).toList();
    }

    private static List<String> ruleIds(Class<?> type) {
        return RULES.rulesFor(type).stream().map(Object::toString).toList();
    }
}
