package io.coursestream.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.coursestream.admin.FailedJobsJson.AttemptError;
import io.coursestream.admin.FailedJobsJson.FailedJob;
import io.coursestream.admin.FailedJobsJson.Page;

/** Failed jobs as an operator reads them in a terminal: a table for the list, a report for one job. */
final class FailedJobsText {

    /** Room for the last error in the table; {@code show} prints it whole. */
    static final int LAST_ERROR_WIDTH = 80;
    private static final List<String> HEADER =
            List.of("JOB ID", "TYPE", "QUEUE", "REASON", "ATTEMPTS", "DEAD-LETTERED AT", "LAST ERROR");

    private FailedJobsText() {
    }

    static void printTable(Page page, PrintWriter out) {
        if (page.jobs().isEmpty()) {
            out.println("no failed jobs");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (FailedJob job : page.jobs()) {
            rows.add(List.of(text(job.jobId()), text(job.type()), text(job.queue()), text(job.reason()),
                    Integer.toString(job.attempts()), text(job.deadLetteredAt()),
                    truncate(lastError(job.lastError()), LAST_ERROR_WIDTH)));
        }
        Columns.print(rows, out);
        out.println(page.jobs().size() + " of " + page.total() + " failed jobs");
    }

    static void printReport(FailedJob job, PrintWriter out) {
        out.println("job id:           " + text(job.jobId()));
        out.println("type:             " + text(job.type()));
        out.println("queue:            " + text(job.queue()));
        out.println("reason:           " + text(job.reason())
                + (job.reasonDetail() == null ? "" : " (" + job.reasonDetail() + ")"));
        out.println("attempts:         " + job.attempts());
        out.println("dead-lettered at: " + text(job.deadLetteredAt()));
        out.println("original record:  " + text(job.originalTopic()) + "-" + text(job.originalPartition())
                + "@" + text(job.originalOffset()));
        if (job.requeuedBy() != null) {
            out.println("requeued by:      " + job.requeuedBy());
        }
        List<AttemptError> errors = job.errors().isEmpty() && job.lastError() != null
                ? List.of(job.lastError())
                : job.errors();
        for (AttemptError error : errors) {
            out.println();
            out.println("attempt " + error.attempt() + " failed at " + text(error.failedAt())
                    + (error.retriable() ? " (retriable)" : " (not retriable)"));
            out.println("  " + lastError(error));
            for (String cause : error.causes()) {
                out.println("  caused by " + cause);
            }
            if (error.stackTrace() != null) {
                error.stackTrace().lines().forEach(line -> out.println("    " + line));
            }
        }
    }

    private static String lastError(AttemptError error) {
        if (error == null) {
            return "-";
        }
        return error.message() == null || error.message().isEmpty()
                ? text(error.errorClass())
                : text(error.errorClass()) + ": " + error.message().replace('\n', ' ');
    }

    static String truncate(String value, int width) {
        return value.length() <= width ? value : value.substring(0, width - 3) + "...";
    }

    private static String text(Object value) {
        return Objects.toString(value, "-");
    }
}
