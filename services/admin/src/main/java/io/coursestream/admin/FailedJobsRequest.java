package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.RecordMetadata;

import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.topology.jobs.FailedJobCommands;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code retry} and {@code forget}: write the command for the selected failed jobs to {@code control.commands} and
 * report what was sent. The outcome is the stream processor's to report; this does not wait for it.
 */
abstract class FailedJobsRequest implements Callable<Integer> {

    @ParentCommand
    FailedJobsCommand failedJobs;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FailedJobSelection selection;

    /** "retry" or "forget", as the report names the request. */
    abstract String action();

    abstract FailedJobCommands.Request request(FailedJobSelector selector, String requestedBy, Instant at);

    @Override
    public Integer call() {
        FailedJobCommands.Request request = request(selection.selector(), failedJobs.admin.operator(), Instant.now());
        List<RecordMetadata> written;
        try (ControlCommandWriter writer = failedJobs.admin.controlCommandWriter()) {
            written = writer.write(request.records());
        }
        String where = written.size() == 1
                ? "partition " + written.get(0).partition()
                : written.size() + " partitions";
        PrintWriter out = spec.commandLine().getOut();
        out.println(action() + " of " + selection.describe() + " requested (command "
                + request.commandId() + ", " + where + ")");
        out.flush();
        return 0;
    }
}
