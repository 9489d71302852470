package io.harwarden.casestore.zendesk;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.harwarden.casestore.StoreFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The daemon itself on Zendesk, set up by configuration only ({@code harwarden.store.type=zendesk} and its settings,
 * against the stateful model): a signed delivery to {@code /webhooks/zendesk} about a file Zendesk's polling could not
 * list yet (its last minute is left out) is processed end to end by the detector, the workers and the store; an
 * unsigned one is refused; readiness names the store.
 */
@QuarkusTest
@TestProfile(ZendeskDaemonTest.OnZendesk.class)
class ZendeskDaemonTest {
    static final String SECRET = "daemon-test-webhook-secret";
    static final ZendeskModel MODEL = new ZendeskModel(ZendeskCaseStoreTest.AUTH, Clock.systemUTC());
    private static WireMockServer server;

    /** The daemon on the model of Zendesk; polling once an hour, so only the webhook can find a new file in time. */
    public static class OnZendesk implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (server == null) {
                server = MODEL.newServer();
            }
            return Map.of("harwarden.store.type", "zendesk",
                    "harwarden.store.zendesk.url", "http://localhost:" + server.port(),
                    "harwarden.store.zendesk.email", ZendeskCaseStoreTest.EMAIL,
                    "harwarden.store.zendesk.api-token", ZendeskCaseStoreTest.TOKEN,
                    "harwarden.store.zendesk.webhook-secret", SECRET,
                    "harwarden.store.zendesk.poll-interval", "1h");
        }
    }

    @Test
    void aSignedWebhookDeliveryGetsAFileProcessedEndToEndAndAnUnsignedOneIsRefused() throws Exception {
        long ticket = 700_000 + System.nanoTime() % 100_000;
        byte[] probe = StoreFlows.probe();
        MODEL.customerComment(ticket, "Here is the HAR.", "capture.har", probe, Duration.ZERO);
        ZendeskWebhook hook = new ZendeskWebhook(SECRET, new ObjectMapper());
        String event = "{\"type\":\"zen:event-type:ticket.attachment_linked_to_comment\",\"id\":\"evt-" + ticket
                + "\",\"subject\":\"zen:ticket:" + ticket + "\"}";
        String now = Instant.now().toString();
        String signature = new String(hook.sign(now, event.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII);

        given().contentType("application/json").body(event).post("/webhooks/zendesk").then().statusCode(401);
        given().contentType("application/json").header("X-Zendesk-Webhook-Signature", signature)
                .header("X-Zendesk-Webhook-Signature-Timestamp", now).body(event).post("/webhooks/zendesk").then()
                .statusCode(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> MODEL.comments(ticket).stream()
                .anyMatch(c -> c.author() == ZendeskModel.AGENT && c.body().contains("HAR Warden processed")));
        List<ZendeskModel.Comment> comments = MODEL.comments(ticket);
        List<String> ours = comments.stream().filter(c -> c.author() == ZendeskModel.AGENT)
                .flatMap(c -> c.files().stream()).map(f -> f.name).sorted().toList();
        assertEquals(List.of("capture.har.pgp", "capture.sanitized.har"), ours);
        assertTrue(comments.stream().filter(c -> c.author() == ZendeskModel.AGENT)
                .noneMatch(ZendeskModel.Comment::isPublic), "all of it private");
        assertEquals(List.of(ZendeskCaseStore.REDACTED_NAME), comments.stream()
                .filter(c -> c.author() == ZendeskModel.CUSTOMER).flatMap(c -> c.files().stream()).map(f -> f.name)
                .toList(), "the original redacted");

        given().contentType("application/json").header("X-Zendesk-Webhook-Signature", signature)
                .header("X-Zendesk-Webhook-Signature-Timestamp", now).body(event).post("/webhooks/zendesk").then()
                .statusCode(409);
        get("/q/health/ready").then().statusCode(200).body(containsString("zendesk"));
    }
}
