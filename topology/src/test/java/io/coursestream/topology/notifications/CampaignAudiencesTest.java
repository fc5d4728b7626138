// Tier: unit (the audience rules, no Kafka).
package io.coursestream.topology.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.coursestream.schemas.notifications.AudienceKind;
import io.coursestream.schemas.notifications.CampaignAudience;

/** Who is in a campaign's audience, for every kind, and how locale tags match. */
class CampaignAudiencesTest {

    private static final String KAFKA = "course-kafka";

    @Test
    void shouldTakeEveryoneIntoAnAllAudience() {
        assertThat(includes(audience(AudienceKind.ALL, null, null, null), member(null, 1, Set.of()))).isTrue();
    }

    @Test
    void shouldTakeOnlyTheCoursesLearnersIntoAnEnrolledAudience() {
        CampaignAudience audience = audience(AudienceKind.ENROLLED_IN_COURSE, KAFKA, null, null);

        assertThat(includes(audience, member("en", 1, Set.of(KAFKA, "course-avro")))).isTrue();
        assertThat(includes(audience, member("en", 1, Set.of("course-avro")))).isFalse();
    }

    @Test
    void shouldTakeUsersFromTheMinimumLevelUpIntoALevelAudience() {
        CampaignAudience audience = audience(AudienceKind.LEVEL_AT_LEAST, null, 3, null);

        assertThat(includes(audience, member("en", 2, Set.of()))).isFalse();
        assertThat(includes(audience, member("en", 3, Set.of()))).isTrue();
        assertThat(includes(audience, member("en", 7, Set.of()))).isTrue();
        assertThat(includes(audience(AudienceKind.LEVEL_AT_LEAST, null, 1, null), member(null, 1, Set.of())))
                .isTrue();
    }

    @Test
    void shouldTakeUsersWhoseLocaleMatchesIntoALocaleAudience() {
        CampaignAudience german = audience(AudienceKind.LOCALE, null, null, "de");

        assertThat(includes(german, member("de-AT", 1, Set.of()))).isTrue();
        assertThat(includes(german, member("en-GB", 1, Set.of()))).isFalse();
        assertThat(includes(german, member(null, 1, Set.of()))).isFalse();
    }

    @ParameterizedTest(name = "{0} takes {1}: {2}")
    @CsvSource({
            "de, de, true",
            "de, de-DE, true",
            "de, de-AT, true",
            "de, DE_ch, true",
            "de-AT, de-AT, true",
            "de-at, de-AT, true",
            "de-AT, de-DE, false",
            "de-AT, de, false",
            "de, en-GB, false",
            "en, en-GB, true",
            "zh-Hant, zh-Hant-TW, true",
            "zh-Hant, zh-Hans-CN, false",
            "zh-Hant, zh-TW, false",
            "de, not a tag, false",
            "'', de, false"})
    void shouldMatchEverySubtagTheAudienceNamesAndNothingItLeavesOut(String audienceTag, String userTag,
            boolean matches) {
        assertThat(CampaignAudiences.localeMatches(audienceTag, userTag)).isEqualTo(matches);
    }

    @Test
    void shouldTakeNobodyIntoAnAudienceOfAKindThisReaderDoesNotKnowOrWithoutItsSelection() {
        Member everyone = member("de-DE", 9, Set.of(KAFKA));

        assertThat(includes(audience(AudienceKind.UNKNOWN, KAFKA, 1, "de"), everyone)).isFalse();
        assertThat(includes(audience(AudienceKind.ENROLLED_IN_COURSE, null, null, null), everyone)).isFalse();
        assertThat(includes(audience(AudienceKind.LEVEL_AT_LEAST, null, null, null), everyone)).isFalse();
        assertThat(includes(audience(AudienceKind.LOCALE, null, null, null), everyone)).isFalse();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private interface Member extends CampaignAudiences.Member {
    }

    private static boolean includes(CampaignAudience audience, Member member) {
        return CampaignAudiences.includes(audience, member);
    }

    private static CampaignAudience audience(AudienceKind kind, String courseId, Integer minLevel, String locale) {
        return new CampaignAudience(kind, courseId, minLevel, locale);
    }

    private static Member member(String locale, int level, Set<String> courses) {
        return new Member() {
            @Override
            public String locale() {
                return locale;
            }

            @Override
            public int level() {
                return level;
            }

            @Override
            public boolean enrolledIn(String courseId) {
                return courses.contains(courseId);
            }
        };
    }
}
