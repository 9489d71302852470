package io.harwarden.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.triage.TriageReport.Finding;
import io.harwarden.triage.TriageReport.Kind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The labelled corpus: each planted situation is found, said once, and nothing secret comes out. */
class TriageTest {
    static final String TRACKING = HarBuilder.TRACKING;
    private static final HarSanitizer SANITIZER = new HarSanitizer(SanitizerPolicy.defaults());
    private final Triage triage = new Triage(new Triage.Options(List.of("X-Our-Id"),
            "https://logs.example/search?q={id}", 50, 10), SANITIZER::sanitizeText);

    @Test
    void theSeedExampleComesOutAsTheGuidesRow() throws Exception {
        TriageReport report = triage.analyze(HarBuilder.seed().stream());
        assertEquals(1, report.failedTotal());
        TriageReport.FailedCall call = report.failed().get(0);
        assertEquals("2025-06-10 15:20:41.445", call.started());
        assertEquals("https://cpapi-r.wbx2.com/api/v1/customers/{org}/users/{user}/features/callrecording", call.url());
        assertEquals("PATCH", call.method());
        assertEquals(502, call.status());
        assertEquals(List.of(TRACKING), call.trackingIds());
        assertEquals("400: Invalid Product: Creating dub point failed in Dubber.", call.error());
        assertEquals(400, call.upstreamStatus());
        assertTrue(report.findings().stream().anyMatch(f -> f.kind() == Kind.NESTED_ERROR
                && f.text().startsWith("status says 502, body says 400")), report.findings().toString());
        assertEquals(List.of(new TriageReport.TrackingGroup("cpapi-r.wbx2.com", List.of(TRACKING))),
                report.tracking());
        assertEquals("\"" + TRACKING + "\"", report.searchLine());
        assertEquals(List.of("https://logs.example/search?q=" + TRACKING), report.searchLinks());
        assertEquals(1, report.sessions().size(), "one session across _1, _3, _5 and two services");
        assertEquals(List.of("ATLAS_81167162-feb6-4a99-a357-d2c7f811a73f_1", TRACKING,
                "ATLAS_81167162-feb6-4a99-a357-d2c7f811a73f_5"), report.sessions().get(0).ids());
    }

    @Test
    void anExpiredBearerTokenIsToldByHowLongWithoutTheToken() throws Exception {
        Instant started = Instant.parse("2025-06-10T15:21:00Z");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"alice@example.com\","
                + "\"exp\":" + (started.getEpochSecond() - 37) + "}").getBytes(StandardCharsets.UTF_8));
        String jwt = "eyJhbGciOiJSUzI1NiJ9." + payload + ".c2lnbmF0dXJlLXNlY3JldC1wYXJ0LTEyMzQ1Njc4OTA";
        HarBuilder har = new HarBuilder();
        har.call("GET", "https://api.example.com/v1/me", 401).at(started.toString())
                .requestHeader("Authorization", "Bearer " + jwt)
                .responseHeader("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\", "
                        + "error_description=\"The access token expired\"");
        har.call("POST", "https://login.example.com/oauth2/token", 200);
        har.call("GET", "https://api.example.com/v1/me", 200).requestHeader("Authorization", "Bearer " + jwt);
        TriageReport report = triage.analyze(har.stream());
        List<Finding> auth = report.findings().stream().filter(f -> f.kind() == Kind.AUTH).toList();
        assertEquals(2, auth.size(), auth.toString());
        assertTrue(auth.get(0).text().contains("401 on GET https://api.example.com/v1/me: Bearer error=\"invalid_token\""
                + " error_description=\"The access token expired\""), auth.get(0).text());
        assertTrue(auth.get(0).text().endsWith("; the bearer token had expired 37.0 s before the call"),
                auth.get(0).text());
        assertTrue(auth.get(1).text().contains("then succeeded at entry 2"), auth.get(1).text());
        String all = new ObjectMapper().writeValueAsString(report);
        for (String secret : List.of(jwt, payload, "alice@example.com", "c2lnbmF0dXJl")) {
            assertFalse(all.contains(secret), "no part of the token in the report");
        }
    }

    @Test
    void aFailedCorsPreflightAndAMissingAllowOriginAreFound() throws Exception {
        HarBuilder har = new HarBuilder();
        har.call("OPTIONS", "https://api.partner.example/v2/orders", 403)
                .requestHeader("Origin", "https://app.example.com")
                .requestHeader("Access-Control-Request-Method", "POST");
        har.call("GET", "https://cdn.partner.example/v2/catalog", 200)
                .requestHeader("Origin", "https://app.example.com").requestHeader("Sec-Fetch-Mode", "cors");
        har.call("GET", "https://cdn.partner.example/logo.png", 200)
                .requestHeader("Origin", "https://app.example.com").requestHeader("Sec-Fetch-Mode", "no-cors");
        har.call("POST", "https://app.example.com/api/save", 200)
                .requestHeader("Origin", "https://app.example.com").requestHeader("Sec-Fetch-Mode", "cors");
        List<Finding> cors = triage.analyze(har.stream()).findings().stream().filter(f -> f.kind() == Kind.CORS)
                .toList();
        assertEquals(2, cors.size(), cors.toString());
        assertTrue(cors.get(0).text().startsWith("the CORS preflight of https://api.partner.example/v2/orders failed"
                + " (status 403)"), cors.get(0).text());
        assertTrue(cors.get(1).text().contains("no Access-Control-Allow-Origin"), cors.get(1).text());
    }

    @Test
    void aRedirectLoopADnsFailureAndA429StormAreFound() throws Exception {
        HarBuilder har = new HarBuilder();
        for (int i = 0; i < 3; i++) {
            har.call("GET", "https://sso.example.com/login", 302).responseHeader("Location", "https://app.example.com/");
            har.call("GET", "https://app.example.com/", 302).responseHeader("Location", "https://sso.example.com/login");
        }
        har.call("GET", "https://metrics.example.invalid/collect", 0).error("net::ERR_NAME_NOT_RESOLVED");
        for (int i = 0; i < 5; i++) {
            har.call("GET", "https://api.example.com/v1/search?q=" + i, 429).responseHeader("Retry-After", "30");
        }
        TriageReport report = triage.analyze(har.stream());
        assertEquals(List.of(Kind.REDIRECT_LOOP, Kind.REDIRECT_LOOP, Kind.NETWORK, Kind.RATE_LIMIT),
                report.findings().stream().map(Finding::kind).toList(), report.findings().toString());
        assertTrue(report.findings().get(2).text().contains("the host name did not resolve"));
        assertTrue(report.findings().get(3).text().contains("(Retry-After: 30)"));
        assertEquals(6, report.failedTotal(), "the DNS failure and the five 429s");
        assertEquals("net::ERR_NAME_NOT_RESOLVED", report.failed().get(0).error());
    }

    @Test
    void aSlowFirstByteIsReadAsServerSideAndQueueingAsBusyConnections() throws Exception {
        HarBuilder har = new HarBuilder();
        for (int i = 0; i < 20; i++) {
            har.call("GET", "https://api.example.com/v1/items/" + i, 200);
        }
        har.call("GET", "https://api.example.com/v1/numbers", 200).timings(2, 0, 0, 1, 2800, 40);
        har.call("GET", "https://static.example.com/app.js", 200).timings(1900, 0, 0, 1, 50, 20);
        List<TriageReport.SlowCall> slowest = triage.analyze(har.stream()).slowest();
        assertEquals("waited 2.8 s for the first byte: server side", slowest.get(0).reading());
        assertTrue(slowest.get(0).outlier(), "against the host's typical 80 ms");
        assertEquals(80, slowest.get(0).hostMedianMs());
        assertEquals("https://api.example.com/v1/numbers", slowest.get(0).url());
        assertEquals("1.9 s queued in the browser: its connections to the host were busy", slowest.get(1).reading());
        assertEquals(10, slowest.size());
    }

    @Test
    void aCleanCaptureHasNoFindingsAndSaysWhatToAskFor() throws Exception {
        HarBuilder har = new HarBuilder();
        for (int i = 0; i < 5; i++) {
            har.call("GET", "https://app.example.com/page/" + i, 200).noTimings();
        }
        TriageReport report = triage.analyze(har.stream());
        assertEquals(0, report.failedTotal());
        assertTrue(report.findings().isEmpty(), report.findings().toString());
        assertEquals(4, report.captureNotes().size(), report.captureNotes().toString());
        assertTrue(report.captureNotes().get(0).startsWith("no call failed"));
        assertEquals("WebInspector 537.36", report.capture().creator());
        assertEquals(5, report.capture().entries());
    }

    @Test
    void aCutFileIsReportedAsFarAsItGoesAndSaysSo() throws Exception {
        String json = HarBuilder.seed().json();
        byte[] cut = json.substring(0, json.indexOf("settings-service")).getBytes(StandardCharsets.UTF_8);
        TriageReport report = triage.analyze(new ByteArrayInputStream(cut));
        assertEquals(1, report.failedTotal());
        assertNotNull(report.capture().problem());
        assertTrue(report.captureNotes().get(0).startsWith("the file is cut short"), report.captureNotes().toString());
    }

    @Test
    void aSecretInAnErrorTextAPathOrATrackingHeaderNeverReachesTheReport() throws Exception {
        String key = "sk_live_" + "51HqLyjWDarjtT1zdp7dcXYZabcdefghij";
        String github = "ghp_" + "1234567890abcdefghijABCDEFGHIJ123456";
        HarBuilder har = new HarBuilder();
        har.call("POST", "https://api.example.com/v1/charges/" + github, 400)
                .requestHeader("X-Our-Id", key)
                .body("application/json", "{\"error\":{\"message\":\"Invalid API Key provided: " + key + "\"}}");
        String all = new ObjectMapper().writeValueAsString(triage.analyze(har.stream()));
        assertFalse(all.contains(key), all);
        assertFalse(all.contains(github), all);
        assertTrue(all.contains("Invalid API Key provided"), "the message stays, without its secret");
    }

    /** Scrubbing takes a fresh key each time: a capture of thousands of failed calls scrubs only what is kept. */
    @Test
    void scrubbingCostsTheSameForTenOrAThousandTimesTheFailedCalls() throws Exception {
        int[] few = {0};
        int[] many = {0};
        for (int[] calls : List.of(few, many)) {
            HarBuilder har = new HarBuilder();
            for (int i = 0; i < (calls == few ? 60 : 3000); i++) {
                har.call("GET", "https://api.example.com/v1/items/" + i, 503)
                        .responseHeader("X-Request-Id", "req-" + i + "-7f3a9c2e1b");
            }
            new Triage(Triage.Options.defaults(), text -> {
                calls[0]++;
                return SANITIZER.sanitizeText(text);
            }).analyze(har.stream());
        }
        assertTrue(few[0] > 50, "the listed calls are scrubbed: " + few[0]);
        assertEquals(few[0], many[0], "no scrub for a call neither listed nor kept among the service's ids");
    }
}
