package io.coursestream.topology.notifications;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignRun;
import io.coursestream.schemas.notifications.CampaignStatus;
import io.coursestream.schemas.notifications.CampaignTally;
import io.coursestream.schemas.notifications.NotificationDelivered;
import io.coursestream.schemas.notifications.NotificationFailed;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.points.PointsStores;
import io.coursestream.topology.streams.EveryPartition;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * Bulk notification campaigns (SendBulkNotifications of the original system): a request fans out in batches into one
 * {@code SendNotification} job per recipient and channel, and its counts are kept for {@code /api/campaigns/{id}}.
 *
 * <p>Inputs: {@link BulkNotificationRequested} from {@code notifications.campaign-events} (keyed by campaign id), and
 * the campaigns' delivery outcomes from {@code notifications.notification-events} (NotificationDelivered, and
 * NotificationFailed with {@code finalFailure}, that name a campaign). Output: the job requests, keyed by job id, for
 * the caller to hand to the job scheduler; no topic of its own.
 *
 * <p>Fan-out: the user directory is partitioned by user id, so each request is sent to every partition
 * ({@value #FAN_OUT}, a multicast repartition) and each task runs it over its own users ({@link CampaignFanOut}, state
 * {@value #RUN_STORE}): every {@link CampaignSettings#fanOutInterval()} it takes the request's {@code batchSize}
 * users after its cursor in {@value UserDirectory#STORE}, keeps those in the audience ({@link CampaignAudiences},
 * with levels from {@value PointsStores#USERS} and enrolments from {@value CourseEnrolments#STORE}), and per
 * channel asks {@link NotificationPermission} (a critical request bypasses preferences, never a suppressed address)
 * whether to send. Allowed: one job, notification id {@code <campaignId>:<userId>:<channel>}, job id a name-based
 * UUID of it, unique key the notification id ({@link NotificationJobs}). A WEBHOOK notification needs the request's
 * {@code webhookUrl} (passed to the template as {@code webhookUrl}); without one it is skipped, the directory keeps
 * no webhook per user. The send rate per channel is not enforced here but by the e-mail workers' rate limits.
 *
 * <p>Counting: each batch forwards a {@link CampaignTally} delta; the tallies and the re-keyed outcomes travel by
 * campaign id ({@value #STATUS_UPDATES}, a repartition) to the status processor, which also reads the request
 * itself, and fold into {@link CampaignStatus} in {@value #STATUS_STORE}: {@code targeted = sent + skipped} after
 * every batch, {@code fanOutComplete} once all {@link CampaignSettings#partitions()} tasks are done, and
 * {@code completed} once {@code delivered + failed = sent}, each notification id counted once (state
 * {@value #OUTCOME_STORE}).
 *
 * <p>Call after {@link UserDirectory}, {@link CourseEnrolments} and the points topology were added to the same
 * builder: the fan-out reads their stores, which must exist when it is added, and shares their task (every
 * user-keyed topic and both repartition topics have {@link CampaignSettings#partitions()} partitions).
 *
 * <p>Named state: {@value #RUN_STORE}, {@value #STATUS_STORE}, {@value #OUTCOME_STORE}. Nodes:
 * {@code notifications-campaign-*}.
 */
public final class CampaignTopology {

    /** Campaign id to this task's {@link CampaignRun}. */
    public static final String RUN_STORE = "notifications-campaign-run-store";
    /** Campaign id to {@link CampaignStatus}: what {@code /api/campaigns/{id}} serves. */
    public static final String STATUS_STORE = "notifications-campaign-status-store";
    /** {@code <campaignId>NUL<notificationId>} to the outcome counted for it, until the campaign completes. */
    public static final String OUTCOME_STORE = "notifications-campaign-outcome-store";

    public static final String REQUESTS = "notifications-campaign-requests";
    /** The multicast repartition: each request to every partition. */
    public static final String FAN_OUT = "notifications-campaign-fan-out";
    public static final String BATCHES = "notifications-campaign-batches";
    public static final String JOBS = "notifications-campaign-jobs";
    public static final String TALLIES = "notifications-campaign-tallies";
    public static final String OUTCOMES = "notifications-campaign-outcomes";
    public static final String OUTCOMES_BY_CAMPAIGN = "notifications-campaign-outcomes-key-by-campaign";
    public static final String MERGE_OUTCOMES = "notifications-campaign-merge-outcomes";
    /** The repartition of tallies and outcomes by campaign id. */
    public static final String STATUS_UPDATES = "notifications-campaign-status-updates";
    public static final String MERGE_REQUESTS = "notifications-campaign-status-merge-requests";
    public static final String STATUS = "notifications-campaign-status";

    private CampaignTopology() {
    }

    /**
     * Adds the campaigns to {@code builder}.
     *
     * @param notificationEvents {@code notifications.notification-events} as read, keyed by user id (the builder reads
     *                           a topic through one source only); events other than the outcomes are ignored
     * @param events             serde of every Avro record read and written; the stores' values and both
     *                           repartition topics are encoded with it
     * @return {@code SendNotification} job requests (attempt 1), keyed by job id
     */
    public static KStream<String, JobCommand> build(StreamsBuilder builder, ValidatedInputs inputs,
            KStream<String, SpecificRecord> notificationEvents, Serde<SpecificRecord> events,
            CampaignSettings settings) {
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUN_STORE), keys,
                AvroSerdes.<CampaignRun>typed(events)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATUS_STORE), keys,
                AvroSerdes.<CampaignStatus>typed(events)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OUTCOME_STORE), keys, keys));

        KStream<String, SpecificRecord> requests = inputs.stream(Topics.CAMPAIGN_EVENTS)
                .filter((campaignId, event) -> event instanceof BulkNotificationRequested request
                        && request.getCampaignId().equals(campaignId), Named.as(REQUESTS));

        Map<String, KStream<String, SpecificRecord>> batches = requests
                .repartition(Repartitioned.<String, SpecificRecord>as(FAN_OUT)
                        .withKeySerde(keys).withValueSerde(events).withNumberOfPartitions(settings.partitions())
                        .withStreamPartitioner(new EveryPartition<>()))
                .process(() -> new CampaignFanOut(settings.fanOutInterval()), Named.as(BATCHES),
                        RUN_STORE, UserDirectory.STORE, PointsStores.USERS, PointsStores.LEGACY_TOTALS,
                        CourseEnrolments.STORE)
                .split(Named.as(BATCHES + "-"))
                .branch((key, output) -> output instanceof JobCommand, Branched.as("jobs"))
                .defaultBranch(Branched.as("tallies"));

        KStream<String, SpecificRecord> outcomes = notificationEvents
                .filter((userId, event) -> campaignOf(event) != null, Named.as(OUTCOMES))
                .selectKey((userId, event) -> campaignOf(event), Named.as(OUTCOMES_BY_CAMPAIGN));
        batches.get(BATCHES + "-tallies")
                .filter((campaignId, tally) -> tally instanceof CampaignTally, Named.as(TALLIES))
                .merge(outcomes, Named.as(MERGE_OUTCOMES))
                .repartition(Repartitioned.<String, SpecificRecord>as(STATUS_UPDATES)
                        .withKeySerde(keys).withValueSerde(events).withNumberOfPartitions(settings.partitions()))
                .merge(requests, Named.as(MERGE_REQUESTS))
                .process(() -> new CampaignStatusProcessor(settings.partitions()), Named.as(STATUS),
                        STATUS_STORE, OUTCOME_STORE);

        return batches.get(BATCHES + "-jobs").mapValues(job -> (JobCommand) job, Named.as(JOBS));
    }

    /** The campaign of a delivery outcome that counts (delivered, or failed for good); null for anything else. */
    private static String campaignOf(SpecificRecord event) {
        if (event instanceof NotificationDelivered delivered) {
            return delivered.getCampaignId();
        }
        if (event instanceof NotificationFailed failed && failed.getFinalFailure()) {
            return failed.getCampaignId();
        }
        return null;
    }
}
