package io.coursestream.workers.notifications;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The content of a welcome mail, as the SendWelcomeEmail job carries it.
 *
 * @param userId          the new user
 * @param email           their address
 * @param displayName     the name to greet them with
 * @param languageTag     their IETF locale
 * @param timezone        their IANA zone
 * @param referralCode    their own referral code (the link is built from {@code coursestream.notifications.site-url})
 * @param recommendations courses to recommend, best first; may be empty
 * @param terms           the affiliate program terms to explain
 * @param registeredAt    when they registered
 */
public record WelcomeMail(String userId, String email, String displayName, String languageTag, String timezone,
        String referralCode, List<Recommendation> recommendations, AffiliateTerms terms, Instant registeredAt) {

    public WelcomeMail {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(referralCode, "referralCode");
        Objects.requireNonNull(terms, "terms");
        recommendations = List.copyOf(recommendations);
    }

    /**
     * A recommended course.
     *
     * @param courseId   its id, for the link
     * @param title      its title
     * @param enrolments learners enrolled, shown as social proof
     */
    public record Recommendation(String courseId, String title, long enrolments) {
    }

    /**
     * The affiliate program in three numbers.
     *
     * @param commissionRate       the first-tier commission as a fraction (0.20 for 20 %)
     * @param holdDays             days a commission is held before approval (refunds reverse it meanwhile)
     * @param payoutThresholdMinor the approved balance from which a payout is made, in minor units
     * @param currency             the ISO 4217 currency of the threshold
     */
    public record AffiliateTerms(BigDecimal commissionRate, int holdDays, long payoutThresholdMinor, String currency) {
    }
}
