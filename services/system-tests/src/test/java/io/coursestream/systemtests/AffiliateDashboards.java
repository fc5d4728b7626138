package io.coursestream.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Affiliate dashboards read over a processor's HTTP API ({@code /api/affiliates/{id}/dashboard}). */
final class AffiliateDashboards {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AffiliateDashboards() {
    }

    /** The dashboard, or null while the processor has nothing for the affiliate yet. */
    static JsonNode dashboard(String api, String affiliateId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(api + "/api/affiliates/" + affiliateId + "/dashboard")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    /**
     * Whether the chain top &lt;- sponsor &lt;- affiliate is in place for payments: the affiliate has {@code buyers}
     * signups, the sponsor and the top one each, and the profiles a commission split reads show the affiliate's and
     * the sponsor's sponsors. A payment processed before its buyer's code is resolved is no one's conversion, and one
     * split before a sponsor reaches the global profile store pays no tier above it.
     */
    static boolean chainReady(String api, String top, String sponsor, String affiliate, long buyers)
            throws IOException, InterruptedException {
        return shows(api, affiliate, sponsor, buyers) && shows(api, sponsor, top, 1) && shows(api, top, null, 1);
    }

    private static boolean shows(String api, String affiliateId, String sponsorId, long signups)
            throws IOException, InterruptedException {
        JsonNode dashboard = dashboard(api, affiliateId);
        return dashboard != null && dashboard.get("signups").asLong() == signups
                && (sponsorId == null || sponsorId.equals(dashboard.path("sponsorId").asText(null)));
    }
}
