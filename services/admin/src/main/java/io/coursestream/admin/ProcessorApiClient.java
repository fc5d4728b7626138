package io.coursestream.admin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.jobs.JobQueue;

/**
 * The stream processor's HTTP API, as the CLI reads it: JSON bodies as text. A non-2xx answer becomes an
 * {@link AdminException} with the processor's {@code {"message": ...}}; 404 on a single resource is "absent".
 */
final class ProcessorApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // The interactive queries answer from local stores: seconds are plenty, and an operator should not wait longer.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI apiUrl;
    private final HttpClient http;

    ProcessorApiClient(URI apiUrl) {
        this.apiUrl = apiUrl;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** {@code GET /api/failed-jobs}: one page of the failed-job index, newest first, as the processor's JSON. */
    String failedJobs(Optional<JobQueue> queue, int limit) {
        String query = queue.map(q -> "queue=" + q.name() + "&").orElse("") + "limit=" + limit;
        return get("/api/failed-jobs?" + query)
                .orElseThrow(() -> new AdminException(apiUrl + " has no /api/failed-jobs (HTTP 404)"));
    }

    /** {@code GET /api/failed-jobs/{id}}: one failed job with every attempt's error; empty when there is none. */
    Optional<String> failedJob(String jobId) {
        return get("/api/failed-jobs/" + pathSegment(jobId));
    }

    /** Where a job's progress can be watched. */
    URI jobUrl(String jobId) {
        return resolve("/api/jobs/" + pathSegment(jobId));
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Optional<String> get(String pathAndQuery) {
        URI uri = resolve(pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT)
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status / 100 != 2) {
            throw new AdminException("GET " + uri + " answered HTTP " + status + ": " + message(response.body()));
        }
        return Optional.of(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException unreachable) {
            throw new AdminException("cannot reach the stream processor's API at " + request.uri(), unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while waiting for " + request.uri(), interrupted);
        }
    }

    /** The {@code message} of an error body, else the body itself (a proxy's HTML page, an empty answer). */
    static String message(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (IOException notJson) {
            // Not the processor's error shape: show what came.
        }
        return body.isBlank() ? "(no body)" : body.strip();
    }

    private URI resolve(String pathAndQuery) {
        String base = apiUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }
}
