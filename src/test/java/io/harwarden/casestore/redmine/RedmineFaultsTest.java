package io.harwarden.casestore.redmine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.harwarden.pgp.DemoKey;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The daemon against the real Redmine through a proxy that injects the faults a real server will not produce on
 * demand: a rate-limited poll, a download that times out, an upload answered 503 and then cut off, a delete answered
 * 502. Retries with backoff carry the file through, with no duplicate upload or note.
 */
@QuarkusTest
@TestProfile(RedmineFaultsTest.ThroughFaultyProxy.class)
@EnabledIfEnvironmentVariable(named = "REDMINE_URL", matches = ".+", disabledReason = "REDMINE_URL is not set: "
        + "run eval \"$(deploy/redmine/start.sh)\" first to include the real-Redmine suite")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // each ends with its file finished, so faults meet only their own
class RedmineFaultsTest {

    /** The daemon on the Redmine store behind the fault proxy, with a short request timeout. */
    public static final class ThroughFaultyProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "harwarden.store.type", "redmine",
                    // an expression the config expands, so that no test report shows the key
                    "harwarden.store.redmine.api-key", "${REDMINE_API_KEY:unset}",
                    "harwarden.store.redmine.projects", RedmineServer.PROJECT,
                    "harwarden.store.redmine.poll-interval", "1s",
                    "harwarden.store.redmine.request-timeout", "1s",
                    "harwarden.pipeline.work-dir", "target/test-data/redmine-faults-work",
                    "harwarden.pipeline.retry-failed-after", "2s",
                    "quarkus.datasource.jdbc.url",
                    "jdbc:h2:file:./target/test-data/redmine-faults-journal;WRITE_DELAY=0");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedmineFaultProxy.class));
        }
    }

    private final RedmineServer redmine = new RedmineServer();

    @Test
    @Order(1)
    void rateLimitsTimeoutsBurstsAndResetsAreRetriedToOneFinishedFile() throws Exception {
        RedmineFaultProxy.passEverythingThrough();
        WireMockServer proxy = RedmineFaultProxy.server();
        proxy.stubFor(get(urlPathEqualTo("/issues.json")).atPriority(1).inScenario("poll")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("done"));
        proxy.stubFor(get(urlPathMatching("/attachments/download/.*")).atPriority(1).inScenario("download")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(2500)).willSetStateTo("done"));
        proxy.stubFor(post(urlPathEqualTo("/uploads.json")).atPriority(1).inScenario("upload")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("reset"));
        proxy.stubFor(post(urlPathEqualTo("/uploads.json")).atPriority(1).inScenario("upload")
                .whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("done"));
        proxy.stubFor(delete(urlPathMatching("/attachments/[0-9]+\\.json")).atPriority(1).inScenario("delete")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("done"));

        byte[] probe = probe();
        String id = redmine.openIssueAsCustomer(RedmineServer.PROJECT, "through faults", Map.of("session.har", probe));
        String original = redmine.issue(id).path("attachments").get(0).path("id").asText();

        JsonNode issue = awaitNotes(id, 1);
        Map<String, JsonNode> attachments = RedmineServer.attachments(issue);
        assertEquals(Set.of("session.sanitized.har", "session.har.pgp"), attachments.keySet(), issue.toPrettyString());
        assertEquals(2, issue.path("attachments").size(), "no duplicate upload");
        assertEquals(1, RedmineServer.notes(issue).size(), "no duplicate note");
        assertArrayEquals(probe, DemoKey.decrypt(redmine.download(attachments.get("session.har.pgp"))));

        // counted for this file only: the daemon may still be busy with another test's file
        assertEquals(4, proxy.countRequestsMatching(postRequestedFor(urlPathEqualTo("/uploads.json"))
                .withQueryParam("filename", matching("session\\..*")).build()).getCount(),
                "503, reset, then the two copies");
        assertEquals(2, proxy.countRequestsMatching(deleteRequestedFor(urlPathEqualTo("/attachments/" + original
                + ".json")).build()).getCount(), "502, then the delete");
        assertTrue(proxy.countRequestsMatching(getRequestedFor(urlPathMatching("/attachments/download/.*")).build())
                .getCount() >= 2, "the download that timed out was made again");
        assertTrue(proxy.countRequestsMatching(getRequestedFor(urlPathEqualTo("/issues.json")).build())
                .getCount() >= 2, "the rate-limited poll was followed by more");
    }

    @Test
    @Order(2)
    void aCopyOverRedminesSizeLimitLeavesThePlaintextAndSaysSoThenFinishesOnceTheLimitIsRaised() throws Exception {
        RedmineFaultProxy.passEverythingThrough();
        WireMockServer proxy = RedmineFaultProxy.server();
        proxy.stubFor(post(urlPathEqualTo("/uploads.json")).withQueryParam("filename", matching(".*\\.pgp"))
                .atPriority(1).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                        .withBody("{\"errors\":[\"This file cannot be uploaded because it exceeds the maximum allowed"
                                + " file size (5242880)\"]}")));
        proxy.stubFor(post(urlPathEqualTo("/uploads.json")).withQueryParam("filename", matching(".*\\.pgp"))
                .atPriority(1).inScenario("limit").whenScenarioStateIs("raised")
                .willReturn(aResponse().proxiedFrom(RedmineServer.URL)));
        byte[] probe = probe();
        String id = redmine.openIssueAsCustomer(RedmineServer.PROJECT, "too large", Map.of("big.har", probe));

        JsonNode refused = awaitNotes(id, 1);
        String note = RedmineServer.notes(refused).get(0).path("notes").asText();
        assertTrue(note.startsWith("HAR Warden could not protect big.har (12.5 KiB): the case system refused to store"
                + " big.har.pgp."), note);
        assertTrue(note.contains("exceeds the maximum allowed file size (5242880)"), note);
        assertTrue(RedmineServer.attachments(refused).containsKey("big.har"), "the plaintext stays: nothing replaced it");
        assertTrue(io.restassured.RestAssured.get("/q/metrics").asString()
                .matches("(?s).*harwarden_uploads_refused_total(\\{[^}]*})? [1-9].*"));

        proxy.setScenarioState("limit", "raised"); // an admin raised the limit
        JsonNode finished = awaitNotes(id, 2);
        assertEquals(Set.of("big.sanitized.har", "big.har.pgp"), RedmineServer.attachments(finished).keySet(),
                finished.toPrettyString());
        assertEquals(2, finished.path("attachments").size(), "the sanitized copy was not uploaded twice");
        assertTrue(RedmineServer.notes(finished).get(1).path("notes").asText().startsWith("HAR Warden processed big.har"));
        Thread.sleep(3000); // past another retry-failed-after: still one refusal note
        assertEquals(2, RedmineServer.notes(redmine.issue(id)).size());
    }

    private static byte[] probe() throws Exception {
        try (InputStream in = RedmineFaultsTest.class.getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            return in.readAllBytes();
        }
    }

    private JsonNode awaitNotes(String id, int count) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        JsonNode issue = redmine.issue(id);
        while (RedmineServer.notes(issue).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(250);
            issue = redmine.issue(id);
        }
        return issue;
    }
}
