package io.coursestream.topology.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignRun;
import io.coursestream.schemas.notifications.CampaignTally;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.points.PointsTotal;
import io.coursestream.schemas.points.PointsUserState;
import io.coursestream.topology.points.PointsStores;

/**
 * One task's part of every campaign: its copy of each request starts a run ({@link CampaignRun}, keyed by campaign
 * id), and a wall-clock punctuator walks the task's users in user-id order, one batch per run and tick, turning each
 * user in the audience into one {@code SendNotification} job request per allowed channel. After each batch it
 * forwards a {@link CampaignTally} (keyed by campaign id) with what the batch did.
 *
 * <p>The cursor and the jobs of a batch change in one punctuation, so under exactly-once a restart resumes after the
 * last batch committed, neither repeating nor skipping one; were one repeated anyway, the job ids and unique keys are
 * those of the notifications, so the scheduler would keep one of each. A user who registers while a run is under way
 * is in it if their id sorts after the cursor.
 *
 * <p>Output: {@link JobCommand} keyed by job id and {@link CampaignTally} keyed by campaign id, both as records.
 */
final class CampaignFanOut implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Skip reason for a WEBHOOK notification of a campaign that names no URL: the directory keeps none per user. */
    static final String NO_WEBHOOK_URL = "NO_WEBHOOK_URL";
    static final String WEBHOOK_URL_PARAMETER = "webhookUrl";

    private static final Logger LOG = LoggerFactory.getLogger(CampaignFanOut.class);

    private final Duration interval;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, CampaignRun> runs;
    private KeyValueStore<String, UserDirectoryEntry> directory;
    private KeyValueStore<String, PointsUserState> pointsUsers;
    private KeyValueStore<String, PointsTotal> legacyTotals;
    private KeyValueStore<String, Long> enrolments;

    CampaignFanOut(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.runs = context.getStateStore(CampaignTopology.RUN_STORE);
        this.directory = context.getStateStore(UserDirectory.STORE);
        this.pointsUsers = context.getStateStore(PointsStores.USERS);
        this.legacyTotals = context.getStateStore(PointsStores.LEGACY_TOTALS);
        this.enrolments = context.getStateStore(CourseEnrolments.STORE);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::fanOut);
    }

    /** A request starts this task's run, once: a replayed request finds the run (running or done) and is ignored. */
    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (!(record.value() instanceof BulkNotificationRequested request)) {
            return;
        }
        String campaignId = request.getCampaignId();
        if (runs.get(campaignId) != null) {
            LOG.debug("Ignoring request {} for campaign {}: already run in this task",
                    request.getMetadata().getEventId(), campaignId);
            return;
        }
        runs.put(campaignId, CampaignRun.newBuilder()
                .setCampaignId(campaignId)
                .setRequest(request)
                .setCursor(null)
                .setBatches(0)
                .setDone(false)
                .build());
    }

    /**
     * The next batch of every unfinished run whose {@code sendAfter} has passed. Finished runs stay in the store (a
     * few hundred bytes per campaign) so replays are recognised; at campaign volumes scanning them costs nothing.
     */
    private void fanOut(long now) {
        List<CampaignRun> due = new ArrayList<>();
        try (KeyValueIterator<String, CampaignRun> all = runs.all()) {
            all.forEachRemaining(run -> {
                if (!run.value.getDone() && startsBy(run.value.getRequest(), now)) {
                    due.add(run.value);
                }
            });
        }
        for (CampaignRun run : due) {
            batch(run, Instant.ofEpochMilli(now));
        }
    }

    private static boolean startsBy(BulkNotificationRequested request, long now) {
        return request.getSendAfter() == null || request.getSendAfter().toEpochMilli() <= now;
    }

    private void batch(CampaignRun run, Instant now) {
        BulkNotificationRequested request = run.getRequest();
        List<NotificationChannel> channels = new ArrayList<>(new LinkedHashSet<>(request.getChannels()));
        int size = Math.max(1, request.getBatchSize());
        Counts counts = new Counts();
        List<JobCommand> jobs = new ArrayList<>();
        String cursor = run.getCursor();
        boolean more;
        // Range starts are inclusive: the cursor's own user, done in the previous batch, is skipped.
        try (KeyValueIterator<String, UserDirectoryEntry> users = cursor == null ? directory.all()
                : directory.range(cursor, null)) {
            int looked = 0;
            while (looked < size && users.hasNext()) {
                KeyValue<String, UserDirectoryEntry> user = users.next();
                if (user.key.equals(run.getCursor())) {
                    continue;
                }
                looked++;
                cursor = user.key;
                if (CampaignAudiences.includes(request.getAudience(), new StoredMember(user.key, user.value))) {
                    counts.audience++;
                    for (NotificationChannel channel : channels) {
                        consider(request, user.value, channel, counts, jobs, now);
                    }
                }
            }
            more = users.hasNext();
        }
        int batch = run.getBatches() + 1;
        runs.put(run.getCampaignId(), CampaignRun.newBuilder(run)
                .setCursor(cursor)
                .setBatches(batch)
                .setDone(!more)
                .build());
        long at = now.toEpochMilli();
        for (JobCommand job : jobs) {
            context.forward(new Record<>(job.getJobId(), job, at));
        }
        context.forward(new Record<>(run.getCampaignId(), CampaignTally.newBuilder()
                .setCampaignId(run.getCampaignId())
                .setPartition(context.taskId().partition())
                .setBatch(batch)
                .setAudience(counts.audience)
                .setTargeted(counts.targeted)
                .setSent(counts.sent)
                .setSkippedByReason(counts.skippedByReason)
                .setPartitionDone(!more)
                .setCountedAt(now)
                .build(), at));
        if (!more) {
            LOG.info("Campaign {} fanned out in partition {} after {} batches", run.getCampaignId(),
                    context.taskId().partition(), batch);
        }
    }

    /** One user in the audience on one channel: a job, or a skip with its reason. */
    private static void consider(BulkNotificationRequested request, UserDirectoryEntry user,
            NotificationChannel channel, Counts counts, List<JobCommand> jobs, Instant now) {
        counts.targeted++;
        if (channel == NotificationChannel.WEBHOOK && request.getWebhookUrl() == null) {
            counts.skip(NO_WEBHOOK_URL);
            return;
        }
        NotificationPermission permission = NotificationPermission.check(user, request.getCategory(), channel,
                request.getCritical());
        if (!permission.allowed()) {
            counts.skip(permission.reason().name());
            return;
        }
        counts.sent++;
        jobs.add(NotificationJobs.request(notification(request, user, channel),
                request.getMetadata().getCorrelationId(), request.getMetadata().getEventId().toString(), now));
    }

    static String notificationId(String campaignId, String userId, NotificationChannel channel) {
        return campaignId + ":" + userId + ":" + channel;
    }

    private static SendNotification notification(BulkNotificationRequested request, UserDirectoryEntry user,
            NotificationChannel channel) {
        Map<String, String> parameters = new LinkedHashMap<>(request.getTemplateParameters());
        if (channel == NotificationChannel.WEBHOOK) {
            parameters.put(WEBHOOK_URL_PARAMETER, request.getWebhookUrl());
        }
        return SendNotification.newBuilder()
                .setNotificationId(notificationId(request.getCampaignId(), user.getUserId(), channel))
                .setChannel(channel)
                .setCategory(request.getCategory())
                .setCritical(request.getCritical())
                .setUserId(user.getUserId())
                .setEmail(channel == NotificationChannel.EMAIL ? user.getEmail() : null)
                .setLocaleSettings(user.getLocaleSettings())
                .setTemplateId(request.getTemplateId())
                .setTemplateParams(parameters)
                .setSubject(request.getSubject())
                .setBody(request.getBody())
                .setAttachments(List.of())
                .setCampaignId(request.getCampaignId())
                .build();
    }

    /** What one batch did. */
    private static final class Counts {
        long audience;
        long targeted;
        long sent;
        final Map<String, Long> skippedByReason = new HashMap<>();

        void skip(String reason) {
            skippedByReason.merge(reason, 1L, Long::sum);
        }
    }

    /** One user as the audience rules see them, read from this task's stores when asked. */
    private final class StoredMember implements CampaignAudiences.Member {

        private final String userId;
        private final UserDirectoryEntry entry;

        StoredMember(String userId, UserDirectoryEntry entry) {
            this.userId = userId;
            this.entry = entry;
        }

        @Override
        public String locale() {
            return entry.getLocaleSettings() == null ? null : entry.getLocaleSettings().getLocale();
        }

        @Override
        public int level() {
            PointsTotal total = PointsStores.userTotal(userId, pointsUsers.get(userId), legacyTotals);
            return total == null ? 1 : total.getLevel();
        }

        @Override
        public boolean enrolledIn(String courseId) {
            return enrolments.get(CourseEnrolments.key(userId, courseId)) != null;
        }
    }
}
