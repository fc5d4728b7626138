package io.coursestream.topology.notifications;

import java.util.IllformedLocaleException;
import java.util.Locale;

import io.coursestream.schemas.notifications.CampaignAudience;

/**
 * Is a user in a campaign's audience? The rule of {@link CampaignAudience}, asked of what the campaign fan-out knows
 * about one user ({@link Member}).
 *
 * <ul>
 *   <li>ALL: everyone.</li>
 *   <li>ENROLLED_IN_COURSE: users enrolled in {@code courseId}.</li>
 *   <li>LEVEL_AT_LEAST: users whose points level is at least {@code minLevel}; a user without points is level 1,
 *   where every level curve starts.</li>
 *   <li>LOCALE: users whose locale matches {@code locale} ({@link #localeMatches}); a user whose locale is unknown
 *   is in no locale audience.</li>
 *   <li>UNKNOWN (a kind added after this reader) and a kind without its selection (validation refuses those): nobody.
 *   Guessing would send to people the administrator did not pick, and sends cannot be taken back.</li>
 * </ul>
 */
public final class CampaignAudiences {

    /** What the audience rules need to know about one user; asked lazily, so each answer may cost a store read. */
    public interface Member {

        /** The user's BCP 47 locale tag; null while unknown. */
        String locale();

        /** The user's points level, 1 without points. */
        int level();

        boolean enrolledIn(String courseId);
    }

    private CampaignAudiences() {
    }

    public static boolean includes(CampaignAudience audience, Member member) {
        if (audience == null || audience.getKind() == null) {
            return false;
        }
        return switch (audience.getKind()) {
            case ALL -> true;
            case ENROLLED_IN_COURSE -> audience.getCourseId() != null && member.enrolledIn(audience.getCourseId());
            case LEVEL_AT_LEAST -> audience.getMinLevel() != null && member.level() >= audience.getMinLevel();
            case LOCALE -> audience.getLocale() != null && localeMatches(audience.getLocale(), member.locale());
            default -> false;
        };
    }

    /**
     * Does a user's locale fall under an audience's tag? Every subtag the audience names (language, script, region,
     * variant) must be the user's, compared case-insensitively with {@code _} read as {@code -}; what it leaves out
     * matches anything. So {@code de} takes {@code de-DE} and {@code de-AT}, {@code de-AT} takes only Austrian
     * German, {@code zh-Hant} takes {@code zh-Hant-TW}. An unparsable tag on either side matches nothing.
     */
    public static boolean localeMatches(String audienceTag, String userTag) {
        Locale audience = parse(audienceTag);
        Locale user = parse(userTag);
        if (audience == null || user == null || audience.getLanguage().isEmpty()) {
            return false;
        }
        return audience.getLanguage().equals(user.getLanguage())
                && named(audience.getScript(), user.getScript())
                && named(audience.getCountry(), user.getCountry())
                && named(audience.getVariant(), user.getVariant());
    }

    private static boolean named(String audiencePart, String userPart) {
        return audiencePart.isEmpty() || audiencePart.equalsIgnoreCase(userPart);
    }

    private static Locale parse(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        try {
            return new Locale.Builder().setLanguageTag(tag.trim().replace('_', '-')).build();
        } catch (IllformedLocaleException e) {
            return null;
        }
    }
}
