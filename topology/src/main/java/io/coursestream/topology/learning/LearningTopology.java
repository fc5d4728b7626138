package io.coursestream.topology.learning;

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
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.certificates.CertificateRecord;
import io.coursestream.schemas.control.GenerateCourseCertificates;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseProgress;
import io.coursestream.schemas.learning.CourseStructure;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.notifications.UserDirectory;
import io.coursestream.topology.streams.EveryPartition;
import io.coursestream.topology.streams.GlobalStoreCopy;
import io.coursestream.topology.validation.ValidatedInputs;

/**
 * Learning progress and certificates (GenerateCourseCertificate of the original system).
 *
 * <ol>
 * <li><b>Course structure</b>: the catalogue ({@code courses.catalog-events}) folded per course
 * ({@link CourseCatalogFold}, {@value #CATALOG_STORE}) onto the compacted {@code learning.course-structure}, read back
 * as the global store {@value #STRUCTURE_STORE}, so a learner's task looks up any course without a repartition.</li>
 * <li><b>Progress, completion, certificate requests and regenerations</b> in the learner's task
 * ({@link LearningProcessor}): {@code learning.learning-events}' EpisodeCompleted and CourseCompleted, and
 * {@code GenerateCourseCertificates} from {@code control.commands} sent to every partition
 * ({@value #REGENERATION_COMMANDS}). Outputs: {@code learning.course-progress}, detected completions on
 * {@code learning.progress-events} (also handed to the points ledger, {@link LearningStreams#completions()}), batch
 * reports on {@code certificates.regeneration-runs}, and GenerateCourseCertificate job requests.</li>
 * <li><b>Verification</b>: {@code certificates.certificate-events} and {@code certificates.certificate-status}, both
 * keyed by verification code, folded into {@value #VERIFICATION_STORE} ({@link CertificateVerification}), which
 * {@code /api/certificates/{code}} reads; and each generated certificate's mail ({@link CertificateMails}).</li>
 * </ol>
 * Nodes: {@code learning-*}, {@code certificates-*}.
 */
public final class LearningTopology {

    /** Course id to {@code CourseStructure}, the fold of the catalogue (task-local). */
    public static final String CATALOG_STORE = "learning-course-catalog-store";
    /** Course id to {@code CourseStructure}, every course, in every instance (global). */
    public static final String STRUCTURE_STORE = "learning-course-structure-store";
    /** {@code userId:courseId} to {@code CourseProgress}, in the learner's partition. */
    public static final String PROGRESS_STORE = "learning-progress-store";
    /** {@code courseId NUL userId} to {@code LearnerCertificate}, in the learner's partition. */
    public static final String CERTIFICATES_STORE = "learning-certificates-store";
    /** Command id to {@code CertificateRegenerationRun}, each task's share of a regeneration. */
    public static final String REGENERATIONS_STORE = "learning-regenerations-store";
    /** Verification code to {@code CertificateRecord}. */
    public static final String VERIFICATION_STORE = "certificates-verification-store";
    public static final String REGENERATION_COMMANDS = "learning-certificate-regenerations";
    static final int PARTITIONS = Topics.LEARNING_EVENTS.partitions();

    /**
     * @param jobRequests the certificate jobs and certificate mails, keyed by job id, for the job scheduler
     * @param completions the completions detected from episode progress, keyed by user id
     */
    public record LearningStreams(KStream<String, JobCommand> jobRequests,
            KStream<String, SpecificRecord> completions) {
    }

    private LearningTopology() {
    }

    /** The key of a learner's progress in a course in {@value #PROGRESS_STORE}; partitioned by the user id. */
    public static String progressKey(String userId, String courseId) {
        return LearningProcessor.progressKey(userId, courseId);
    }

    /**
     * Adds learning progress and certificates to {@code builder}; {@link UserDirectory} must be built first (the
     * learner's name, address, locale and mail preferences come from its store).
     *
     * @param controlCommands {@code control.commands} as read (the builder reads a topic through one source only)
     * @param events          serde of every Avro record read and written
     */
    public static LearningStreams build(StreamsBuilder builder, ValidatedInputs inputs,
            KStream<String, SpecificRecord> controlCommands, Serde<SpecificRecord> events, LearningSettings settings) {
        Serde<String> keys = Serdes.String();
        Serde<CourseStructure> structures = AvroSerdes.typed(events);
        builder.addStateStore(store(CATALOG_STORE, keys, structures));
        builder.addStateStore(store(PROGRESS_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(CERTIFICATES_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(REGENERATIONS_STORE, keys, AvroSerdes.typed(events)));
        builder.addStateStore(store(VERIFICATION_STORE, keys, AvroSerdes.typed(events)));

        inputs.stream(Topics.CATALOG_EVENTS)
                .process(CatalogProcessor::new, Named.as("learning-course-catalog"), CATALOG_STORE)
                .to(Topics.COURSE_STRUCTURE.name(),
                        Produced.with(keys, structures).withName("learning-course-structure-sink"));
        // A global store is restored from its topic, not a changelog: GlobalStoreCopy only copies records into it.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STRUCTURE_STORE), keys,
                structures).withLoggingDisabled(), Topics.COURSE_STRUCTURE.name(),
                Consumed.with(keys, structures).withName("learning-course-structure"), () -> new GlobalStoreCopy<>(STRUCTURE_STORE));

        KStream<String, SpecificRecord> regenerations = controlCommands
                .filter((commandId, command) -> command instanceof GenerateCourseCertificates,
                        Named.as("learning-regeneration-commands"))
                .repartition(Repartitioned.<String, SpecificRecord>as(REGENERATION_COMMANDS)
                        .withKeySerde(keys).withValueSerde(events).withNumberOfPartitions(PARTITIONS)
                        // Sent to every partition: each task regenerates its own learners' certificates.
                        .withStreamPartitioner(new EveryPartition<>()));
        Map<String, KStream<String, SpecificRecord>> outputs = inputs.stream(Topics.LEARNING_EVENTS)
                .filter((userId, event) -> event instanceof EpisodeCompleted || event instanceof CourseCompleted,
                        Named.as("learning-completions-in"))
                .merge(regenerations, Named.as("learning-merge-regenerations"))
                .process(() -> new LearningProcessor(settings), Named.as("learning-progress"), PROGRESS_STORE,
                        CERTIFICATES_STORE, REGENERATIONS_STORE, UserDirectory.STORE)
                .split(Named.as("learning-out-"))
                .branch((key, value) -> value instanceof JobCommand, Branched.as("jobs"))
                .branch((key, value) -> value instanceof CourseCompleted, Branched.as("completions"))
                .defaultBranch(Branched.as("records"));
        outputs.get("learning-out-records").to((key, value, context) -> value instanceof CourseProgress
                ? Topics.COURSE_PROGRESS.name() : Topics.CERTIFICATE_REGENERATIONS.name(),
                Produced.with(keys, events).withName("learning-sink"));
        KStream<String, SpecificRecord> completions = outputs.get("learning-out-completions");
        completions.to(Topics.PROGRESS_EVENTS.name(), Produced.with(keys, events).withName("learning-completions-sink"));
        KStream<String, JobCommand> certificateJobs = outputs.get("learning-out-jobs")
                .mapValues(job -> (JobCommand) job, Named.as("learning-certificate-jobs"));

        KStream<String, SpecificRecord> certificateEvents = builder.stream(Topics.CERTIFICATE_EVENTS.name(),
                Consumed.with(keys, events).withName("certificates-certificate-events-source"));
        certificateEvents
                .merge(builder.stream(Topics.CERTIFICATE_STATUS.name(),
                        Consumed.with(keys, events).withName("certificates-certificate-status-source")),
                        Named.as("certificates-merge-status"))
                .process(VerificationProcessor::new, Named.as("certificates-verification"), VERIFICATION_STORE);
        KStream<String, JobCommand> mails = certificateEvents
                .filter((code, event) -> event instanceof CertificateGenerated generated
                        && generated.getEmail() != null, Named.as("certificates-generated-to-mail"))
                .map((code, event) -> {
                    JobCommand job = CertificateMails.mail((CertificateGenerated) event);
                    return KeyValue.pair(job.getJobId(), job);
                }, Named.as("certificates-mail-jobs"));
        return new LearningStreams(certificateJobs.merge(mails, Named.as("learning-merge-certificate-mails")),
                completions);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<String> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
    }

    /** Folds the catalogue per course and forwards each changed structure. */
    private static final class CatalogProcessor implements Processor<String, SpecificRecord, String, CourseStructure> {

        private ProcessorContext<String, CourseStructure> context;
        private KeyValueStore<String, CourseStructure> courses;

        @Override
        public void init(ProcessorContext<String, CourseStructure> context) {
            this.context = context;
            courses = context.getStateStore(CATALOG_STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            CourseStructure after = CourseCatalogFold.apply(courses.get(record.key()), record.key(), record.value());
            if (after != null) {
                courses.put(record.key(), after);
                context.forward(record.withValue(after));
            }
        }
    }

    /** Folds certificate events and status changes into {@value #VERIFICATION_STORE}. */
    private static final class VerificationProcessor implements Processor<String, SpecificRecord, Void, Void> {

        private KeyValueStore<String, CertificateRecord> records;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            records = context.getStateStore(VERIFICATION_STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            CertificateRecord before = records.get(record.key());
            CertificateRecord after = CertificateVerification.apply(before, record.key(), record.value());
            if (after != null && after != before) {
                records.put(record.key(), after);
            }
        }
    }
}
