package io.coursestream.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The registry's governance rules: every schema evolves BACKWARD compatibly (a consumer on the new
 * schema reads everything written with the previous one) and must be valid Avro. Applied once per
 * registry by the local stack, the test harness and the Helm chart's setup job; idempotent.
 */
public final class RegistryRules {

    /** The registry-wide compatibility level. */
    public static final String COMPATIBILITY = "BACKWARD";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI rulesUri;

    /** @param registryApiUrl the v3 API base, for example {@code http://127.0.0.1:8081/apis/registry/v3} */
    public RegistryRules(String registryApiUrl) {
        String base = registryApiUrl.endsWith("/") ? registryApiUrl : registryApiUrl + "/";
        this.rulesUri = URI.create(base + "admin/rules");
    }

    /** Sets the global COMPATIBILITY and VALIDITY rules, updating them if they exist already. */
    public void apply() {
        put("COMPATIBILITY", COMPATIBILITY);
        put("VALIDITY", "FULL");
    }

    /** The configured level of a global rule, as the registry reports it. */
    public String globalRule(String ruleType) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(rulesUri.resolve("rules/" + ruleType)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("registry rule " + ruleType + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private void put(String ruleType, String config) {
        String body = "{\"ruleType\":\"" + ruleType + "\",\"config\":\"" + config + "\"}";
        HttpResponse<String> created = send(HttpRequest.newBuilder(rulesUri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (created.statusCode() / 100 == 2) {
            return;
        }
        if (created.statusCode() != 409) {
            throw new IllegalStateException("cannot create registry rule " + ruleType + ": HTTP "
                    + created.statusCode() + " " + created.body());
        }
        HttpResponse<String> updated = send(HttpRequest.newBuilder(rulesUri.resolve("rules/" + ruleType))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (updated.statusCode() / 100 != 2) {
            throw new IllegalStateException("cannot update registry rule " + ruleType + ": HTTP "
                    + updated.statusCode() + " " + updated.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("registry not reachable at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted talking to the registry", e);
        }
    }
}
