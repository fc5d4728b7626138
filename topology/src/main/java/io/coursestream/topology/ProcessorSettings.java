package io.coursestream.topology;

import java.util.Objects;

import io.coursestream.topology.affiliates.AffiliateSettings;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.learning.LearningSettings;
import io.coursestream.topology.notifications.NotificationSettings;
import io.coursestream.topology.onboarding.OnboardingSettings;
import io.coursestream.topology.payments.PaymentSettings;
import io.coursestream.topology.points.PointsSettings;

/**
 * Everything {@link StreamProcessorTopology} is configured with, one record per bounded context.
 *
 * @param jobs          the job queues' retry policies and alert thresholds
 * @param points        the points ledger's level curve and cheat guard
 * @param onboarding    the welcome mails' send window and recommendations
 * @param notifications the campaign fan-out and the admin alert mails
 * @param affiliates    attribution, commission tiers, fraud rules, hold period and payouts
 * @param payments      the payment state machine's pending webhooks, audit and failure notices
 * @param learning      the certificate template version and the pace of regenerations
 */
public record ProcessorSettings(QueuePolicies jobs, PointsSettings points, OnboardingSettings onboarding,
        NotificationSettings notifications, AffiliateSettings affiliates, PaymentSettings payments,
        LearningSettings learning) {

    /** Every context's defaults. */
    public static final ProcessorSettings DEFAULTS = new ProcessorSettings(QueuePolicies.defaults(),
            PointsSettings.DEFAULTS, OnboardingSettings.DEFAULTS, NotificationSettings.DEFAULTS,
            AffiliateSettings.DEFAULTS, PaymentSettings.DEFAULTS, LearningSettings.DEFAULTS);

    public ProcessorSettings {
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(onboarding, "onboarding");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(affiliates, "affiliates");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(learning, "learning");
    }

    public ProcessorSettings withJobs(QueuePolicies jobs) {
        return new ProcessorSettings(jobs, points, onboarding, notifications, affiliates, payments, learning);
    }

    public ProcessorSettings withPoints(PointsSettings points) {
        return new ProcessorSettings(jobs, points, onboarding, notifications, affiliates, payments, learning);
    }

    public ProcessorSettings withAffiliates(AffiliateSettings affiliates) {
        return new ProcessorSettings(jobs, points, onboarding, notifications, affiliates, payments, learning);
    }

    public ProcessorSettings withPayments(PaymentSettings payments) {
        return new ProcessorSettings(jobs, points, onboarding, notifications, affiliates, payments, learning);
    }

    public ProcessorSettings withLearning(LearningSettings learning) {
        return new ProcessorSettings(jobs, points, onboarding, notifications, affiliates, payments, learning);
    }
}
