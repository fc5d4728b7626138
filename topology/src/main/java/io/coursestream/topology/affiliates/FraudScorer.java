package io.coursestream.topology.affiliates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.coursestream.schemas.affiliates.AffiliateRiskState;
import io.coursestream.schemas.affiliates.ConversionCandidate;
import io.coursestream.schemas.affiliates.FraudFingerprint;
import io.coursestream.schemas.affiliates.RecentConversion;

/**
 * The fraud rules a conversion is scored by, without Kafka. Each matched rule adds its weight
 * ({@link AffiliateSettings.Fraud}) and a reason {@code CODE: detail}; the score is the capped sum, and a conversion
 * scoring at least the threshold is flagged.
 *
 * <ul>
 *   <li>{@link Rule#SELF_REFERRAL_USER}: the buyer is the credited affiliate.</li>
 *   <li>{@link Rule#SELF_REFERRAL_EMAIL}: the buyer's registration or checkout e-mail is the affiliate's registration
 *       e-mail, compared case-insensitively (as hashes).</li>
 *   <li>{@link Rule#SELF_REFERRAL_IP}, {@link Rule#SELF_REFERRAL_DEVICE}: the buyer registered, or clicked the
 *       credited link, from the affiliate's registration IP or device.</li>
 *   <li>{@link Rule#VELOCITY_IP}, {@link Rule#VELOCITY_DEVICE}: with this one, more than
 *       {@code velocityMaxConversions} conversions of the affiliate came from the buyer's IP (or device) within
 *       {@code velocityWindow} before it (event time). The buyer's IP and device are their registration's, else the
 *       click's.</li>
 *   <li>{@link Rule#DUPLICATE_TRANSACTION}: a second payment event for a converted transaction; always flagged.</li>
 * </ul>
 */
final class FraudScorer {

    /** The rules, by the code their reasons start with. */
    enum Rule {
        SELF_REFERRAL_USER, SELF_REFERRAL_EMAIL, SELF_REFERRAL_IP, SELF_REFERRAL_DEVICE, VELOCITY_IP, VELOCITY_DEVICE,
        DUPLICATE_TRANSACTION
    }

    /** A score with its reasons; {@code flagged} when it reaches the threshold. */
    record Score(int score, int threshold, List<String> reasons) {

        boolean flagged() {
            return score >= threshold;
        }
    }

    private static final int MAX_SCORE = 100;
    /** Recent conversions kept per affiliate whatever the window: bounds the state of a very busy affiliate. */
    static final int MAX_RECENT = 1_000;

    private FraudScorer() {
    }

    /** The score of a (non-duplicate) conversion given what is known of its affiliate. */
    static Score score(ConversionCandidate candidate, AffiliateRiskState risk, AffiliateSettings settings) {
        AffiliateSettings.Fraud fraud = settings.fraud();
        List<String> reasons = new ArrayList<>();
        int score = 0;
        if (candidate.getReferredUserId().equals(candidate.getAffiliateId())) {
            score += fraud.selfReferralUserWeight();
            reasons.add(reason(Rule.SELF_REFERRAL_USER, "buyer " + candidate.getReferredUserId()
                    + " is the affiliate"));
        }
        FraudFingerprint affiliate = risk.getFingerprint();
        if (affiliate != null) {
            if (affiliate.getEmailHash() != null && buyerEmails(candidate).contains(affiliate.getEmailHash())) {
                score += fraud.selfReferralEmailWeight();
                reasons.add(reason(Rule.SELF_REFERRAL_EMAIL, "buyer uses the affiliate's e-mail address"));
            }
            if (affiliate.getIpAddress() != null && buyerIps(candidate).contains(affiliate.getIpAddress())) {
                score += fraud.selfReferralIpWeight();
                reasons.add(reason(Rule.SELF_REFERRAL_IP, "buyer used the affiliate's registration IP "
                        + affiliate.getIpAddress()));
            }
            if (affiliate.getDeviceId() != null && buyerDevices(candidate).contains(affiliate.getDeviceId())) {
                score += fraud.selfReferralDeviceWeight();
                reasons.add(reason(Rule.SELF_REFERRAL_DEVICE, "buyer used the affiliate's registration device "
                        + affiliate.getDeviceId()));
            }
        }
        Instant from = candidate.getPaidAt().minus(fraud.velocityWindow());
        List<RecentConversion> recent = risk.getRecentConversions().stream()
                .filter(conversion -> conversion.getAt().isAfter(from) && !conversion.getAt().isAfter(candidate.getPaidAt()))
                .toList();
        String ip = primaryIp(candidate);
        if (ip != null) {
            long fromIp = 1 + recent.stream().filter(conversion -> ip.equals(conversion.getIpAddress())).count();
            if (fromIp > fraud.velocityMaxConversions()) {
                score += fraud.velocityWeight();
                reasons.add(reason(Rule.VELOCITY_IP, fromIp + " conversions from IP " + ip + " within "
                        + fraud.velocityWindow()));
            }
        }
        String device = primaryDevice(candidate);
        if (device != null) {
            long fromDevice = 1 + recent.stream().filter(conversion -> device.equals(conversion.getDeviceId())).count();
            if (fromDevice > fraud.velocityMaxConversions()) {
                score += fraud.velocityWeight();
                reasons.add(reason(Rule.VELOCITY_DEVICE, fromDevice + " conversions from device " + device
                        + " within " + fraud.velocityWindow()));
            }
        }
        return new Score(Math.min(MAX_SCORE, score), fraud.threshold(), List.copyOf(reasons));
    }

    /** The score of a second payment event for a converted transaction, flagged whatever it adds up to. */
    static Score duplicate(ConversionCandidate candidate, AffiliateSettings settings) {
        int score = Math.min(MAX_SCORE, settings.fraud().duplicateWeight());
        return new Score(score, settings.fraud().threshold(), List.of(reason(Rule.DUPLICATE_TRANSACTION,
                "payment event " + candidate.getPaymentEventId() + " repeats transaction "
                        + candidate.getTransactionId())));
    }

    /**
     * The affiliate's state with {@code candidate} counted, the conversions outside the window before it dropped,
     * and at most {@link #MAX_RECENT} kept.
     */
    static AffiliateRiskState counted(AffiliateRiskState risk, ConversionCandidate candidate, AffiliateSettings settings) {
        Instant latest = candidate.getPaidAt();
        for (RecentConversion conversion : risk.getRecentConversions()) {
            latest = AttributionFold.later(latest, conversion.getAt());
        }
        Instant from = latest.minus(settings.fraud().velocityWindow());
        List<RecentConversion> kept = new ArrayList<>();
        for (RecentConversion conversion : risk.getRecentConversions()) {
            if (conversion.getAt().isAfter(from)) {
                kept.add(conversion);
            }
        }
        if (candidate.getPaidAt().isAfter(from)) {
            kept.add(RecentConversion.newBuilder()
                    .setTransactionId(candidate.getTransactionId())
                    .setAt(candidate.getPaidAt())
                    .setIpAddress(primaryIp(candidate))
                    .setDeviceId(primaryDevice(candidate))
                    .build());
        }
        if (kept.size() > MAX_RECENT) {
            kept = new ArrayList<>(kept.subList(kept.size() - MAX_RECENT, kept.size()));
        }
        return AffiliateRiskState.newBuilder(risk).setRecentConversions(kept).build();
    }

    /** Lower-case hex SHA-256 of the trimmed, lower-cased address; null for null. */
    static String emailHash(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String reason(Rule rule, String detail) {
        return rule.name() + ": " + detail;
    }

    private static Set<String> buyerEmails(ConversionCandidate candidate) {
        Set<String> emails = new LinkedHashSet<>();
        if (candidate.getBuyer() != null) {
            emails.add(candidate.getBuyer().getEmailHash());
        }
        emails.add(candidate.getCheckoutEmailHash());
        emails.remove(null);
        return emails;
    }

    private static Set<String> buyerIps(ConversionCandidate candidate) {
        Set<String> ips = new LinkedHashSet<>();
        if (candidate.getBuyer() != null) {
            ips.add(candidate.getBuyer().getIpAddress());
        }
        ips.add(candidate.getTouchIpAddress());
        ips.remove(null);
        return ips;
    }

    private static Set<String> buyerDevices(ConversionCandidate candidate) {
        Set<String> devices = new LinkedHashSet<>();
        if (candidate.getBuyer() != null) {
            devices.add(candidate.getBuyer().getDeviceId());
        }
        devices.add(candidate.getTouchDeviceId());
        devices.remove(null);
        return devices;
    }

    private static String primaryIp(ConversionCandidate candidate) {
        FraudFingerprint buyer = candidate.getBuyer();
        return buyer != null && buyer.getIpAddress() != null ? buyer.getIpAddress() : candidate.getTouchIpAddress();
    }

    private static String primaryDevice(ConversionCandidate candidate) {
        FraudFingerprint buyer = candidate.getBuyer();
        return buyer != null && buyer.getDeviceId() != null ? buyer.getDeviceId() : candidate.getTouchDeviceId();
    }
}
