package io.coursestream.workers.notifications;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import io.coursestream.schemas.calendar.SendWindow;
import io.coursestream.workers.WorkersConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The notification settings ({@code coursestream.notifications.*}); services/workers/README.md lists them. */
@ConfigMapping(prefix = "coursestream.notifications")
public interface NotificationsConfig {

    /**
     * The HMAC-SHA256 key of unsubscribe links, at least 32 bytes, shared with the stream processor that verifies
     * them. Absent, the workers start, but a non-critical mail fails (it cannot be sent without its link).
     */
    Optional<String> unsubscribeSecret();

    /** Where the one-click unsubscribe endpoint is; the link is this plus {@code ?token=<token>}. */
    URI unsubscribeUrl();

    /** How long an unsubscribe link works after the mail was sent. */
    @WithDefault("P90D")
    Duration unsubscribeLinkValidity();

    /** The public site: referral links are {@code <site-url>/r/<code>}, course links {@code <site-url>/courses/<id>}. */
    URI siteUrl();

    /** The zone for recipients whose time zone is unknown or invalid. */
    @WithDefault("UTC")
    ZoneId defaultTimezone();

    /** The local hours in which non-critical mail may reach a recipient. */
    SendWindowSettings sendWindow();

    /** {@link SendWindow} as configured. */
    interface SendWindowSettings {

        /** Local time the window opens (inclusive). */
        @WithDefault("08:00")
        LocalTime start();

        /** Local time the window closes (exclusive); before start for a window across midnight. */
        @WithDefault("21:00")
        LocalTime end();
    }

    /** The affiliate program's terms as the welcome mail explains them. */
    AffiliateTermsSettings affiliateTerms();

    /**
     * The HMAC-SHA256 key ({@link WebhookSignatures}, at least 32 bytes) that signs the WEBHOOK channel's posts.
     * Absent, the workers start, but every WEBHOOK notification fails fatally.
     */
    Optional<String> webhookSecret();

    /** Longest a WEBHOOK post may take, connection included; past it the attempt fails (retriable). */
    @WithDefault("PT10S")
    Duration webhookTimeout();

    /**
     * The HMAC-SHA256 key (at least 32 bytes) mail providers sign bounce reports to {@code /webhooks/mail-bounces}
     * with. Absent, the endpoint answers 503 to every report.
     */
    Optional<String> bounceWebhookSecret();

    /** How far a bounce report's signed timestamp may be from now (either way) before it counts as a replay. */
    @WithDefault("PT300S")
    Duration bounceWebhookTolerance();

    /**
     * Per delivery channel ({@code email}, {@code in-app}, {@code webhook}): its rate limit. A channel without an
     * entry is unlimited; an unknown key fails the start.
     */
    Map<String, ChannelSettings> channels();

    /**
     * How far back a worker reads the e-mail receipts of the {@code jobs.emails} partitions it is assigned
     * ({@link MailReceipts}): longer than a job can take to come back (a crashed worker's uncommitted jobs within
     * minutes, a retry after its backoff).
     */
    @WithDefault("PT1H")
    Duration mailReceiptsLookback();

    /** Longest a handler waits for a channel's token; past it the attempt fails (retriable). */
    @WithDefault("PT30S")
    Duration channelTokenMaxWait();

    /** {@link WelcomeMail.AffiliateTerms} as configured. */
    interface AffiliateTermsSettings {

        /** First-tier commission as a fraction (0.20 for 20 %). */
        @WithDefault("0.20")
        BigDecimal commissionRate();

        /** Days a commission is held before approval. */
        @WithDefault("30")
        int holdDays();

        /** Approved balance from which a payout is made, in minor units of {@link #currency()}. */
        @WithDefault("5000")
        long payoutThresholdMinor();

        /** ISO 4217 currency of the threshold. */
        @WithDefault("USD")
        String currency();
    }

    /** The settings of one delivery channel. */
    interface ChannelSettings {

        /** Notifications the channel may deliver per period on one instance; absent: unlimited. */
        Optional<WorkersConfig.RateLimit> rateLimit();
    }
}
