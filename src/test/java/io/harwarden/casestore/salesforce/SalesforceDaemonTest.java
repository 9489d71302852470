package io.harwarden.casestore.salesforce;

import static io.restassured.RestAssured.get;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.harwarden.casestore.StoreFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The daemon itself on Salesforce, set up by configuration only ({@code harwarden.store.type=salesforce} and its
 * settings, against the stateful model): a HAR file published on a case is found by polling and processed end to end
 * by the detector, the workers and the store; the org's API usage shows on {@code /q/metrics}; readiness names the
 * store.
 */
@QuarkusTest
@TestProfile(SalesforceDaemonTest.OnSalesforce.class)
class SalesforceDaemonTest {
    static final SalesforceModel MODEL = new SalesforceModel(SalesforceCaseStoreTest.CLIENT_ID,
            SalesforceCaseStoreTest.SECRET, SalesforceCaseStoreTest.USER, Clock.systemUTC());
    private static WireMockServer server;

    /** The daemon on the model of Salesforce, polling every second. */
    public static class OnSalesforce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (server == null) {
                server = MODEL.newServer();
            }
            return Map.of("harwarden.store.type", "salesforce",
                    "harwarden.store.salesforce.url", "http://localhost:" + server.port(),
                    "harwarden.store.salesforce.client-id", SalesforceCaseStoreTest.CLIENT_ID,
                    "harwarden.store.salesforce.client-secret", SalesforceCaseStoreTest.SECRET,
                    "harwarden.store.salesforce.poll-interval", "1s");
        }
    }

    @Test
    void aHarFilePublishedOnACaseIsFoundByPollingAndProcessedEndToEnd() throws Exception {
        String caseId = SalesforceModel.id("500");
        MODEL.customerUpload(caseId, "capture.har", StoreFlows.probe(), Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(60)).until(() -> MODEL.notes(caseId).stream()
                .anyMatch(n -> n.createdBy().equals(SalesforceCaseStoreTest.USER)));
        assertEquals(List.of("capture.har.pgp", "capture.sanitized.har"), MODEL.files(caseId).stream()
                .map(SalesforceModel.File::name).sorted().toList(), "the plaintext is gone, both copies are there");
        SalesforceModel.Note note = MODEL.notes(caseId).stream().filter(n -> n.createdBy().equals(
                SalesforceCaseStoreTest.USER)).findFirst().orElseThrow();
        assertTrue(note.internal() && note.body().contains("recycle bin"), note.body());

        String metrics = get("/q/metrics").asString();
        Matcher used = Pattern.compile("harwarden_salesforce_api_requests_used\\S* (\\d+)").matcher(metrics);
        assertTrue(used.find() && Long.parseLong(used.group(1)) > 1200, "the org's usage as reported");
        assertTrue(metrics.contains("harwarden_salesforce_api_requests_limit 15000"), "the limit");
        get("/q/health/ready").then().statusCode(200).body(containsString("salesforce"));
    }
}
