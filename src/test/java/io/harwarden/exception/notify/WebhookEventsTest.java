package io.harwarden.exception.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.harwarden.exception.Decision;
import io.harwarden.exception.ExceptionEvents;
import io.harwarden.exception.ExceptionRequest;
import io.harwarden.exception.RequestState;
import io.harwarden.exception.Scope;
import io.harwarden.exception.audit.AuditChain;
import io.harwarden.exception.audit.AuditEntry;
import io.harwarden.exception.audit.AuditEvent;
import io.harwarden.exception.audit.AuditRecord;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook against a WireMock receiver: body, signature, retries (Fault Tolerance), a receiver that is down. */
@QuarkusTest
class WebhookEventsTest {
    private static final String SECRET = "a shared webhook secret";
    private static final String JUSTIFICATION = "Ticket 4711: the login call fails with 401 (do not show me)";

    @Inject
    WebhookSender sender;

    private WireMockServer receiver;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort());
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    private static WebhookConfig config(String url, String format, String secret) {
        return new WebhookConfig() {
            @Override
            public Optional<URI> url() {
                return Optional.ofNullable(url).map(URI::create);
            }

            @Override
            public String format() {
                return format;
            }

            @Override
            public Optional<String> secret() {
                return Optional.ofNullable(secret);
            }

            @Override
            public Optional<Path> secretFile() {
                return Optional.empty();
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public String linkBase() {
                return "https://harwarden.example.com/";
            }
        };
    }

    private static ExceptionRequest request() {
        Instant now = Instant.parse("2026-12-02T09:00:00Z");
        return new ExceptionRequest("r-1", "CASE-42", "job-1", "session.har", "alice", JUSTIFICATION, Scope.MARKERS,
                List.of("[REDACTED:token:0123abcd]"), List.of(), null, "key", "5CEA2BD7", RequestState.APPROVED, now,
                now.plusSeconds(3600), List.of(new Decision("bob", true, "ok", now)), null, 1);
    }

    private static AuditRecord record(AuditEvent event, String actor) {
        return AuditChain.next(3, Instant.parse("2026-12-02T09:01:00Z"), new AuditEntry(event, actor, "r-1", "CASE-42",
                Map.of("comment", "ok")), AuditChain.GENESIS);
    }

    private ExceptionEvents events(String format) {
        return WebhookEvents.of(config(receiver.baseUrl() + "/hook", format, SECRET), sender).orElseThrow();
    }

    private List<LoggedRequest> calls() {
        return receiver.findAll(postRequestedFor(urlEqualTo("/hook")));
    }

    @Test
    void aFailureIsLoggedInOneLineNamedEvenWithoutAMessage() {
        assertEquals("ConnectException", WebhookEvents.reason(new java.util.concurrent.CompletionException(
                new java.net.ConnectException())));
        assertEquals("refused", WebhookEvents.reason(new java.io.IOException("refused\nat line 2")));
    }

    @Test
    void eachEventIsPostedSignedWithWhoWhatWhichCaseAndALinkButNoContent() throws Exception {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(204)));
        events("json").happened(AuditEvent.APPROVED, request(), record(AuditEvent.APPROVED, "bob"));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 1);

        LoggedRequest call = calls().get(0);
        String body = call.getBodyAsString();
        JsonNode json = new ObjectMapper().readTree(body);
        assertEquals("approved", json.path("event").asText());
        assertEquals("bob", json.path("actor").asText());
        assertEquals("CASE-42", json.path("case").asText());
        assertEquals("https://harwarden.example.com/api/exceptions/r-1", json.path("link").asText());
        assertFalse(body.contains("Ticket 4711") || body.contains("REDACTED"), "no justification, no marker: " + body);
        long timestamp = Long.parseLong(call.getHeader("X-HarWarden-Timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60);
        assertEquals(WebhookMessage.signature(SECRET.getBytes(StandardCharsets.UTF_8), timestamp, body),
                call.getHeader("X-HarWarden-Signature"));
        assertEquals("approved", call.getHeader("X-HarWarden-Event"));
    }

    @Test
    void slackGetsOneLineOfText() throws Exception {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
        events("slack").happened(AuditEvent.REPLAY_ATTEMPT, request(), record(AuditEvent.REPLAY_ATTEMPT, "alice"));
        await().atMost(Duration.ofSeconds(10)).until(() -> calls().size() == 1);
        assertEquals("HAR Warden: alice tried to download a release a second time (markers of session.har, case "
                + "CASE-42): https://harwarden.example.com/api/exceptions/r-1",
                new ObjectMapper().readTree(calls().get(0).getBodyAsString()).path("text").asText());
    }

    @Test
    void aReceiverThatFailsIsRetriedAndOnlyEventsPeopleActOnAreSent() {
        receiver.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        receiver.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("up"));
        receiver.stubFor(post("/hook").inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        ExceptionEvents events = events("json");
        events.happened(AuditEvent.REFUSED, request(), record(AuditEvent.REFUSED, "eve"));
        events.happened(AuditEvent.REQUESTED, request(), record(AuditEvent.REQUESTED, "alice"));
        await().atMost(Duration.ofSeconds(15)).until(() -> calls().size() == 3);
        assertTrue(calls().stream().allMatch(c -> c.getBodyAsString().contains("\"event\":\"requested\"")),
                "a refusal is not sent; the request is, until it is taken");
    }

    @Test
    void aReceiverThatIsDownNeverHoldsTheWorkflow() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ExceptionEvents events = WebhookEvents.of(config("http://127.0.0.1:" + closed + "/hook", "json", SECRET),
                sender).orElseThrow();
        long start = System.nanoTime();
        events.happened(AuditEvent.REQUESTED, request(), record(AuditEvent.REQUESTED, "alice"));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "the call returns at once");
    }

    @Test
    void aWebhookWithoutASecretOrWithAnUnknownFormatStopsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> WebhookEvents.of(config(receiver.baseUrl(), "json", null),
                sender));
        assertThrows(IllegalArgumentException.class, () -> WebhookEvents.of(config(receiver.baseUrl(), "xml", SECRET),
                sender));
        assertTrue(WebhookEvents.of(config(null, "json", null), sender).isEmpty(), "no url, no webhook");
    }
}
