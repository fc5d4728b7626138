package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.certificates.CertificateRegenerationBatchEnqueued;
import io.coursestream.schemas.control.GenerateCourseCertificates;
import io.coursestream.schemas.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code certificates regenerate}: writes one {@link GenerateCourseCertificates} and follows the run on
 * {@code certificates.regeneration-runs} ({@link CertificateRegenerationBatchEnqueued}, keyed by the command id): one
 * line per batch as it is enqueued, then the total once every partition has finished. Exits 1 when not every
 * partition finished in time, after printing what did arrive; the batches already enqueued stay enqueued.
 */
@Command(name = "regenerate", mixinStandardHelpOptions = true,
        description = "Regenerate every certificate of a course with a template version, keeping their codes, and "
                + "follow the batches.")
final class CertificateRegenerateCommand implements Callable<Integer> {

    static final int MAX_BATCH_SIZE = 10_000;

    @ParentCommand
    CertificatesCommand certificates;

    @Spec
    CommandSpec spec;

    @Option(names = "--course", required = true, paramLabel = "<courseId>",
            description = "The course whose certificates are regenerated.")
    String courseId;

    @Option(names = "--template-version", required = true, paramLabel = "<n>",
            description = "The certificate template version to render with (from 1).")
    int templateVersion;

    @Option(names = "--batch-size", paramLabel = "<n>", defaultValue = "100",
            description = "Certificates enqueued per batch on each partition, 1 to " + MAX_BATCH_SIZE
                    + " (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--notify", description = "Mail the regenerated certificates to their learners again.")
    boolean notifyLearners;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "PT10M",
            description = "How long to wait for every partition to finish, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        if (courseId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--course must not be blank");
        }
        if (templateVersion < 1) {
            throw new ParameterException(spec.commandLine(), "--template-version starts at 1, not " + templateVersion);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ParameterException(spec.commandLine(),
                    "--batch-size must be between 1 and " + MAX_BATCH_SIZE + ", not " + batchSize);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive, not " + timeout);
        }
        AdminCli admin = certificates.admin;
        PrintWriter out = spec.commandLine().getOut();
        ProducerRecord<String, SpecificRecord> command = CertificateRegenerationCommands.generate(courseId,
                templateVersion, batchSize, notifyLearners, admin.operator(), Instant.now());
        CertificateRegeneration run = new CertificateRegeneration(command.key(), courseId, templateVersion);
        try (CommandRunWatch watch = CommandRunWatch.atEnd(admin.bootstrapServers, admin.registryUrl,
                Topics.CERTIFICATE_REGENERATIONS)) {
            try (ControlCommandWriter writer = admin.controlCommandWriter()) {
                writer.write(List.of(command));
            }
            out.println("regeneration " + run.commandId() + " of course " + courseId + " with template v"
                    + templateVersion + " requested (batches of " + batchSize
                    + (notifyLearners ? ", learners notified" : "") + "); waiting up to " + seconds(timeout)
                    + " for every partition to finish");
            out.flush();
            watch.await(run.commandId(), timeout, run::complete, value -> {
                if (value instanceof CertificateRegenerationBatchEnqueued batch && run.add(batch)) {
                    out.println(CertificateRegeneration.progress(batch));
                    out.flush();
                }
            });
        }
        out.println(run.summary());
        out.flush();
        if (!run.complete()) {
            throw new AdminException(timeoutMessage(run));
        }
        return 0;
    }

    private String timeoutMessage(CertificateRegeneration run) {
        if (run.expected() == 0) {
            return "no partition answered regeneration " + run.commandId() + " within " + seconds(timeout)
                    + "; is the stream processor running with the certificates topology? (the command stays on "
                    + "control.commands and runs when it gets there)";
        }
        return "regeneration " + run.commandId() + ": " + run.finished() + " of " + run.expected()
                + " partitions finished within " + seconds(timeout) + ", not finished: "
                + run.unfinished().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
