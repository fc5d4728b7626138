package io.coursestream.topology.learning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.certificates.CertificateRegenerationBatchEnqueued;
import io.coursestream.schemas.certificates.CertificateRegenerationRun;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.control.GenerateCourseCertificates;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseProgress;
import io.coursestream.schemas.learning.CourseStructure;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.learning.LearnerCertificate;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.notifications.UserDirectoryEntry;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.topology.notifications.NotificationPermission;
import io.coursestream.topology.notifications.UserDirectory;
import io.coursestream.topology.streams.DerivedIds;

/**
 * One learner's courses, in the learner's task (records keyed by user id; regeneration commands reach every task).
 *
 * <ul>
 * <li>{@code EpisodeCompleted} adds the episode to the learner's progress ({@value LearningTopology#PROGRESS_STORE},
 * each episode once) measured against the course's structure ({@value LearningTopology#STRUCTURE_STORE}); when every
 * required episode is done the course is complete: a {@code CourseCompleted} detected by
 * {@value #DETECTED_BY}, once.</li>
 * <li>An upstream {@code CourseCompleted} completes the course as well, its episodes counted as evidence; it is not
 * echoed, and a completion arriving for a complete course (detected or upstream, first or replayed) changes
 * nothing.</li>
 * <li>A complete course whose structure is known and whose required episodes the learner is seen to have done gets
 * one certificate ({@value LearningTopology#CERTIFICATES_STORE}): a random verification code and one
 * GenerateCourseCertificate job. An upstream completion that runs ahead of the episodes waits for them.</li>
 * <li>{@code GenerateCourseCertificates} regenerates the task's certificates of a course in batches, each keeping its
 * code: the first batch at once, the next one every interval of wall-clock time, each reported as a
 * {@code CertificateRegenerationBatchEnqueued} ({@value LearningTopology#REGENERATIONS_STORE} holds the runs).</li>
 * </ul>
 * Outputs: CourseProgress keyed {@code userId:courseId}, CourseCompleted keyed by user, job requests keyed by job id,
 * batch reports keyed by command id. The certificate mail is decided here, where the user directory is: it goes when
 * the learner may receive course-activity e-mail.
 */
final class LearningProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    static final String DETECTED_BY = "stream-processor";
    private static final String UPSTREAM = "upstream";
    private static final char SEPARATOR = '\u0000';
    private static final LocaleSettings DEFAULT_LOCALE = new LocaleSettings("en", "UTC");

    private final LearningSettings settings;
    private final VerificationCodes codes = new VerificationCodes();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, CourseStructure> courses;
    private KeyValueStore<String, CourseProgress> progress;
    private KeyValueStore<String, LearnerCertificate> certificates;
    private KeyValueStore<String, CertificateRegenerationRun> regenerations;
    private KeyValueStore<String, UserDirectoryEntry> directory;

    LearningProcessor(LearningSettings settings) {
        this.settings = settings;
    }

    /** The key of a learner's progress in a course, here and on {@code learning.course-progress}. */
    static String progressKey(String userId, String courseId) {
        return userId + ":" + courseId;
    }

    /** The key of a learner's certificate of a course: course first, so a course's certificates are one range. */
    static String certificateKey(String courseId, String userId) {
        return courseId + SEPARATOR + userId;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        courses = context.getStateStore(LearningTopology.STRUCTURE_STORE);
        progress = context.getStateStore(LearningTopology.PROGRESS_STORE);
        certificates = context.getStateStore(LearningTopology.CERTIFICATES_STORE);
        regenerations = context.getStateStore(LearningTopology.REGENERATIONS_STORE);
        directory = context.getStateStore(UserDirectory.STORE);
        context.schedule(settings.regenerationInterval(), PunctuationType.WALL_CLOCK_TIME, this::nextBatches);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof EpisodeCompleted episode) {
            episodeCompleted(episode);
        } else if (record.value() instanceof CourseCompleted completed) {
            courseCompleted(completed);
        } else if (record.value() instanceof GenerateCourseCertificates command) {
            startRegeneration(command);
        }
    }

    private void episodeCompleted(EpisodeCompleted episode) {
        String key = progressKey(episode.getUserId(), episode.getCourseId());
        Instant at = episode.getMetadata().getOccurredAt();
        CourseProgress before = progress.get(key);
        if (before == null) {
            before = CourseProgressRules.start(episode.getUserId(), episode.getCourseId(), at);
        } else if (before.getCompletedEpisodeIds().contains(episode.getEpisodeId())) {
            return; // watched again, or the same event again: progress counts an episode once
        }
        CourseStructure course = courses.get(episode.getCourseId());
        CourseProgress after = CourseProgressRules.measured(CourseProgress.newBuilder(before)
                .setCompletedEpisodeIds(CourseProgressRules.union(before.getCompletedEpisodeIds(),
                        List.of(episode.getEpisodeId())))
                .setWatchedSeconds(before.getWatchedSeconds() + Math.max(0, episode.getWatchedSeconds()))
                .setLastEpisodeId(episode.getEpisodeId())
                .setUpdatedAt(at)
                .build(), course);
        if (after.getCompletedAt() == null && CourseProgressRules.requirementsMet(after)) {
            CourseCompleted detected = detectedCompletion(after, episode.getMetadata());
            after = CourseProgress.newBuilder(after)
                    .setCompletedAt(at)
                    .setCompletionDetectedBy(DETECTED_BY)
                    .setCompletionEventId(detected.getMetadata().getEventId().toString())
                    .build();
            context.forward(new Record<>(after.getUserId(), detected, at.toEpochMilli()));
        }
        save(key, after);
        requestCertificate(after, course, episode.getMetadata());
    }

    private void courseCompleted(CourseCompleted completed) {
        String key = progressKey(completed.getUserId(), completed.getCourseId());
        Instant at = completed.getMetadata().getOccurredAt();
        CourseProgress before = progress.get(key);
        if (before != null && before.getCompletedAt() != null) {
            return; // complete already: the first completion counts
        }
        if (before == null) {
            before = CourseProgressRules.start(completed.getUserId(), completed.getCourseId(), at);
        }
        String detectedBy = completed.getDetectedBy() == null || completed.getDetectedBy().isBlank() ? UPSTREAM
                : completed.getDetectedBy();
        CourseStructure course = courses.get(completed.getCourseId());
        CourseProgress after = CourseProgressRules.measured(CourseProgress.newBuilder(before)
                .setCompletedEpisodeIds(CourseProgressRules.union(before.getCompletedEpisodeIds(),
                        completed.getCompletedEpisodeIds()))
                .setCompletedAt(at)
                .setCompletionDetectedBy(detectedBy)
                .setCompletionEventId(completed.getMetadata().getEventId().toString())
                .setUpdatedAt(at)
                .build(), course);
        save(key, after);
        requestCertificate(after, course, completed.getMetadata());
    }

    private CourseCompleted detectedCompletion(CourseProgress progress, EventMetadata cause) {
        String subject = progressKey(progress.getUserId(), progress.getCourseId());
        return CourseCompleted.newBuilder()
                .setMetadata(DerivedIds.metadata("course-completed", subject, cause.getOccurredAt(),
                        cause.getCorrelationId(), cause.getEventId().toString(), DETECTED_BY))
                .setUserId(progress.getUserId())
                .setCourseId(progress.getCourseId())
                .setCompletedEpisodes(progress.getCompletedEpisodeIds().size())
                .setDetectedBy(DETECTED_BY)
                .setCompletedEpisodeIds(List.copyOf(progress.getCompletedEpisodeIds()))
                .build();
    }

    private void save(String key, CourseProgress value) {
        progress.put(key, value);
        context.forward(new Record<>(key, value, value.getUpdatedAt().toEpochMilli()));
    }

    /** The first certificate of a complete course, once its evidence is in. */
    private void requestCertificate(CourseProgress complete, CourseStructure course, EventMetadata cause) {
        if (complete.getCompletedAt() == null || course == null) {
            return;
        }
        Set<String> required = CourseProgressRules.requiredEpisodes(course);
        if (complete.getCompletedRequiredCount() < required.size()) {
            return; // an upstream completion ahead of the episodes: the last one requests it
        }
        String key = certificateKey(complete.getCourseId(), complete.getUserId());
        if (certificates.get(key) != null) {
            return;
        }
        Instant at = cause.getOccurredAt();
        LearnerCertificate certificate = LearnerCertificate.newBuilder()
                .setUserId(complete.getUserId())
                .setCourseId(complete.getCourseId())
                .setCertificateId(CertificateJobs.certificateId(complete.getUserId(), complete.getCourseId()))
                .setVerificationCode(codes.next())
                .setTemplateVersion(settings.templateVersion())
                .setCompletionEventId(complete.getCompletionEventId())
                .setCompletedAt(complete.getCompletedAt())
                .setRequestedAt(at)
                .setRequiredEpisodeCount(required.size())
                .setCompletedEpisodeIds(List.copyOf(complete.getCompletedEpisodeIds()))
                .build();
        certificates.put(key, certificate);
        UserDirectoryEntry entry = directory.get(complete.getUserId());
        forwardJob(CertificateJobs.request(certificate, course, learner(complete.getUserId(), entry),
                certificate.getTemplateVersion(), null, mayMail(entry), cause.getCorrelationId(),
                cause.getEventId().toString(), at));
    }

    private void startRegeneration(GenerateCourseCertificates command) {
        if (regenerations.get(command.getCommandId()) != null) {
            return; // the same command again
        }
        int total = 0;
        try (KeyValueIterator<String, LearnerCertificate> course = courseCertificates(command.getCourseId(), null)) {
            for (; course.hasNext(); course.next()) {
                total++;
            }
        }
        CertificateRegenerationRun run = new CertificateRegenerationRun(command, context.taskId().partition(), total,
                0, 0, null, false);
        regenerations.put(command.getCommandId(), nextBatch(run, command.getMetadata().getOccurredAt()));
    }

    private void nextBatches(long wallClockMillis) {
        List<KeyValue<String, CertificateRegenerationRun>> running = new ArrayList<>();
        try (KeyValueIterator<String, CertificateRegenerationRun> runs = regenerations.all()) {
            runs.forEachRemaining(run -> {
                if (!run.value.getFinished()) {
                    running.add(run);
                }
            });
        }
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        running.forEach(run -> regenerations.put(run.key, nextBatch(run.value, now)));
    }

    /** Requests the run's next batch, reports it, and returns the run after it. */
    private CertificateRegenerationRun nextBatch(CertificateRegenerationRun run, Instant at) {
        GenerateCourseCertificates command = run.getCommand();
        CourseStructure course = courses.get(command.getCourseId());
        int size = Math.max(1, command.getBatchSize());
        int jobs = 0;
        String cursor = run.getCursor();
        boolean more = false;
        if (course != null) { // a course the catalogue does not know has nothing to print
            try (KeyValueIterator<String, LearnerCertificate> batch = courseCertificates(command.getCourseId(),
                    cursor)) {
                for (; jobs < size && batch.hasNext(); jobs++) {
                    KeyValue<String, LearnerCertificate> next = batch.next();
                    cursor = next.key;
                    regenerate(next.value, course, command, at);
                }
                more = batch.hasNext();
            }
        }
        CertificateRegenerationRun after = CertificateRegenerationRun.newBuilder(run)
                .setEnqueued(run.getEnqueued() + jobs)
                .setBatches(run.getBatches() + 1)
                .setCursor(cursor)
                .setFinished(!more)
                .build();
        context.forward(new Record<>(command.getCommandId(), batchReport(after, jobs, at), at.toEpochMilli()));
        return after;
    }

    private void regenerate(LearnerCertificate certificate, CourseStructure course, GenerateCourseCertificates command,
            Instant at) {
        LearnerCertificate renewed = LearnerCertificate.newBuilder(certificate)
                .setTemplateVersion(command.getTemplateVersion())
                .build();
        certificates.put(certificateKey(certificate.getCourseId(), certificate.getUserId()), renewed);
        UserDirectoryEntry entry = directory.get(certificate.getUserId());
        forwardJob(CertificateJobs.request(renewed, course, learner(certificate.getUserId(), entry),
                command.getTemplateVersion(), command.getCommandId(),
                command.getNotifyLearners() && mayMail(entry), command.getMetadata().getCorrelationId(),
                command.getMetadata().getEventId().toString(), at));
    }

    private CertificateRegenerationBatchEnqueued batchReport(CertificateRegenerationRun run, int jobs, Instant at) {
        GenerateCourseCertificates command = run.getCommand();
        String subject = command.getCommandId() + ":" + run.getPartition() + ":" + run.getBatches();
        return CertificateRegenerationBatchEnqueued.newBuilder()
                .setMetadata(DerivedIds.metadata("certificate-regeneration-batch", subject, at,
                        command.getMetadata().getCorrelationId(), command.getMetadata().getEventId().toString(),
                        DETECTED_BY))
                .setCommandId(command.getCommandId())
                .setCourseId(command.getCourseId())
                .setTemplateVersion(command.getTemplateVersion())
                .setPartition(run.getPartition())
                .setPartitions(LearningTopology.PARTITIONS)
                .setBatch(run.getBatches())
                .setJobs(jobs)
                .setEnqueued(run.getEnqueued())
                .setTotal(run.getTotal())
                .setFinished(run.getFinished())
                .build();
    }

    /** The course's certificates in this task after {@code cursor} (null: from the first). */
    private KeyValueIterator<String, LearnerCertificate> courseCertificates(String courseId, String cursor) {
        String first = cursor == null ? courseId + SEPARATOR : cursor + SEPARATOR;
        return certificates.range(first, courseId + (char) (SEPARATOR + 1));
    }

    private void forwardJob(JobCommand job) {
        context.forward(new Record<>(job.getJobId(), job, job.getEnqueuedAt().toEpochMilli()));
    }

    private static CertificateJobs.Learner learner(String userId, UserDirectoryEntry entry) {
        if (entry == null) {
            return new CertificateJobs.Learner(userId, null, DEFAULT_LOCALE);
        }
        String name = entry.getDisplayName() == null || entry.getDisplayName().isBlank() ? userId
                : entry.getDisplayName();
        return new CertificateJobs.Learner(name, entry.getEmail(),
                entry.getLocaleSettings() == null ? DEFAULT_LOCALE : entry.getLocaleSettings());
    }

    /** Course-activity e-mail the learner has not turned off, to an address that is not suppressed. */
    private static boolean mayMail(UserDirectoryEntry entry) {
        return NotificationPermission.check(entry, NotificationCategory.COURSE_ACTIVITY, NotificationChannel.EMAIL)
                .allowed();
    }
}
