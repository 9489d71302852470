package io.harwarden.casestore.jira;

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
import io.harwarden.pgp.DemoKey;
import io.harwarden.pipeline.Step;
import io.harwarden.webhook.Verdict;
import io.harwarden.webhook.WebhookGate;
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
 * Whole flows on Jira Service Management: the real pipeline and the Jira store against a stateful model of its API
 * ({@link JiraModel}): found by polling (JQL) or by a signed {@code jira:issue_updated} webhook, then two copies
 * uploaded by HAR Warden's account, the original deleted, one internal comment; faults and crashes between any two
 * changing calls, each finished by a second run with nothing twice. The portal's side (public comments, the
 * customer's files) is checked after each: no note, no plaintext. Run for Cloud and for Data Center.
 */
abstract class JiraFlows extends StoreFlowSuite {
    private static final AtomicLong ISSUES = new AtomicLong(System.nanoTime() % 100_000 * 10);
    static final JiraModel MODEL = new JiraModel(JiraCaseStoreTest.AUTH, Clock.systemUTC());

    @RegisterExtension
    static WireMockExtension jira = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(MODEL)).build();

    private final ObjectMapper json = new ObjectMapper();
    private String key;
    private byte[] probe;

    @BeforeEach
    void newIssue() throws Exception {
        MODEL.serveOn(jira);
        MODEL.dataCenter = dataCenter();
        key = "SUP-" + ISSUES.incrementAndGet();
        probe = StoreFlows.probe();
        MODEL.customerUpload(key, null, null, Duration.ofMinutes(20));
        MODEL.customerUpload(key, "screen.png", new byte[] {1, 2}, Duration.ofMinutes(10));
        MODEL.customerUpload(key, "capture.har", probe, Duration.ofMinutes(2));
    }

    private JiraCaseStore store(String authorization) {
        JiraHttp http = new JiraHttp(URI.create("http://localhost:" + jira.getPort()), authorization,
                Duration.ofSeconds(10), json);
        return new JiraCaseStore(http, json, new JiraCaseStore.Settings(List.of(), Duration.ofSeconds(30),
                Duration.ofDays(7), JiraCaseStore.CommentMode.SERVICE_DESK, "Administrators", dataCenter()),
                Optional.empty(), Clock.systemUTC());
    }

    /** Cloud or Data Center: the same flows on the v3 or the v2 API. */
    protected abstract boolean dataCenter();

    @Override
    protected CaseStore store() {
        return store(JiraCaseStoreTest.AUTH);
    }

    @Override
    protected AttachmentRef original(CaseStore store) throws Exception {
        return store.attachments(new CaseId(key)).stream().filter(a -> a.name().equals("capture.har")).findFirst()
                .orElseThrow();
    }

    @Override
    protected void assertFinished() throws Exception {
        List<JiraModel.File> files = MODEL.files(key);
        assertEquals(List.of("capture.har.pgp", "capture.sanitized.har", "screen.png"), files.stream()
                .map(JiraModel.File::name).sorted().toList());
        JiraModel.File sanitized = file(files, "capture.sanitized.har");
        String copy = new String(sanitized.bytes(), StandardCharsets.UTF_8);
        json.readTree(copy);
        assertFalse(copy.contains("S05xApiKeySecret"));
        assertArrayEquals(probe, DemoKey.decrypt(new ByteArrayInputStream(file(files, "capture.har.pgp").bytes())));
        List<JiraModel.Comment> ours = MODEL.comments(key).stream().filter(c -> c.author().equals(JiraModel.AGENT))
                .toList();
        assertEquals(1, ours.size(), ours::toString);
        assertFalse(ours.get(0).isPublic(), "the note is internal");
        assertTrue(ours.get(0).body().contains("HAR Warden processed") && ours.get(0).body().contains("deleted"));

        // the portal: public comments and the customer's own files
        assertTrue(MODEL.comments(key).stream().filter(JiraModel.Comment::isPublic)
                .noneMatch(c -> c.body().contains("HAR Warden")), "no note for the customer");
        assertEquals(List.of("screen.png"), files.stream().filter(f -> f.author().equals(JiraModel.CUSTOMER))
                .map(JiraModel.File::name).toList(), "no plaintext left");
    }

    private static JiraModel.File file(List<JiraModel.File> files, String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void foundByPollingTheFileEndsAsTwoCopiesNoOriginalAndOneInternalComment() throws Exception {
        jira.resetRequests();
        JiraCaseStore store = store(JiraCaseStoreTest.AUTH);
        AttachmentRef original = store.changedSince(Instant.now().minus(Duration.ofMinutes(5))).stream()
                .filter(a -> a.caseId().value().equals(key) && a.name().equals("capture.har")).findFirst()
                .orElseThrow();

        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished();
        String api = dataCenter() ? "/rest/api/2/" : "/rest/api/3/";
        List<String> uploads = jira.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getUrl().equals(api + "issue/" + key + "/attachments"))
                .map(r -> r.getHeader("X-Atlassian-Token")).toList();
        assertEquals(List.of("no-check", "no-check"), uploads);
        String search = dataCenter() ? "/rest/api/2/search?" : "/rest/api/3/search/jql?";
        String nextPage = dataCenter() ? "startAt=2" : "nextPageToken";
        assertTrue(jira.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .filter(r -> r.getUrl().startsWith(search)).anyMatch(r -> r.getUrl().contains(nextPage)),
                "the search came in several pages");
    }

    @Test
    void foundByASignedWebhookTheSameStepsRun() throws Exception {
        JiraWebhook hook = new JiraWebhook("jira-webhook-secret", json);
        WebhookGate gate = new WebhookGate(hook, Duration.ofMinutes(5), 100, 20, Clock.systemUTC());
        byte[] event = ("{\"timestamp\":" + Instant.now().toEpochMilli() + ",\"webhookEvent\":\"jira:issue_updated\","
                + "\"issue_event_type_name\":\"issue_updated\",\"issue\":{\"id\":\"10042\",\"key\":\"" + key + "\"},"
                + "\"changelog\":{\"id\":\"1\",\"items\":[{\"field\":\"Attachment\",\"to\":\"1\",\"toString\":"
                + "\"capture.har\"}]}}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of(JiraWebhook.SIGNATURE, new String(hook.sign(event),
                StandardCharsets.US_ASCII), JiraWebhook.IDENTIFIER, "wh-" + key);
        Verdict verdict = gate.check(headers, event);
        CaseId named = ((Verdict.Accepted) verdict).caseId().orElseThrow();

        JiraCaseStore store = store(JiraCaseStoreTest.AUTH);
        for (AttachmentRef a : store.attachments(named)) {
            if (a.name().endsWith(".har")) {
                assertEquals(Step.DONE, processor(store).process(a).step());
            }
        }
        assertFinished();
        assertEquals(409, ((Verdict.Refused) gate.check(headers, event)).status());
    }

    @Test
    void a429AndABurstOf5xxAreRetriedAsTheyComeWithNothingTwice() throws Exception {
        JiraCaseStore store = store(JiraCaseStoreTest.AUTH);
        AttachmentRef original = original(store);
        MODEL.fail("POST", "/rest/api/[23]/issue/" + key + "/attachments", 1, 429, "application/json",
                "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}", "5");
        MODEL.fail("DELETE", "/rest/api/[23]/attachment/\\d+", 3, 503, "text/html", "<html>unavailable</html>", "30");
        StoreFlows.Retried retried = StoreFlows.untilDone(processor(store), original);
        assertEquals(4, retried.transients());
        assertEquals(Step.DONE, retried.job().step());
        assertFinished();
    }

    @Test
    void aPermanent403StopsWithItsReasonAndNothingIsLost() throws Exception {
        JiraCaseStore store = store(JiraCaseStoreTest.AUTH);
        AttachmentRef original = original(store);
        MODEL.fail("DELETE", "/rest/api/[23]/attachment/\\d+", 1, 403, "application/json",
                "{\"errorMessages\":[\"You do not have permission to delete attachments for this issue.\"]}", null);

        var refused = assertThrows(CaseStoreException.Permanent.class, () -> processor(store).process(original));
        assertTrue(refused.getMessage().contains("permission to delete attachments"), refused.getMessage());
        assertEquals("capture.har", original(store).name(), "the original is still there");
        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished();
    }

    @Test
    void wrongCredentialsStopAtTheFirstCall() {
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store("Basic "
                + java.util.Base64.getEncoder().encodeToString("agent@example.com:revoked".getBytes(
                        StandardCharsets.UTF_8))).ownAccount());
        assertFalse(refused.getMessage().contains("revoked"));
    }
}
