package io.harwarden.casestore.zendesk;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.StoreFlowSuite;
import io.harwarden.casestore.StoreFlows;
import io.harwarden.detect.CaseHints;
import io.harwarden.pgp.DemoKey;
import io.harwarden.pipeline.Step;
import io.harwarden.webhook.Verdict;
import io.harwarden.webhook.WebhookGate;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole flows on Zendesk: the real pipeline (sanitizer, encryptor with the demo key, journal, notes) and the Zendesk
 * store against a stateful model of its API ({@link ZendeskModel}): found by polling or by a signed webhook, then
 * two private copies, the original redacted, one private note; faults from Zendesk and crashes between any two
 * changing calls, each finished by a second run with nothing twice. The customer's side of the ticket (its public
 * comments) is checked after each: no note, no copy, no plaintext.
 */
@QuarkusTest
class ZendeskFlowTest extends StoreFlowSuite {
    private static final AtomicLong TICKETS = new AtomicLong(System.nanoTime() % 1_000_000 * 10 + 20_000);
    static final ZendeskModel MODEL = new ZendeskModel(ZendeskCaseStoreTest.AUTH, Clock.systemUTC());

    @RegisterExtension
    static WireMockExtension zendesk = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(MODEL)).build();

    private final ObjectMapper json = new ObjectMapper();
    private long ticket;
    private byte[] probe;

    @BeforeEach
    void newTicket() throws Exception {
        MODEL.serveOn(zendesk);
        ticket = TICKETS.incrementAndGet();
        probe = StoreFlows.probe();
        MODEL.customerComment(ticket, "The checkout fails.", null, null, Duration.ofMinutes(30));
        MODEL.customerComment(ticket, "A screenshot.", "screen.png", new byte[] {1, 2}, Duration.ofMinutes(20));
        MODEL.customerComment(ticket, "Still failing.", null, null, Duration.ofMinutes(10));
        MODEL.customerComment(ticket, "Here is the HAR.", "capture.har", probe, Duration.ofMinutes(2));
    }

    private ZendeskCaseStore store(String authorization) {
        ZendeskHttp http = new ZendeskHttp(URI.create("http://localhost:" + zendesk.getPort()), authorization,
                Duration.ofSeconds(10), json);
        return new ZendeskCaseStore(http, json, new ZendeskCaseStore.Settings(Duration.ofSeconds(60),
                Duration.ofDays(7), 50L << 20, ZendeskCaseStore.Redaction.COMMENT), Optional.empty(),
                Clock.systemUTC());
    }

    @Override
    protected CaseStore store() {
        return store(ZendeskCaseStoreTest.AUTH);
    }

    @Override
    protected AttachmentRef original(CaseStore store) throws Exception {
        return store.attachments(new CaseId(String.valueOf(ticket))).stream()
                .filter(a -> a.name().equals("capture.har")).findFirst().orElseThrow();
    }

    /** One private comment per copy and one private note; the original redacted; the customer sees none of it. */
    @Override
    protected void assertFinished() throws Exception {
        List<ZendeskModel.Comment> comments = MODEL.comments(ticket);
        List<ZendeskModel.Comment> ours = comments.stream().filter(c -> c.author() == ZendeskModel.AGENT).toList();
        assertEquals(3, ours.size(), ours::toString);
        assertTrue(ours.stream().noneMatch(ZendeskModel.Comment::isPublic), "every comment of ours is private");
        List<String> files = ours.stream().flatMap(c -> c.files().stream()).map(f -> f.name).sorted().toList();
        assertEquals(List.of("capture.har.pgp", "capture.sanitized.har"), files);
        ZendeskModel.File sanitized = file(ours, "capture.sanitized.har");
        String copy = new String(sanitized.bytes, StandardCharsets.UTF_8);
        json.readTree(copy);
        assertFalse(copy.contains("S05xApiKeySecret"));
        assertTrue(copy.contains("KEEPreqid-123"));
        assertArrayEquals(probe, DemoKey.decrypt(new ByteArrayInputStream(file(ours, "capture.har.pgp").bytes)));
        String note = ours.stream().filter(c -> c.files().isEmpty()).findFirst().orElseThrow().body();
        assertTrue(note.contains("HAR Warden processed"), note);
        assertTrue(note.contains("redacted"), note);

        List<ZendeskModel.Comment> customerSide = comments.stream().filter(ZendeskModel.Comment::isPublic).toList();
        assertTrue(customerSide.stream().noneMatch(c -> c.body().contains("HAR Warden")), "no note for the customer");
        List<String> shown = customerSide.stream().flatMap(c -> c.files().stream()).map(f -> f.name).toList();
        assertEquals(List.of("screen.png", ZendeskCaseStore.REDACTED_NAME), shown);
        assertTrue(customerSide.stream().flatMap(c -> c.files().stream()).noneMatch(f -> f.bytes.length
                == probe.length), "no plaintext left");
    }

    private static ZendeskModel.File file(List<ZendeskModel.Comment> comments, String name) {
        return comments.stream().flatMap(c -> c.files().stream()).filter(f -> f.name.equals(name)).findFirst()
                .orElseThrow();
    }

    private List<String> changingCalls() {
        return zendesk.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> !r.getMethod().getName().equals("GET"))
                .filter(r -> r.getUrl().contains("/" + ticket) || r.getUrl().startsWith("/api/v2/uploads")
                        || r.getUrl().startsWith("/api/v2/comment_redactions"))
                .map(r -> r.getMethod().getName() + " " + r.getUrl().split("\\?")[0]).toList();
    }

    @Test
    void foundByPollingTheFileEndsAsTwoPrivateCopiesARedactedOriginalAndOnePrivateNote() throws Exception {
        zendesk.resetRequests();
        ZendeskCaseStore store = store(ZendeskCaseStoreTest.AUTH);
        AttachmentRef original = store.changedSince(Instant.now().minus(Duration.ofMinutes(40))).stream()
                .filter(a -> a.caseId().value().equals(String.valueOf(ticket)) && a.name().equals("capture.har"))
                .findFirst().orElseThrow();

        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished();
        long redactions = zendesk.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl()
                .startsWith("/api/v2/comment_redactions/")).count();
        assertEquals(1, redactions);
        assertEquals(3, changingCalls().stream().filter(c -> c.equals("PUT /api/v2/tickets/" + ticket + ".json"))
                .count(), changingCalls()::toString);
        assertTrue(zendesk.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getUrl().startsWith("/storage/")).noneMatch(r -> r.containsHeader("Authorization")));
        assertTrue(zendesk.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getUrl().startsWith("/api/v2/tickets/" + ticket + "/comments.json"))
                .anyMatch(r -> r.getUrl().contains("page%5Bafter%5D")), "the comments came in several pages");
    }

    @Test
    void foundByASignedWebhookTheSameStepsRunAtOnce() throws Exception {
        ZendeskWebhook hook = new ZendeskWebhook("webhook-secret-for-the-flow", json);
        WebhookGate gate = new WebhookGate(hook, Duration.ofMinutes(5), 100, 20, Clock.systemUTC());
        byte[] event = ("{\"type\":\"zen:event-type:ticket.attachment_linked_to_comment\",\"id\":\"evt-" + ticket
                + "\",\"subject\":\"zen:ticket:" + ticket + "\"}").getBytes(StandardCharsets.UTF_8);
        String now = Instant.now().toString();
        Map<String, String> headers = Map.of(ZendeskWebhook.TIMESTAMP, now, ZendeskWebhook.SIGNATURE,
                new String(hook.sign(now, event), StandardCharsets.US_ASCII));
        CaseHints hints = new CaseHints();
        Verdict verdict = gate.check(headers, event);
        hints.offer(((Verdict.Accepted) verdict).caseId().orElseThrow());

        ZendeskCaseStore store = store(ZendeskCaseStoreTest.AUTH);
        for (CaseId hinted : hints.drain()) { // what the detector does with a hint: read the case through the API
            for (AttachmentRef a : store.attachments(hinted)) {
                if (a.name().endsWith(".har")) {
                    assertEquals(Step.DONE, processor(store).process(a).step());
                }
            }
        }
        assertFinished();
        assertEquals(409, ((Verdict.Refused) gate.check(headers, event)).status(), "a replay is refused");
    }

    @Test
    void a429AndABurstOf5xxAreRetriedAsTheyComeWithNothingTwice() throws Exception {
        ZendeskCaseStore store = store(ZendeskCaseStoreTest.AUTH);
        AttachmentRef original = original(store);
        MODEL.fail("PUT", "/api/v2/tickets/" + ticket + "\\.json", 1, 429, "text/plain; charset=utf-8",
                "Rate limit for ticket updates exceeded, please wait before updating this ticket again", "3");
        MODEL.fail("PUT", "/api/v2/comment_redactions/\\d+\\.json", 3, 503, "text/html", "<html>busy</html>", null);
        StoreFlows.Retried retried = StoreFlows.untilDone(processor(store), original);
        assertEquals(4, retried.transients());
        assertEquals(Step.DONE, retried.job().step());
        assertFinished();
    }

    @Test
    void aPermanent403OnTheRedactionStopsWithItsReasonAndNothingIsLost() throws Exception {
        ZendeskCaseStore store = store(ZendeskCaseStoreTest.AUTH);
        AttachmentRef original = original(store);
        MODEL.fail("PUT", "/api/v2/comment_redactions/\\d+\\.json", 1, 403, "application/json",
                "{\"error\":\"Forbidden\",\"description\":\"You do not have permission to redact\"}", null);

        var refused = assertThrows(CaseStoreException.Permanent.class, () -> processor(store).process(original));
        assertTrue(refused.getMessage().contains("You do not have permission to redact"), refused.getMessage());
        assertEquals("capture.har", original(store).name(), "the original is still there, unredacted");
        assertEquals(Step.DONE, processor(store).process(original).step()); // once the role is fixed
        assertFinished();
    }

    @Test
    void wrongCredentialsStopAtTheFirstCallAndTouchNothing() throws Exception {
        ZendeskCaseStore wrong = store("Basic " + java.util.Base64.getEncoder().encodeToString(
                "agent@example.com/token:revoked".getBytes(StandardCharsets.UTF_8)));
        var refused = assertThrows(CaseStoreException.Permanent.class, wrong::ownAccount);
        assertFalse(refused.getMessage().contains("revoked"));
        assertEquals(4, MODEL.comments(ticket).size());
    }
}
