package io.coursestream.topology.testing;

import static io.coursestream.topology.testing.InputEvents.id;
import static io.coursestream.topology.testing.InputEvents.metadata;

import java.time.Instant;
import java.util.UUID;

import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.points.LevelChangeDirection;
import io.coursestream.schemas.points.UserLevelChanged;
import io.coursestream.schemas.users.PayoutAccountLinked;
import io.coursestream.schemas.users.UserRegistered;

/** Events the affiliate topology reads, valid for the input rules; every id not given is fresh per call. */
public final class AffiliateFixtures {

    private AffiliateFixtures() {
    }

    /** A user's own referral code in these fixtures. */
    public static String codeOf(String userId) {
        return "CODE-" + userId.substring(0, 8).toUpperCase(java.util.Locale.ROOT);
    }

    public static UserRegistered registered(String userId, String email, String referralCode, String ipAddress,
            String deviceId, Instant at) {
        return UserRegistered.newBuilder()
                .setMetadata(metadata(at))
                .setUserId(userId)
                .setEmail(email)
                .setDisplayName("User " + userId.substring(0, 8))
                .setLocaleSettings(new LocaleSettings("en-GB", "Europe/London"))
                .setCountry("GB")
                .setReferralCode(referralCode)
                .setOwnReferralCode(codeOf(userId))
                .setIpAddress(ipAddress)
                .setDeviceId(deviceId)
                .setUserAgent("Mozilla/5.0")
                .setMarketingOptIn(false)
                .build();
    }

    public static ReferralClicked clicked(String referredUserId, String affiliateId, String ipAddress, String deviceId,
            Instant at) {
        return ReferralClicked.newBuilder()
                .setMetadata(metadata(at))
                .setClickId(id())
                .setReferredUserId(referredUserId)
                .setAffiliateId(affiliateId)
                .setReferralCode(codeOf(affiliateId))
                .setIpAddress(ipAddress)
                .setDeviceId(deviceId)
                .setUserAgent(null)
                .setLandingUrl(null)
                .build();
    }

    public static ReferralCompleted completed(String referredUserId, String affiliateId, Instant at) {
        return ReferralCompleted.newBuilder()
                .setMetadata(metadata(at))
                .setReferredUserId(referredUserId)
                .setVisitorId(null)
                .setAffiliateId(affiliateId)
                .setReferralCode(codeOf(affiliateId))
                .build();
    }

    public static PaymentSucceeded succeeded(String transactionId, String userId, String buyerEmail, Money amount,
            Instant at) {
        return PaymentSucceeded.newBuilder()
                .setMetadata(EventMetadata.newBuilder(metadata(at)).setProducer("stream-processor").build())
                .setTransactionId(transactionId)
                .setUserId(userId)
                .setCourseId("course-kafka")
                .setAmount(amount)
                .setProvider(PaymentProvider.STRIPE)
                .setProviderReference("pi_" + transactionId.substring(0, 8))
                .setBuyer(BuyerDetails.newBuilder()
                        .setName("Buyer")
                        .setEmail(buyerEmail)
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
                .setSucceededAt(at)
                .build();
    }

    public static PaymentRefunded refunded(String transactionId, String userId, Money amount, Instant at) {
        return PaymentRefunded.newBuilder()
                .setMetadata(metadata(at))
                .setTransactionId(transactionId)
                .setRefundId(id())
                .setUserId(userId)
                .setAmount(amount)
                .setReason("requested_by_customer")
                .setProviderRefundReference(null)
                .build();
    }

    public static UserLevelChanged levelChanged(String userId, int previousLevel, int newLevel, Instant at) {
        return UserLevelChanged.newBuilder()
                .setMetadata(EventMetadata.newBuilder(metadata(at)).setProducer("stream-processor").build())
                .setUserId(userId)
                .setPreviousLevel(previousLevel)
                .setNewLevel(newLevel)
                .setDirection(newLevel >= previousLevel ? LevelChangeDirection.UP : LevelChangeDirection.DOWN)
                .setTotalPoints(newLevel * 100L)
                .setLevelCurveVersion(null)
                .setCausedByEntryId(null)
                .setCommandId(null)
                .build();
    }

    public static PayoutAccountLinked payoutAccountLinked(String userId, String accountId, Instant at) {
        return PayoutAccountLinked.newBuilder()
                .setMetadata(metadata(at))
                .setUserId(userId)
                .setProvider(PaymentProvider.STRIPE)
                .setAccountId(accountId)
                .build();
    }

    public static ReviewConversion review(String conversionId, ReviewDecision decision, String reviewedBy, Instant at) {
        return ReviewConversion.newBuilder()
                .setMetadata(EventMetadata.newBuilder(metadata(at)).setProducer("admin").build())
                .setCommandId(UUID.randomUUID().toString())
                .setConversionId(conversionId)
                .setDecision(decision)
                .setReviewedBy(reviewedBy)
                .setNote(decision == ReviewDecision.DECLINE ? "same household" : null)
                .build();
    }

    public static ProcessCommissions processCommissions(Instant asOf, String currency, String affiliateId,
            boolean dryRun, Instant at) {
        return ProcessCommissions.newBuilder()
                .setMetadata(EventMetadata.newBuilder(metadata(at)).setProducer("admin").build())
                .setCommandId(UUID.randomUUID().toString())
                .setRequestedBy("ops@example.org")
                .setAsOf(asOf)
                .setCurrency(currency)
                .setAffiliateId(affiliateId)
                .setDryRun(dryRun)
                .build();
    }
}
