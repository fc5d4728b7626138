// Tier: unit (rule book construction and field paths, no Kafka).
package io.coursestream.topology.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.testing.InputEvents;

class RuleBookTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void shouldRefuseAPathNamingNoField() {
        assertThatThrownBy(() -> RuleBook.builder().type(UserRegistered.class, rules -> rules.field("mail", FieldCheck.EMAIL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no field 'mail' in io.coursestream.schemas.users.UserRegistered");
    }

    @Test
    void shouldRefuseACheckThatCannotReadTheField() {
        assertThatThrownBy(() -> RuleBook.builder().type(UserRegistered.class, rules -> rules.field("email", FieldCheck.POSITIVE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("check POSITIVE does not apply");
        assertThatThrownBy(() -> RuleBook.builder()
                .type(UserRegistered.class, rules -> rules.field("metadata.occurredAt", FieldCheck.NON_NEGATIVE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseEachElementOfAFieldThatIsNotAnArray() {
        assertThatThrownBy(() -> FieldPath.resolve(UserRegistered.getClassSchema(), "email[]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'email' is not an array");
    }

    @Test
    void shouldFindNestedOptionalAndRepeatedValues() {
        // given
        CoursePublished course = InputEvents.coursePublished("course-1", T0);
        UserProfileUpdated noLocale = UserProfileUpdated.newBuilder(InputEvents.userProfileUpdated("user-1", T0))
                .setLocaleSettings(null).build();

        // when / then
        assertThat(FieldPath.resolve(CoursePublished.getClassSchema(), "episodes[].episodeId").valuesIn(course))
                .containsExactly("episode-1", "episode-2");
        assertThat(FieldPath.resolve(CoursePublished.getClassSchema(), "price.currency").valuesIn(course))
                .containsExactly("EUR");
        assertThat(FieldPath.resolve(UserProfileUpdated.getClassSchema(), "localeSettings.locale").valuesIn(noLocale))
                .isEmpty();
    }

    @Test
    void shouldReportEveryBrokenRuleInDeclarationOrder() {
        // given
        RuleBook book = RuleBook.builder()
                .type(UserRegistered.class, rules -> rules
                        .field("email", FieldCheck.EMAIL)
                        .field("displayName", FieldCheck.NON_BLANK)
                        .rule("no-self-referral", "referralCode must differ from ownReferralCode",
                                user -> !user.getOwnReferralCode().equals(user.getReferralCode())))
                .build();
        UserRegistered user = UserRegistered.newBuilder(InputEvents.userRegistered("user-1", T0))
                .setEmail("nope").setDisplayName("").setReferralCode("ADA-1815").build();

        // when
        List<Violation> violations = book.check(user, new Arrival("users.user-events", "user-1", T0.toEpochMilli()));

        // then
        assertThat(violations).extracting(Violation::rule)
                .containsExactly("email:email", "displayName:non-blank", "no-self-referral");
        assertThat(violations.get(0).message()).isEqualTo("email must be an e-mail address, was 'nope'");
        assertThat(violations.get(2).message()).isEqualTo("referralCode must differ from ownReferralCode");
    }
}
