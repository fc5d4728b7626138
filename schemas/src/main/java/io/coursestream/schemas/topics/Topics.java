package io.coursestream.schemas.topics;

import static io.coursestream.schemas.topics.CleanupPolicy.COMPACT;
import static io.coursestream.schemas.topics.CleanupPolicy.DELETE;
import static io.coursestream.schemas.topics.Component.ADMIN;
import static io.coursestream.schemas.topics.Component.GATEWAY;
import static io.coursestream.schemas.topics.Component.STREAM_PROCESSOR;
import static io.coursestream.schemas.topics.Component.UPSTREAM;
import static io.coursestream.schemas.topics.Component.WORKERS;
import static io.coursestream.schemas.topics.Topic.FOREVER;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.AffiliateProfile;
import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.CommissionApproved;
import io.coursestream.schemas.affiliates.CommissionDeclined;
import io.coursestream.schemas.affiliates.CommissionReversed;
import io.coursestream.schemas.affiliates.ConversionFlagged;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.affiliates.PayoutCreated;
import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.backups.BackupCompleted;
import io.coursestream.schemas.backups.BackupFailed;
import io.coursestream.schemas.backups.BackupUploaded;
import io.coursestream.schemas.backups.BackupVerified;
import io.coursestream.schemas.certificates.CertificateDelivered;
import io.coursestream.schemas.certificates.CertificateExpired;
import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.certificates.CertificateRegenerationBatchEnqueued;
import io.coursestream.schemas.certificates.CertificateRevoked;
import io.coursestream.schemas.control.CalculateUserLevels;
import io.coursestream.schemas.control.EnqueueJob;
import io.coursestream.schemas.control.ForgetFailedJobs;
import io.coursestream.schemas.control.GenerateCourseCertificates;
import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.control.RetryFailedJobs;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.courses.EpisodePublished;
import io.coursestream.schemas.invoices.InvoiceEmailed;
import io.coursestream.schemas.invoices.InvoiceGenerated;
import io.coursestream.schemas.invoices.InvoiceNumberAssigned;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobDispatched;
import io.coursestream.schemas.jobs.JobDuplicateDropped;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobQueued;
import io.coursestream.schemas.jobs.JobRetryScheduled;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.learning.AchievementRevoked;
import io.coursestream.schemas.learning.AchievementUnlocked;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.learning.CourseProgress;
import io.coursestream.schemas.learning.CourseStructure;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.media.ImageOptimized;
import io.coursestream.schemas.media.MediaProcessed;
import io.coursestream.schemas.media.MediaUploaded;
import io.coursestream.schemas.media.VideoConverted;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CoursePopularity;
import io.coursestream.schemas.notifications.InAppNotificationPosted;
import io.coursestream.schemas.notifications.MailReceipt;
import io.coursestream.schemas.notifications.NotificationBounced;
import io.coursestream.schemas.notifications.NotificationDelivered;
import io.coursestream.schemas.notifications.NotificationFailed;
import io.coursestream.schemas.notifications.UserOnboardingStarted;
import io.coursestream.schemas.notifications.WelcomeEmailSent;
import io.coursestream.schemas.payments.PaymentFailed;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentProcessed;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.schemas.points.AchievementEarned;
import io.coursestream.schemas.points.LedgerEntry;
import io.coursestream.schemas.points.PointsAwarded;
import io.coursestream.schemas.points.PointsReversed;
import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.UserLevelChanged;
import io.coursestream.schemas.points.UserLevelsRecalculated;
import io.coursestream.schemas.uploads.ContentExtracted;
import io.coursestream.schemas.uploads.CourseProcessed;
import io.coursestream.schemas.uploads.CourseUploadCompleted;
import io.coursestream.schemas.uploads.CourseUploadProgress;
import io.coursestream.schemas.uploads.EpisodeCreated;
import io.coursestream.schemas.uploads.LargeCourseUploadStarted;
import io.coursestream.schemas.uploads.UploadChunkReceived;
import io.coursestream.schemas.uploads.UploadCompleted;
import io.coursestream.schemas.users.NotificationPreferencesChanged;
import io.coursestream.schemas.users.PayoutAccountLinked;
import io.coursestream.schemas.users.UserProfileUpdated;
import io.coursestream.schemas.users.UserRegistered;

/**
 * The topic catalogue: every topic coursestream reads or writes, declared once. Topic creation
 * (local stack, test harness, Helm), topologies, tests and the README's topic table all read it.
 *
 * <p>Keys are the aggregate's id as a string; a topic carries the events of one aggregate so their
 * order per key is kept. All keyed topics have the same partition count so any two of them are
 * co-partitioned for joins.
 */
public final class Topics {

    /** Partitions of every keyed topic; equal everywhere so topics are co-partitioned. */
    public static final int PARTITIONS = 6;

    private static final Duration JOB_RETENTION = Duration.ofDays(7);
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);
    private static final Duration RESULT_RETENTION = Duration.ofDays(30);

    // ---- inputs, written by upstream services ------------------------------------------------

    public static final Topic<String, SpecificRecord> USER_EVENTS = input("users.user-events",
            "User accounts, keyed by userId.",
            UserRegistered.class, UserProfileUpdated.class, NotificationPreferencesChanged.class,
            PayoutAccountLinked.class);

    public static final Topic<String, SpecificRecord> LEARNING_EVENTS = input("learning.learning-events",
            "Learner activity from the player, keyed by userId.",
            CourseEnrolled.class, EpisodeCompleted.class, CourseCompleted.class,
            AchievementUnlocked.class, AchievementRevoked.class);

    public static final Topic<String, SpecificRecord> PAYMENT_EVENTS = input("payments.payment-events",
            "Checkout requests and refunds, keyed by transactionId.",
            PaymentInitiated.class, PaymentRefunded.class);

    public static final Topic<String, SpecificRecord> REFERRAL_EVENTS = input("affiliates.referral-events",
            "Referral link clicks and completed referrals, keyed by the referred user's id.",
            ReferralClicked.class, ReferralCompleted.class);

    public static final Topic<String, SpecificRecord> CATALOG_EVENTS = input("courses.catalog-events",
            "The course catalogue from course admin: courses, episodes, which are required; keyed by courseId.",
            CoursePublished.class, CourseUpdated.class, EpisodePublished.class);

    public static final Topic<String, SpecificRecord> UPLOAD_EVENTS = input("courses.upload-events",
            "Course archive uploads, whole or in chunks, keyed by uploadId.",
            CourseUploadCompleted.class, LargeCourseUploadStarted.class, UploadChunkReceived.class);

    public static final Topic<String, SpecificRecord> MEDIA_EVENTS = input("media.media-events",
            "Uploaded images and videos, keyed by mediaId.",
            MediaUploaded.class);

    public static final Topic<String, SpecificRecord> CAMPAIGN_EVENTS = input("notifications.campaign-events",
            "Bulk notification campaigns requested by admins, keyed by campaignId.",
            BulkNotificationRequested.class);

    // ---- the stream processor's own dead letters ---------------------------------------------

    /** Input records that could not be decoded or failed validation, byte for byte, with the reason in headers. */
    public static final Topic<byte[], byte[]> PROCESSOR_DEAD_LETTER = new Topic<>("processor.dead-letter",
            byte[].class, byte[].class, List.of(), TopicRole.DEAD_LETTER, STREAM_PROCESSOR, PARTITIONS, DELETE,
            DEAD_LETTER_RETENTION,
            "Undecodable or invalid input records as received; headers name the reason, topic, partition and offset.");

    // ---- points -----------------------------------------------------------------------------

    public static final Topic<String, PointsRuleSet> POINTS_RULES = new Topic<>("points.rules",
            String.class, PointsRuleSet.class, List.of(PointsRuleSet.class), TopicRole.CONTROL, ADMIN,
            1, COMPACT, FOREVER, "Versioned points rules per activity type (compacted; shipped defaults).");

    public static final Topic<String, LedgerEntry> POINTS_LEDGER = new Topic<>("points.ledger",
            String.class, LedgerEntry.class, List.of(LedgerEntry.class), TopicRole.OUTPUT, STREAM_PROCESSOR,
            PARTITIONS, DELETE, FOREVER, "Append-only points ledger with an audit entry per change, keyed by userId.");

    public static final Topic<String, SpecificRecord> POINTS_EVENTS = output("points.events",
            STREAM_PROCESSOR, "Points awarded and reversed, level changes and achievements, keyed by userId; level-run summaries keyed by "
            + "command id.",
            PointsAwarded.class, PointsReversed.class, UserLevelChanged.class, AchievementEarned.class,
            UserLevelsRecalculated.class);

    public static final Topic<String, PointsTotal> POINTS_TOTALS = table("points.totals", PointsTotal.class,
            "Latest point total and level per user.");

    // ---- affiliates -------------------------------------------------------------------------

    public static final Topic<String, SpecificRecord> AFFILIATE_EVENTS = output("affiliates.affiliate-events",
            STREAM_PROCESSOR, "Conversions, commissions and payouts, keyed by affiliateId.",
            ConversionTracked.class, ConversionFlagged.class, AffiliateCommissionEarned.class,
            CommissionApproved.class, CommissionDeclined.class, CommissionReversed.class, PayoutCreated.class);

    public static final Topic<String, AffiliateStats> AFFILIATE_STATS = table("affiliates.stats",
            AffiliateStats.class, "Latest statistics per affiliate.");

    public static final Topic<String, AffiliateProfile> AFFILIATE_PROFILES = table("affiliates.affiliate-profiles",
            AffiliateProfile.class, "Each affiliate's sponsor and points level, keyed by affiliateId; read back as a"
            + " global store so a commission split finds every tier's affiliate from any partition.");

    // ---- payments and invoices ----------------------------------------------------------------

    public static final Topic<String, SpecificRecord> PAYMENT_RESULTS = output("payments.payment-results",
            STREAM_PROCESSOR, "Payment outcomes from the payment state machine, keyed by transactionId.",
            PaymentProcessed.class, PaymentSucceeded.class, PaymentFailed.class);

    public static final Topic<String, ProviderPaymentResult> PAYMENT_PROVIDER_RESULTS = new Topic<>(
            "payments.provider-results", String.class, ProviderPaymentResult.class,
            List.of(ProviderPaymentResult.class), TopicRole.OUTPUT, WORKERS, PARTITIONS, DELETE, RESULT_RETENTION,
            "What the payment providers answered the ProcessPayment jobs, keyed by transactionId.");

    public static final Topic<String, PaymentWebhookReceived> PAYMENT_WEBHOOKS = new Topic<>(
            "payments.webhook-events", String.class, PaymentWebhookReceived.class,
            List.of(PaymentWebhookReceived.class), TopicRole.OUTPUT, GATEWAY, PARTITIONS, DELETE, RESULT_RETENTION,
            "Verified provider webhooks (Stripe, Binance Pay), keyed by transactionId.");

    public static final Topic<String, Transaction> PAYMENT_TRANSACTIONS = table("payments.transactions",
            Transaction.class, "Latest state of every payment transaction.");

    public static final Topic<String, InvoiceNumberAssigned> INVOICE_NUMBERS = new Topic<>(
            "invoices.invoice-numbers", String.class, InvoiceNumberAssigned.class,
            List.of(InvoiceNumberAssigned.class), TopicRole.OUTPUT, STREAM_PROCESSOR, PARTITIONS, DELETE, FOREVER,
            "Gap-free invoice and credit-note numbers as assigned, keyed by transactionId.");

    public static final Topic<String, SpecificRecord> INVOICE_EVENTS = output("invoices.invoice-events",
            WORKERS, "Invoices rendered, archived and e-mailed, keyed by invoice number.",
            InvoiceGenerated.class, InvoiceEmailed.class);

    // ---- learning and certificates -------------------------------------------------------------

    public static final Topic<String, SpecificRecord> PROGRESS_EVENTS = output("learning.progress-events",
            STREAM_PROCESSOR, "Course completions detected from episode progress, keyed by userId.",
            CourseCompleted.class);

    public static final Topic<String, CourseProgress> COURSE_PROGRESS = table("learning.course-progress",
            CourseProgress.class, "Latest progress per user and course, keyed by userId:courseId.");

    public static final Topic<String, CourseStructure> COURSE_STRUCTURE = table("learning.course-structure",
            CourseStructure.class, "Each course's episodes, which are required and its certificates' validity, keyed"
            + " by courseId; folded from the catalogue and read back as a global store.");

    public static final Topic<String, SpecificRecord> CERTIFICATE_REGENERATIONS = output(
            "certificates.regeneration-runs", STREAM_PROCESSOR,
            "Progress of certificate regenerations, one record per batch and partition, keyed by commandId.",
            CertificateRegenerationBatchEnqueued.class);

    /** Kept forever: verification is rebuilt from these two for as long as a certificate can be shown. */
    public static final Topic<String, SpecificRecord> CERTIFICATE_EVENTS = new Topic<>("certificates.certificate-events",
            String.class, SpecificRecord.class, List.of(CertificateGenerated.class, CertificateDelivered.class),
            TopicRole.OUTPUT, WORKERS, PARTITIONS, DELETE, FOREVER,
            "Certificates generated and delivered, keyed by verification code.");

    public static final Topic<String, SpecificRecord> CERTIFICATE_STATUS = new Topic<>("certificates.certificate-status",
            String.class, SpecificRecord.class, List.of(CertificateRevoked.class, CertificateExpired.class),
            TopicRole.OUTPUT, ADMIN, PARTITIONS, DELETE, FOREVER,
            "Certificate revocations and expiries from administrators, keyed by verification code.");

    // ---- worker results ------------------------------------------------------------------------

    public static final Topic<String, SpecificRecord> COURSE_EVENTS = output("courses.course-events",
            WORKERS, "Upload processing results: content extracted, episodes created, progress; keyed by uploadId.",
            ContentExtracted.class, EpisodeCreated.class, CourseProcessed.class, CourseUploadProgress.class,
            UploadCompleted.class);

    public static final Topic<String, SpecificRecord> MEDIA_RESULTS = output("media.media-results",
            WORKERS, "Optimised images and converted videos, keyed by mediaId.",
            ImageOptimized.class, VideoConverted.class, MediaProcessed.class);

    public static final Topic<String, SpecificRecord> NOTIFICATION_EVENTS = output("notifications.notification-events",
            WORKERS, "Welcome mails, onboarding and per-recipient delivery outcomes, keyed by userId.",
            WelcomeEmailSent.class, UserOnboardingStarted.class, InAppNotificationPosted.class,
            NotificationDelivered.class, NotificationFailed.class, NotificationBounced.class);

    public static final Topic<String, CoursePopularity> COURSE_POPULARITY = table("notifications.course-popularity",
            CoursePopularity.class, "Enrolments per course with its title and language, keyed by courseId; the welcome"
            + " mail's recommendations.");

    /**
     * Preference changes made through the signed unsubscribe links of our own mails (the link's page and RFC 8058
     * one-click posts), verified by the stream processor's public endpoint; the settings page's changes stay on
     * {@link #USER_EVENTS}, the web app's. Kept forever: with the user events they are the preferences' history.
     */
    public static final Topic<String, NotificationPreferencesChanged> PREFERENCE_CHANGES = new Topic<>(
            "notifications.preference-changes", String.class, NotificationPreferencesChanged.class,
            List.of(NotificationPreferencesChanged.class), TopicRole.OUTPUT, GATEWAY, PARTITIONS, DELETE, FOREVER,
            "Unsubscribes through the signed links of our mails, verified by the processor, keyed by userId.");

    /**
     * The e-mail workers' dedupe store: one receipt per mail the SMTP server accepted, on the partition of
     * {@code jobs.emails} its job was read from (so the same partition count), read back by the worker that takes that
     * partition over. Kept a day: a job comes back within minutes of a crash, or with a retry's backoff.
     */
    public static final Topic<String, MailReceipt> MAIL_RECEIPTS = new Topic<>("notifications.mail-receipts",
            String.class, MailReceipt.class, List.of(MailReceipt.class), TopicRole.OUTPUT, WORKERS, PARTITIONS, DELETE,
            Duration.ofDays(1), "Mails the SMTP server accepted, per jobs.emails partition, keyed by notificationId.");

    public static final Topic<String, SpecificRecord> BACKUP_EVENTS = output("backups.backup-events",
            WORKERS, "Database backups and their cloud copies, keyed by backupId.",
            BackupCompleted.class, BackupUploaded.class, BackupVerified.class, BackupFailed.class);

    public static final Topic<String, AdminAlertRaised> ADMIN_ALERTS = new Topic<>("admin.alerts",
            String.class, AdminAlertRaised.class, List.of(AdminAlertRaised.class), TopicRole.OUTPUT, STREAM_PROCESSOR,
            PARTITIONS, DELETE, RESULT_RETENTION, "Alerts for administrators, keyed by alertId.");

    // ---- jobs ----------------------------------------------------------------------------------

    public static final Topic<String, JobCommand> JOBS_DEFAULT = jobQueue("jobs.default",
            "Course uploads and certificates.");
    public static final Topic<String, JobCommand> JOBS_PAYMENTS = jobQueue("jobs.payments",
            "Payments and invoices.");
    public static final Topic<String, JobCommand> JOBS_MEDIA = jobQueue("jobs.media",
            "Image optimisation and video conversion.");
    public static final Topic<String, JobCommand> JOBS_EMAILS = jobQueue("jobs.emails",
            "Welcome, transactional and bulk e-mail.");
    public static final Topic<String, JobCommand> JOBS_BACKUPS = jobQueue("jobs.backups",
            "Database backups and cloud copies.");
    public static final Topic<String, JobCommand> JOBS_AFFILIATES = jobQueue("jobs.affiliates",
            "Affiliate payouts.");

    /**
     * The jobs the stream processor's contexts request (welcome mails, payments, certificates, ...), for its job
     * runtime to schedule: one writer and one reader, so that the two can run as applications of their own.
     */
    public static final Topic<String, JobCommand> JOB_REQUESTS = new Topic<>("jobs.requests",
            String.class, JobCommand.class, List.of(JobCommand.class), TopicRole.JOB_REQUESTS, STREAM_PROCESSOR,
            PARTITIONS, DELETE, JOB_RETENTION,
            "Jobs the stream processor's contexts request, for its job runtime to schedule; keyed by jobId.");

    /**
     * What workers report about the jobs they run, preceded by the {@code JobDispatched} of each job its requester
     * put straight on its queue (the stream processor's contexts, the admin): one partition per job id, so the job
     * runtime reads a job's dispatch before any report on it.
     */
    public static final Topic<String, SpecificRecord> JOB_LIFECYCLE = new Topic<>("jobs.lifecycle",
            String.class, SpecificRecord.class,
            List.of(JobDispatched.class, JobStarted.class, JobProgressed.class, JobSucceeded.class, JobFailed.class),
            TopicRole.OUTPUT, WORKERS, PARTITIONS, DELETE, JOB_RETENTION,
            "Jobs started, progressing, succeeded or failed, as workers report them, each job dispatched straight to"
                    + " its queue first announced by its requester (JobDispatched); keyed by jobId.");

    /** What the job scheduler decides: the other half of a job's life, written by its one writer. */
    public static final Topic<String, SpecificRecord> JOB_SCHEDULING = new Topic<>("jobs.scheduling",
            String.class, SpecificRecord.class,
            List.of(JobQueued.class, JobRetryScheduled.class, JobDeadLettered.class, JobDuplicateDropped.class),
            TopicRole.OUTPUT, STREAM_PROCESSOR, PARTITIONS, DELETE, JOB_RETENTION,
            "Jobs queued, retries scheduled, jobs dead-lettered and duplicates dropped by the scheduler; keyed by jobId.");

    public static final Topic<String, DeadLetteredJob> JOB_DEAD_LETTER = new Topic<>("jobs.dead-letter",
            String.class, DeadLetteredJob.class, List.of(DeadLetteredJob.class), TopicRole.DEAD_LETTER,
            STREAM_PROCESSOR, PARTITIONS, DELETE, DEAD_LETTER_RETENTION,
            "Failed jobs with the original command, every attempt's error and the original coordinates; keyed by jobId.");

    // ---- control -------------------------------------------------------------------------------

    public static final Topic<String, SpecificRecord> CONTROL_COMMANDS = new Topic<>("control.commands",
            String.class, SpecificRecord.class,
            List.of(CalculateUserLevels.class, ProcessCommissions.class, GenerateCourseCertificates.class, EnqueueJob.class,
                    RetryFailedJobs.class, ForgetFailedJobs.class, ReviewConversion.class),
            TopicRole.CONTROL, ADMIN, PARTITIONS, DELETE, JOB_RETENTION,
            "Commands from operators that topologies act on (CalculateUserLevels, ProcessCommissions, EnqueueJob, RetryFailedJobs, ReviewConversion, ...).");

    private static final List<Topic<?, ?>> ALL = List.of(
            USER_EVENTS, LEARNING_EVENTS, PAYMENT_EVENTS, REFERRAL_EVENTS, CATALOG_EVENTS, UPLOAD_EVENTS,
            MEDIA_EVENTS, CAMPAIGN_EVENTS,
            PROCESSOR_DEAD_LETTER,
            POINTS_RULES, POINTS_LEDGER, POINTS_EVENTS, POINTS_TOTALS,
            AFFILIATE_EVENTS, AFFILIATE_STATS, AFFILIATE_PROFILES,
            PAYMENT_RESULTS, PAYMENT_PROVIDER_RESULTS, PAYMENT_WEBHOOKS, PAYMENT_TRANSACTIONS, INVOICE_NUMBERS,
            INVOICE_EVENTS,
            PROGRESS_EVENTS, COURSE_PROGRESS, COURSE_STRUCTURE, CERTIFICATE_EVENTS, CERTIFICATE_STATUS,
            CERTIFICATE_REGENERATIONS,
            COURSE_EVENTS, MEDIA_RESULTS, NOTIFICATION_EVENTS, COURSE_POPULARITY, PREFERENCE_CHANGES, MAIL_RECEIPTS,
            BACKUP_EVENTS, ADMIN_ALERTS,
            JOBS_DEFAULT, JOBS_PAYMENTS, JOBS_MEDIA, JOBS_EMAILS, JOBS_BACKUPS, JOBS_AFFILIATES,
            JOB_REQUESTS, JOB_LIFECYCLE, JOB_SCHEDULING, JOB_DEAD_LETTER,
            CONTROL_COMMANDS);

    private static final Map<String, Topic<?, ?>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));

    private Topics() {
    }

    /** Every topic, in catalogue order. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    /** The input topics upstream services write and the stream processor validates. */
    public static List<Topic<String, SpecificRecord>> inputs() {
        return List.of(USER_EVENTS, LEARNING_EVENTS, PAYMENT_EVENTS, REFERRAL_EVENTS, CATALOG_EVENTS,
                UPLOAD_EVENTS, MEDIA_EVENTS, CAMPAIGN_EVENTS);
    }

    /** The six job queues. */
    public static List<Topic<String, JobCommand>> jobQueues() {
        return List.of(JOBS_DEFAULT, JOBS_PAYMENTS, JOBS_MEDIA, JOBS_EMAILS, JOBS_BACKUPS, JOBS_AFFILIATES);
    }

    public static Optional<Topic<?, ?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    @SafeVarargs
    private static Topic<String, SpecificRecord> input(String name, String description,
            Class<? extends SpecificRecord>... types) {
        return new Topic<>(name, String.class, SpecificRecord.class, List.of(types), TopicRole.INPUT, UPSTREAM,
                PARTITIONS, DELETE, FOREVER, description);
    }

    @SafeVarargs
    private static Topic<String, SpecificRecord> output(String name, Component writer, String description,
            Class<? extends SpecificRecord>... types) {
        return new Topic<>(name, String.class, SpecificRecord.class, List.of(types), TopicRole.OUTPUT, writer,
                PARTITIONS, DELETE, RESULT_RETENTION, description);
    }

    private static <V extends SpecificRecord> Topic<String, V> table(String name, Class<V> type, String description) {
        return new Topic<>(name, String.class, type, List.of(type), TopicRole.TABLE, STREAM_PROCESSOR,
                PARTITIONS, COMPACT, FOREVER, description);
    }

    private static Topic<String, JobCommand> jobQueue(String name, String description) {
        return new Topic<>(name, String.class, JobCommand.class, List.of(JobCommand.class), TopicRole.JOB_QUEUE,
                STREAM_PROCESSOR, PARTITIONS, DELETE, JOB_RETENTION, "Job queue: " + description
                        + " Jobs without a unique key or a delay are written here by their requester (JobDispatched).");
    }
}
