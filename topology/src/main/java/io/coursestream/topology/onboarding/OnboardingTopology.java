package io.coursestream.topology.onboarding;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.notifications.CoursePopularity;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.streams.GlobalStoreCopy;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * Onboarding (SendWelcomeEmail of the original system, its scheduling half): on registration, a welcome-mail job
 * timed for the user's local daytime, with course recommendations from a popularity table.
 *
 * <p>Popularity: the first enrolments of each (user, course) pair (from
 * {@link io.coursestream.topology.notifications.CourseEnrolments}) re-keyed by course id ({@value #ENROLMENTS_BY_COURSE},
 * a repartition with the catalogue's partition count) meet the {@code CoursePublished} and {@code CourseUpdated}
 * events of {@code courses.catalog-events} in one processor ({@value #POPULARITY}, store {@value #POPULARITY_STORE},
 * course id to {@link CoursePopularity}; rules in {@link CoursePopularityFold}). Each change goes to the compacted
 * {@code notifications.course-popularity}, which every instance reads back whole as the global store
 * {@value #COURSE_POPULARITY_STORE}: a registration in any task can then rank every course.
 *
 * <p>Welcome jobs: each valid {@code UserRegistered} of {@code users.user-events} ({@value #WELCOME}, in the user's
 * task) becomes a {@code JobCommand} (SEND_WELCOME_EMAIL, queue EMAILS, attempt 1, keyed by its job id) for the job
 * scheduler, built by {@link WelcomeJobs}: job id and unique key derived from the user id, {@code notBefore} null
 * (at once) or, when the registration happened or is decided outside the user's send window, the window's next start
 * in the user's zone (a zone the JVM does not know counts as {@link OnboardingSettings#defaultZone()}), and
 * recommendations ranked by {@link Recommendations} over the global store. Rules, in order:
 * <ul>
 *   <li>once per user: the store {@value #WELCOME_STORE} (user id to the wall-clock millis it was decided) remembers
 *       every registration decided, so a redelivered or replayed UserRegistered enqueues nothing more;</li>
 *   <li>stale registrations: one whose {@code occurredAt} is more than {@link OnboardingSettings#staleAfter()} older
 *       than the wall clock when it is processed gets no mail, but is remembered like a mailed one. A first
 *       deployment, or a new instance replaying years of history, must not greet every user again. They are
 *       counted (metric {@code stale-registrations-total}, group {@code stream-onboarding-metrics}), and logged at
 *       DEBUG only.</li>
 * </ul>
 * A registration is only ever decided once, against the popularity table as it stands then.
 *
 * <p>Outputs: {@code notifications.course-popularity} and the returned job requests. Named state:
 * {@value #POPULARITY_STORE}, {@value #WELCOME_STORE}, the global {@value #COURSE_POPULARITY_STORE}. Nodes:
 * {@code onboarding-*}.
 */
public final class OnboardingTopology {

    /** Course id to its {@link CoursePopularity}, as the popularity processor last wrote it. */
    public static final String POPULARITY_STORE = "onboarding-popularity-store";
    /** Global: {@code notifications.course-popularity} read back, course id to {@link CoursePopularity}. */
    public static final String COURSE_POPULARITY_STORE = "onboarding-course-popularity-store";
    /** User id to the wall-clock epoch millis their welcome mail was decided (requested or skipped as stale). */
    public static final String WELCOME_STORE = "onboarding-welcome-store";
    public static final String ENROLMENTS_BY_COURSE = "onboarding-enrolments-by-course";
    public static final String POPULARITY = "onboarding-popularity";
    public static final String COURSE_POPULARITY = "onboarding-course-popularity";
    public static final String WELCOME = "onboarding-welcome";

    private OnboardingTopology() {
    }

    /**
     * Adds the popularity table and the welcome jobs to {@code builder}.
     *
     * @param firstEnrolments the first CourseEnrolled of each (user, course) pair, keyed by user id
     * @param events          serde of every Avro record read and written; the popularity store's values too
     * @return the welcome-mail job requests (attempt 1), keyed by job id, for the job scheduler
     */
    public static KStream<String, JobCommand> build(StreamsBuilder builder, ValidatedInputs inputs,
            KStream<String, CourseEnrolled> firstEnrolments, Serde<SpecificRecord> events, OnboardingSettings settings) {
        Serde<String> keys = Serdes.String();
        Serde<CoursePopularity> popularity = AvroSerdes.typed(events);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POPULARITY_STORE), keys,
                popularity));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WELCOME_STORE), keys,
                Serdes.Long()));
        // A global store is restored from its topic, not a changelog: GlobalStoreCopy only copies records into it.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COURSE_POPULARITY_STORE), keys, popularity)
                        .withLoggingDisabled(),
                Topics.COURSE_POPULARITY.name(),
                Consumed.with(keys, popularity).withName(COURSE_POPULARITY),
                () -> new GlobalStoreCopy<>(COURSE_POPULARITY_STORE));

        KStream<String, SpecificRecord> enrolmentsByCourse = firstEnrolments
                .map((userId, enrolled) -> KeyValue.pair(enrolled.getCourseId(), (SpecificRecord) enrolled),
                        Named.as("onboarding-enrolments-key-by-course"))
                .repartition(Repartitioned.<String, SpecificRecord>as(ENROLMENTS_BY_COURSE)
                        .withKeySerde(keys).withValueSerde(events)
                        .withNumberOfPartitions(Topics.CATALOG_EVENTS.partitions()));
        inputs.stream(Topics.CATALOG_EVENTS)
                .filter((courseId, event) -> event instanceof CoursePublished || event instanceof CourseUpdated,
                        Named.as("onboarding-catalog-courses"))
                .merge(enrolmentsByCourse, Named.as("onboarding-popularity-merge-enrolments"))
                .process(PopularityTable::new, Named.as(POPULARITY), POPULARITY_STORE)
                .to(Topics.COURSE_POPULARITY.name(), Produced.with(keys, popularity).withName("onboarding-popularity-sink"));

        return inputs.stream(Topics.USER_EVENTS)
                .process(() -> new WelcomeRequests(settings), Named.as(WELCOME), WELCOME_STORE);
    }

    /** Counts enrolments and keeps the catalogue's title and language per course; forwards each changed record. */
    private static final class PopularityTable
            implements Processor<String, SpecificRecord, String, CoursePopularity> {

        private ProcessorContext<String, CoursePopularity> context;
        private KeyValueStore<String, CoursePopularity> store;

        @Override
        public void init(ProcessorContext<String, CoursePopularity> context) {
            this.context = context;
            this.store = context.getStateStore(POPULARITY_STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (record.key() == null || record.value() == null) {
                return;
            }
            CoursePopularity current = store.get(record.key());
            CoursePopularity next = CoursePopularityFold.apply(current, record.key(), record.value());
            if (next != current) {
                store.put(record.key(), next);
                context.forward(record.withValue(next));
            }
        }
    }

    /** Decides each user's welcome mail once: a job request, or nothing for a stale registration. */
    private static final class WelcomeRequests implements Processor<String, SpecificRecord, String, JobCommand> {

        private static final Logger LOG = LoggerFactory.getLogger(WelcomeRequests.class);

        private final OnboardingSettings settings;
        private ProcessorContext<String, JobCommand> context;
        private KeyValueStore<String, Long> decided;
        private KeyValueStore<String, CoursePopularity> courses;
        private Sensor staleRegistrations;

        WelcomeRequests(OnboardingSettings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, JobCommand> context) {
            this.context = context;
            this.decided = context.getStateStore(WELCOME_STORE);
            this.courses = context.getStateStore(COURSE_POPULARITY_STORE);
            // A first deployment over years of history skips every registration: counted, not logged one by one.
            this.staleRegistrations = context.metrics().addRateTotalSensor("onboarding",
                    "welcome-requests-" + context.taskId(), "stale-registrations", Sensor.RecordingLevel.INFO);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            if (!(record.value() instanceof UserRegistered registered) || !registered.getUserId().equals(record.key())) {
                return;
            }
            String userId = registered.getUserId();
            if (decided.get(userId) != null) {
                return;
            }
            long now = context.currentSystemTimeMs();
            decided.put(userId, now);
            Instant registeredAt = registered.getMetadata().getOccurredAt();
            if (registeredAt.plus(settings.staleAfter()).isBefore(Instant.ofEpochMilli(now))) {
                staleRegistrations.record();
                LOG.debug("No welcome mail for user {}: registered at {}, more than {} before now (event {} at {})",
                        userId, registeredAt, settings.staleAfter(), registered.getMetadata().getEventId(),
                        context.recordMetadata().map(at -> at.topic() + "-" + at.partition() + "@" + at.offset())
                                .orElse("unknown offset"));
                return;
            }
            JobCommand request = WelcomeJobs.request(registered, recommendationsFor(registered), settings,
                    Instant.ofEpochMilli(now));
            context.forward(record.withKey(request.getJobId()).withValue(request));
        }

        private List<CourseRecommendation> recommendationsFor(UserRegistered registered) {
            try (KeyValueIterator<String, CoursePopularity> all = courses.all()) {
                return Recommendations.best(new Values(all), registered.getLocaleSettings().getLocale(),
                        settings.recommendations());
            }
        }
    }

    /** The values of a store iterator, for the ranking, which knows nothing of stores. */
    private record Values(KeyValueIterator<String, CoursePopularity> entries)
            implements Iterator<CoursePopularity> {

        @Override
        public boolean hasNext() {
            return entries.hasNext();
        }

        @Override
        public CoursePopularity next() {
            return entries.next().value;
        }
    }
}
