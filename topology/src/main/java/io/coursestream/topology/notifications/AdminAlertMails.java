package io.coursestream.topology.notifications;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;

/**
 * Admin alerts as mails to the configured administrators ("admin alerts from the job runtime arrive as mails to the
 * configured admins").
 *
 * <p>Input: {@link AdminAlertRaised} on {@code admin.alerts} (keyed by alert id; written by the job scheduler in the
 * same processor), read through this class's own source node {@value #SOURCE}. Output: per alert and configured
 * address ({@link AdminAlertSettings#adminEmails()}) one {@code SendNotification} job request, keyed by job id, for
 * the caller to hand to the job scheduler: EMAIL, category ADMIN, critical (an administrator's unsubscribe does not
 * silence the runtime), no user, template {@value #TEMPLATE} with the alert's facts as parameters
 * ({@link #templateParameters}), the title as subject, notification id {@code alert:<alertId>:<address>}.
 *
 * <p>Suppression: alerts with a {@code dedupeKey} go by that key ({@value #BY_DEDUPE_KEY}, a repartition) to
 * {@value #DEDUPE}, which mails one only if no alert with the key was mailed within
 * {@link AdminAlertSettings#suppressFor()} of its {@code occurredAt} (event time, so a replay decides the same); state
 * {@value #DEDUPE_STORE}, dedupe key to the {@code occurredAt} of the last alert mailed. A queue that keeps waiting too
 * long thus mails once per window, not once per check. Alerts without a key are each mailed.
 *
 * <p>The topology does not depend on the settings: with no administrators configured the nodes stay and request
 * nothing, so configuring some later keeps the state.
 *
 * <p>Named state: {@value #DEDUPE_STORE}. Nodes: {@code notifications-admin-alert*}.
 */
public final class AdminAlertMails {

    /** Dedupe key to the occurredAt (epoch millis) of the last alert with that key that was mailed. */
    public static final String DEDUPE_STORE = "notifications-admin-alert-dedupe-store";
    public static final String SOURCE = "notifications-admin-alerts-source";
    public static final String SPLIT = "notifications-admin-alerts-";
    public static final String WITH_DEDUPE_KEY = SPLIT + "with-dedupe-key";
    public static final String WITHOUT_DEDUPE_KEY = SPLIT + "without-dedupe-key";
    public static final String KEY_BY_DEDUPE_KEY = "notifications-admin-alerts-key-by-dedupe-key";
    /** The repartition of keyed alerts by dedupe key. */
    public static final String BY_DEDUPE_KEY = "notifications-admin-alerts-by-dedupe-key";
    public static final String DEDUPE = "notifications-admin-alert-dedupe";
    public static final String MERGE = "notifications-admin-alerts-merge";
    public static final String MAILS = "notifications-admin-alert-mails";

    public static final String TEMPLATE = "admin-alert";

    private AdminAlertMails() {
    }

    /**
     * Adds the alert mails to {@code builder}.
     *
     * @param events serde of every Avro record read and written; {@code admin.alerts} and the repartition topic are
     *               read and written with it
     * @return {@code SendNotification} job requests (attempt 1), keyed by job id
     */
    public static KStream<String, JobCommand> build(StreamsBuilder builder, Serde<SpecificRecord> events,
            AdminAlertSettings settings) {
        Serde<String> keys = Serdes.String();
        Serde<AdminAlertRaised> alerts = AvroSerdes.typed(events);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEDUPE_STORE), keys,
                Serdes.Long()));

        Map<String, KStream<String, AdminAlertRaised>> byKey = builder
                .stream(Topics.ADMIN_ALERTS.name(), Consumed.with(keys, alerts).withName(SOURCE))
                .split(Named.as(SPLIT))
                .branch((alertId, alert) -> alert != null && alert.getDedupeKey() != null,
                        Branched.as("with-dedupe-key"))
                .branch((alertId, alert) -> alert != null, Branched.as("without-dedupe-key"))
                .noDefaultBranch();

        KStream<String, AdminAlertRaised> deduplicated = byKey.get(WITH_DEDUPE_KEY)
                .selectKey((alertId, alert) -> alert.getDedupeKey(), Named.as(KEY_BY_DEDUPE_KEY))
                .repartition(Repartitioned.<String, AdminAlertRaised>as(BY_DEDUPE_KEY)
                        .withKeySerde(keys).withValueSerde(alerts).withNumberOfPartitions(Topics.ADMIN_ALERTS.partitions()))
                .process(() -> new Dedupe(settings.suppressFor()), Named.as(DEDUPE), DEDUPE_STORE);

        List<String> addresses = settings.adminEmails();
        return deduplicated
                .merge(byKey.get(WITHOUT_DEDUPE_KEY), Named.as(MERGE))
                .flatMap((key, alert) -> mails(alert, addresses), Named.as(MAILS));
    }

    private static List<KeyValue<String, JobCommand>> mails(AdminAlertRaised alert, List<String> addresses) {
        List<KeyValue<String, JobCommand>> jobs = new ArrayList<>(addresses.size());
        for (String address : addresses) {
            JobCommand job = NotificationJobs.request(mail(alert, address), alert.getMetadata().getCorrelationId(),
                    alert.getMetadata().getEventId().toString(), alert.getMetadata().getOccurredAt());
            jobs.add(KeyValue.pair(job.getJobId(), job));
        }
        return jobs;
    }

    static String notificationId(String alertId, String address) {
        return "alert:" + alertId + ":" + address;
    }

    private static SendNotification mail(AdminAlertRaised alert, String address) {
        return SendNotification.newBuilder()
                .setNotificationId(notificationId(alert.getAlertId(), address))
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(NotificationCategory.ADMIN)
                .setCritical(true)
                .setUserId(null)
                .setEmail(address)
                .setLocaleSettings(null)
                .setTemplateId(TEMPLATE)
                .setTemplateParams(templateParameters(alert))
                .setSubject(alert.getTitle())
                .setBody(null)
                .setAttachments(List.of())
                .setCampaignId(null)
                .build();
    }

    /**
     * What the template gets: the alert's attributes, then title, detail, severity, kind and source, and queue, jobId,
     * jobType, waitMillis and thresholdMillis when set. The named facts win over an attribute of the same name.
     */
    public static Map<String, String> templateParameters(AdminAlertRaised alert) {
        Map<String, String> parameters = new LinkedHashMap<>(alert.getAttributes());
        parameters.put("title", alert.getTitle());
        parameters.put("detail", alert.getDetail());
        parameters.put("severity", alert.getSeverity().name());
        parameters.put("kind", alert.getKind().name());
        parameters.put("source", alert.getSource());
        putIfSet(parameters, "queue", alert.getQueue());
        putIfSet(parameters, "jobId", alert.getJobId());
        putIfSet(parameters, "jobType", alert.getJobType());
        putIfSet(parameters, "waitMillis", alert.getWaitMillis());
        putIfSet(parameters, "thresholdMillis", alert.getThresholdMillis());
        return parameters;
    }

    private static void putIfSet(Map<String, String> parameters, String name, Object value) {
        if (value != null) {
            parameters.put(name, value.toString());
        }
    }

    /** Passes an alert on unless one with its dedupe key (the record key) was mailed within the window. */
    private static final class Dedupe implements Processor<String, AdminAlertRaised, String, AdminAlertRaised> {

        private final Duration suppressFor;
        private ProcessorContext<String, AdminAlertRaised> context;
        private KeyValueStore<String, Long> lastMailed;

        Dedupe(Duration suppressFor) {
            this.suppressFor = suppressFor;
        }

        @Override
        public void init(ProcessorContext<String, AdminAlertRaised> context) {
            this.context = context;
            this.lastMailed = context.getStateStore(DEDUPE_STORE);
        }

        @Override
        public void process(Record<String, AdminAlertRaised> record) {
            long occurredAt = record.value().getMetadata().getOccurredAt().toEpochMilli();
            Long last = lastMailed.get(record.key());
            if (last != null && Math.abs(occurredAt - last) < suppressFor.toMillis()) {
                return;
            }
            // An old alert arriving late is mailed but does not move the window back.
            lastMailed.put(record.key(), last == null ? occurredAt : Math.max(last, occurredAt));
            context.forward(record);
        }
    }
}
