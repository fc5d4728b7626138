package io.coursestream.systemtests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The points queries of {@code scripts/bench points}, run in a JVM of their own (small heap, serial collector), so
 * their latencies are the processor's and the network's, not the pauses of the benchmark's JVM, which also runs the
 * in-JVM broker and the producers.
 *
 * <p>Arguments: the processor's base URL and the points queries per second; between each two, a reference request
 * ({@link #REFERENCE_PATH}). Standard input: the user ids a query may ask for, one per line, as they become known; its
 * end stops the queries. Standard output, one line per request: {@code <status> <nanoseconds> <body start>} for an
 * answer, {@code failed <exception> <message>} for none; the first {@value #WARM_UP} of each kind, while this JVM
 * compiles its HTTP client, start with {@code warm-up}; a reference's line starts with {@value #REFERENCE}.
 *
 * <p>The client is {@link HttpURLConnection} on a kept-alive connection: the request is written and the answer read
 * on the timing thread. The JDK's {@code HttpClient} hands each exchange to its selector thread and an executor and
 * back; on two busy cores every hand-over waits for a core, and that wait was in the latencies (p50 4.0 ms with it,
 * 2.8 ms without, at half load). The JVM runs C1 only: its few hundred queries a phase are compiled at once.
 */
public final class PointsQueryClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int BODY_START = 160;
    /** Answers not timed, of each kind: this JVM's first requests run interpreted code. */
    static final int WARM_UP = 50;
    /**
     * The reference asked between two points queries: the processor's liveness check, an answer of the same process
     * and HTTP stack that reads no store. What the points query takes beyond it is the query's own work; what both
     * take is the machine's (a core to run on, a collector pause).
     */
    static final String REFERENCE_PATH = "/q/health/live";
    /** The first word of a reference answer's line. */
    static final String REFERENCE = "reference";

    private PointsQueryClient() {
    }

    public static void main(String[] args) throws InterruptedException {
        String api = args[0];
        long interval = (long) (1_000_000_000L / Double.parseDouble(args[1]));
        List<String> users = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> readUsers(users, stop), "points-query-users");
        reader.setDaemon(true);
        reader.start();

        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        // A points query, then half an interval later the reference, and so on: two requests per interval.
        long slot = interval / 2;
        long next = System.nanoTime();
        int[] answered = new int[2];
        boolean reference = true;
        while (!stop.get()) {
            for (long wait = next - System.nanoTime(); wait > 0 && !stop.get(); wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            // Behind schedule after a slow answer: carry on from now rather than catch up in a burst.
            next = Math.max(next + slot, System.nanoTime() - slot);
            String user;
            synchronized (users) {
                if (users.isEmpty()) {
                    continue;
                }
                user = users.get(ThreadLocalRandom.current().nextInt(users.size()));
            }
            reference = !reference;
            URI uri = URI.create(api + (reference ? REFERENCE_PATH
                    : "/api/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "/points"));
            int kind = reference ? 1 : 0;
            out.println((reference ? REFERENCE + " " : "") + (answered[kind]++ < WARM_UP ? "warm-up " : "") + ask(uri));
        }
        out.flush();
    }

    /** {@code <status> <nanoseconds> <body start>}, or {@code failed <exception> <message>}. */
    private static String ask(URI uri) {
        long sent = System.nanoTime();
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            String body = bodyOf(connection, status);
            return status + " " + (System.nanoTime() - sent) + " " + oneLine(body);
        } catch (IOException failed) {
            return "failed " + failed.getClass().getSimpleName() + " " + oneLine(String.valueOf(failed));
        }
    }

    private static void readUsers(List<String> users, AtomicBoolean stop) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String user = in.readLine(); user != null; user = in.readLine()) {
                synchronized (users) {
                    users.add(user);
                }
            }
        } catch (IOException e) {
            System.err.println("points query client: standard input failed: " + e);
        }
        stop.set(true);
    }

    /** The whole body, read to its end so the connection goes back to the keep-alive cache. */
    private static String bodyOf(HttpURLConnection connection, int status) throws IOException {
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String oneLine(String text) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() > BODY_START ? line.substring(0, BODY_START) : line;
    }
}
