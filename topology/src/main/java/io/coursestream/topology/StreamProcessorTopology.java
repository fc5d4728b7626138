package io.coursestream.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

import io.coursestream.schemas.control.EnqueueJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.affiliates.AffiliateTopology;
import io.coursestream.topology.jobs.FailedJobIndex;
import io.coursestream.topology.jobs.JobScheduler;
import io.coursestream.topology.jobs.JobStatusTopology;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.learning.LearningTopology;
import io.coursestream.topology.notifications.AdminAlertMails;
import io.coursestream.topology.notifications.CampaignTopology;
import io.coursestream.topology.notifications.CourseEnrolments;
import io.coursestream.topology.notifications.UserDirectory;
import io.coursestream.topology.onboarding.OnboardingTopology;
import io.coursestream.topology.payments.PaymentTopology;
import io.coursestream.topology.points.PointsSettings;
import io.coursestream.topology.points.PointsTopology;
import io.coursestream.topology.validation.InputEventCounts;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * The topology the stream processor runs: every bounded context added to one builder. Validation of the input topics
 * (rejects to {@code processor.dead-letter}) with the input event counts; the user directory and course enrolments of
 * the notifications context; the points ledger; the job scheduler, fed by operators' {@link EnqueueJob} commands on
 * {@code control.commands}, the jobs they retry from the failed-job index, the welcome mails of onboarding, the
 * campaign fan-out, the admin alert mails, the affiliate payouts, the payment state machine with its invoice
 * numbers and the certificates of learning progress; and the job status store over the scheduler's streams.
 * Contexts take their inputs from {@link ValidatedInputs} and hand their job requests to the scheduler here, through
 * {@code jobs.requests}, so that the job runtime is a sub-topology of its own ({@link JobScheduler}); a topic read by
 * several contexts ({@code notifications.notification-events}, {@code control.commands}, {@code jobs.dead-letter},
 * read by the failed-job index and the payments) has one source node here.
 */
public final class StreamProcessorTopology {

    private StreamProcessorTopology() {
    }

    /**
     * @param events the serde of every Avro record the processor reads or writes (registry-backed in the app);
     *               thread-safe
     */
    public static Topology build(Serde<SpecificRecord> events) {
        return build(events, QueuePolicies.defaults());
    }

    /**
     * @param events   as {@link #build(Serde)}
     * @param policies the job queues' retry policies and alert thresholds
     */
    public static Topology build(Serde<SpecificRecord> events, QueuePolicies policies) {
        return build(events, policies, PointsSettings.DEFAULTS);
    }

    /**
     * @param events   as {@link #build(Serde)}
     * @param policies the job queues' retry policies and alert thresholds
     * @param points   the points ledger's level curve and cheat guard
     */
    public static Topology build(Serde<SpecificRecord> events, QueuePolicies policies, PointsSettings points) {
        return build(events, ProcessorSettings.DEFAULTS.withJobs(policies).withPoints(points));
    }

    /**
     * @param events   as {@link #build(Serde)}
     * @param settings every context's settings
     */
    public static Topology build(Serde<SpecificRecord> events, ProcessorSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        ValidatedInputs inputs = ValidatedInputs.build(builder, events.deserializer());
        InputEventCounts.build(builder, inputs);
        KStream<String, SpecificRecord> notificationEvents = builder.stream(Topics.NOTIFICATION_EVENTS.name(),
                Consumed.with(Serdes.String(), events).withName("notification-events-source"));
        KStream<String, CourseEnrolled> firstEnrolments = CourseEnrolments.build(builder, inputs);
        UserDirectory.build(builder, inputs, notificationEvents, events);
        KStream<String, SpecificRecord> controlCommands = builder.stream(Topics.CONTROL_COMMANDS.name(),
                Consumed.with(Serdes.String(), events).withName("control-commands-source"));
        LearningTopology.LearningStreams learning = LearningTopology.build(builder, inputs, controlCommands, events,
                settings.learning());
        // Before the campaigns: their fan-out reads the points totals store for the users' levels.
        PointsTopology.build(builder, inputs, learning.completions(), controlCommands, events, settings.points());
        KStream<String, SpecificRecord> deadLetters = FailedJobIndex.deadLetters(builder, events);
        PaymentTopology payments = PaymentTopology.build(builder, inputs, deadLetters, events, settings.payments());

        KStream<String, JobCommand> operatorRequests = controlCommands
                .filter((commandId, command) -> command instanceof EnqueueJob, Named.as("jobs-enqueue-commands"))
                .mapValues(command -> ((EnqueueJob) command).getJob(), Named.as("jobs-enqueue-requests"))
                .merge(FailedJobIndex.build(builder, controlCommands, deadLetters, events),
                        Named.as("jobs-merge-retried"));
        KStream<String, JobCommand> contextRequests = OnboardingTopology
                .build(builder, inputs, firstEnrolments, events, settings.onboarding())
                .merge(CampaignTopology.build(builder, inputs, notificationEvents, events,
                        settings.notifications().campaigns()), Named.as("jobs-merge-campaign-notifications"))
                .merge(AdminAlertMails.build(builder, events, settings.notifications().adminAlerts()),
                        Named.as("jobs-merge-admin-alert-mails"))
                .merge(AffiliateTopology.build(builder, inputs, controlCommands, events, settings.affiliates()),
                        Named.as("jobs-merge-affiliate-payouts"))
                .merge(payments.jobRequests(), Named.as("jobs-merge-payments"))
                .merge(learning.jobRequests(), Named.as("jobs-merge-certificates"));
        JobScheduler.request(contextRequests, settings.jobs(), AvroSerdes.typed(events), events);
        JobScheduler.JobStreams jobStreams = JobScheduler.buildWithRequestsTopic(builder, operatorRequests,
                settings.jobs(), AvroSerdes.typed(events), events);
        JobStatusTopology.build(builder, jobStreams, settings.jobs(), AvroSerdes.typed(events));
        return builder.build();
    }
}
