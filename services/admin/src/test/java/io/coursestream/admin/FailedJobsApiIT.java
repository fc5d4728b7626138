// Tier: IT (a real HTTP server on 127.0.0.1 answering as the stream processor's failed-jobs API)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

class FailedJobsApiIT {

    private static final String JOB_ID = "9b2f4c1e-0d7a-4a51-9c3e-5f0c8e2b7a11";
    private static final String OTHER_JOB_ID = "1c0e3a8d-2b6f-4e9a-8d1f-7a4b6c2e9f30";
    private static final String LONG_MESSAGE = "SMTP server smtp.mail.test refused the connection after 30000 ms while"
            + " sending the welcome mail to a user who registered at 09:00";

    private static final String PAGE = """
            {"total": 7, "jobs": [
              {"jobId": "%s", "type": "SEND_WELCOME_EMAIL", "queue": "EMAILS", "reason": "ATTEMPTS_EXHAUSTED",
               "reasonDetail": "4 of 4 attempts failed", "attempts": 4, "deadLetteredAt": "2026-05-01T09:12:00Z",
               "originalTopic": "jobs.emails", "originalPartition": 3, "originalOffset": 1042, "requeuedBy": null,
               "lastError": {"attempt": 4, "errorClass": "java.net.ConnectException", "message": "%s",
                             "retriable": true, "failedAt": "2026-05-01T09:12:00Z"}},
              {"jobId": "%s", "type": "SEND_NOTIFICATION", "queue": "EMAILS", "reason": "NOT_RETRIABLE",
               "reasonDetail": null, "attempts": 1, "deadLetteredAt": "2026-05-01T08:00:00Z",
               "originalTopic": "jobs.emails", "originalPartition": 0, "originalOffset": 7, "requeuedBy": "alice",
               "lastError": null}
            ]}
            """.formatted(JOB_ID, LONG_MESSAGE, OTHER_JOB_ID);

    private static final String JOB = """
            {"jobId": "%s", "type": "SEND_WELCOME_EMAIL", "queue": "EMAILS", "reason": "ATTEMPTS_EXHAUSTED",
             "reasonDetail": "4 of 4 attempts failed", "attempts": 2, "deadLetteredAt": "2026-05-01T09:12:00Z",
             "originalTopic": "jobs.emails", "originalPartition": 3, "originalOffset": 1042, "requeuedBy": null,
             "lastError": {"attempt": 2, "errorClass": "java.net.ConnectException", "message": "refused",
                           "retriable": true, "failedAt": "2026-05-01T09:12:00Z"},
             "errors": [
               {"attempt": 1, "errorClass": "java.net.SocketTimeoutException", "message": "read timed out",
                "causes": ["java.io.IOException: stream closed"], "stackTrace": "java.net.SocketTimeoutException\\n\\tat Mailer.send(Mailer.java:42)",
                "retriable": true, "failedAt": "2026-05-01T09:10:00Z"},
               {"attempt": 2, "errorClass": "java.net.ConnectException", "message": "refused", "causes": [],
                "stackTrace": null, "retriable": true, "failedAt": "2026-05-01T09:12:00Z"}
             ]}
            """.formatted(JOB_ID);

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private CliHarness cli;
    private HttpServer server;
    private volatile int listStatus = 200;
    private volatile String listBody = PAGE;

    @BeforeEach
    void startTheProcessorApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/failed-jobs", this::answer);
        server.start();
        cli = new CliHarness("--api-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopTheProcessorApi() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/api/failed-jobs")) {
            respond(exchange, listStatus, listBody);
        } else if (path.equals("/api/failed-jobs/" + JOB_ID)) {
            respond(exchange, 200, JOB);
        } else {
            respond(exchange, 404, "{\"message\": \"No failed job is known to this instance\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    @Test
    void shouldListOneRowPerFailedJobWithItsLastErrorTruncated() {
        int exit = cli.execute("failed-jobs", "list", "--queue", "emails", "--limit", "2");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(requests).containsExactly("GET /api/failed-jobs?queue=EMAILS&limit=2");
        List<String> lines = cli.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("JOB ID").contains("TYPE", "QUEUE", "REASON", "ATTEMPTS",
                "DEAD-LETTERED AT", "LAST ERROR");
        assertThat(lines.get(1)).startsWith(JOB_ID)
                .contains("SEND_WELCOME_EMAIL", "EMAILS", "ATTEMPTS_EXHAUSTED", " 4 ", "2026-05-01T09:12:00Z",
                        "java.net.ConnectException: SMTP server smtp.mail.test refused")
                .endsWith("...")
                .doesNotContain(LONG_MESSAGE);
        assertThat(lines.get(2)).startsWith(OTHER_JOB_ID)
                .contains("SEND_NOTIFICATION", "NOT_RETRIABLE", " 1 ", "2026-05-01T08:00:00Z").endsWith("-");
        assertThat(lines.get(3)).isEqualTo("2 of 7 failed jobs");
        assertThat(lines.get(1).indexOf("EMAILS")).as("columns aligned").isEqualTo(lines.get(2).indexOf("EMAILS"));
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void shouldPrintTheProcessorsJsonAsItCameWithJson() {
        int exit = cli.execute("failed-jobs", "list", "--json");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(requests).containsExactly("GET /api/failed-jobs?limit=50");
        assertThat(cli.out()).isEqualTo(PAGE + System.lineSeparator());
    }

    @Test
    void shouldShowEveryAttemptsErrorWithCausesAndStackTrace() {
        int exit = cli.execute("failed-jobs", "show", JOB_ID);

        assertThat(exit).as(cli.err()).isZero();
        assertThat(requests).containsExactly("GET /api/failed-jobs/" + JOB_ID);
        assertThat(cli.out())
                .contains("job id:           " + JOB_ID)
                .contains("reason:           ATTEMPTS_EXHAUSTED (4 of 4 attempts failed)")
                .contains("original record:  jobs.emails-3@1042")
                .contains("attempt 1 failed at 2026-05-01T09:10:00Z (retriable)")
                .contains("  java.net.SocketTimeoutException: read timed out")
                .contains("  caused by java.io.IOException: stream closed")
                .contains("    \tat Mailer.send(Mailer.java:42)")
                .contains("attempt 2 failed at 2026-05-01T09:12:00Z (retriable)")
                .contains("  java.net.ConnectException: refused");
    }

    @Test
    void shouldExitOneWithAMessageWhenShowingAJobThatHasNotFailed() {
        int exit = cli.execute("failed-jobs", "show", "no-such-job");

        assertThat(exit).isEqualTo(1);
        assertThat(requests).containsExactly("GET /api/failed-jobs/no-such-job");
        assertThat(cli.err()).isEqualTo("error: no failed job no-such-job" + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldExitOneWithTheProcessorsMessageWhenItCannotAnswer() {
        listStatus = 503;
        listBody = "{\"message\": \"The failed-job store is restoring; retry in 5 s.\"}";

        int exit = cli.execute("failed-jobs", "list");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err()).contains("HTTP 503: The failed-job store is restoring; retry in 5 s.")
                .doesNotContain("\tat ");
        assertThat(cli.out()).isEmpty();
    }
}
