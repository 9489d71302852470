package io.harwarden.casestore.servicenow;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
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
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole flows on ServiceNow: the real pipeline and the ServiceNow store against a stateful model of its Attachment and
 * Table APIs ({@link ServiceNowModel}): found by polling or by a business rule's REST message, two copies, the
 * original deleted, one work note; faults and crashes between any two changing calls, each finished by a second run
 * with nothing twice. The customer's side (the {@code comments} journal, the customer's files) is checked after each.
 */
@QuarkusTest
class ServiceNowFlowTest extends StoreFlowSuite {
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString((ServiceNowCaseStoreTest.USER + ":"
            + ServiceNowCaseStoreTest.PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final ServiceNowModel MODEL = new ServiceNowModel(AUTH, ServiceNowCaseStoreTest.USER, Clock.systemUTC());
    private static final String TABLE = ServiceNowCaseStoreTest.TABLE;

    @RegisterExtension
    static WireMockExtension servicenow = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(MODEL)).build();

    private final ObjectMapper json = new ObjectMapper();
    private String record;
    private byte[] probe;

    @BeforeEach
    void newCase() throws Exception {
        MODEL.serveOn(servicenow);
        record = ServiceNowModel.sysId();
        probe = StoreFlows.probe();
        MODEL.customerUpload(TABLE, record, "screen.png", new byte[] {1, 2}, Duration.ofMinutes(10));
        MODEL.customerUpload(TABLE, record, "capture.har", probe, Duration.ofMinutes(2));
    }

    private ServiceNowCaseStore store(String password) {
        URI base = URI.create("http://localhost:" + servicenow.getPort() + "/");
        return new ServiceNowCaseStore(new ServiceNowHttp(base, ServiceNowAuth.basic(ServiceNowCaseStoreTest.USER,
                password), Duration.ofSeconds(10), json), json, new ServiceNowCaseStore.Settings(List.of(TABLE),
                        ServiceNowCaseStoreTest.USER, Duration.ofSeconds(30), Duration.ofDays(7), 1L << 30),
                Optional.empty(), Clock.systemUTC());
    }

    @Override
    protected CaseStore store() {
        return store(ServiceNowCaseStoreTest.PASSWORD);
    }

    @Override
    protected AttachmentRef original(CaseStore store) throws Exception {
        return store.attachments(new CaseId(TABLE + ":" + record)).stream().filter(a -> a.name().equals(
                "capture.har")).findFirst().orElseThrow();
    }

    @Override
    protected void assertFinished() throws Exception {
        List<ServiceNowModel.File> files = MODEL.files(record);
        assertEquals(List.of("capture.har.pgp", "capture.sanitized.har", "screen.png"), files.stream()
                .map(ServiceNowModel.File::name).sorted().toList());
        String copy = new String(file(files, "capture.sanitized.har").bytes(), StandardCharsets.UTF_8);
        json.readTree(copy);
        assertFalse(copy.contains("S05xApiKeySecret"));
        assertArrayEquals(probe, DemoKey.decrypt(new ByteArrayInputStream(file(files, "capture.har.pgp").bytes())));
        List<ServiceNowModel.Journal> notes = MODEL.journal(record).stream().filter(j -> j.element().equals(
                "work_notes")).toList();
        assertEquals(1, notes.size(), notes::toString);
        assertTrue(notes.get(0).value().contains("HAR Warden processed"));
        // the customer's side: the comments journal and their own files
        assertTrue(MODEL.journal(record).stream().filter(j -> j.element().equals("comments"))
                .noneMatch(j -> j.value().contains("HAR Warden")), "no note in comments");
        assertEquals(List.of("screen.png"), files.stream().filter(f -> f.createdBy().equals(ServiceNowModel.CUSTOMER))
                .map(ServiceNowModel.File::name).toList(), "no plaintext left");
    }

    private static ServiceNowModel.File file(List<ServiceNowModel.File> files, String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void foundByPollingTheFileEndsAsTwoCopiesNoOriginalAndOneWorkNote() throws Exception {
        ServiceNowCaseStore store = store(ServiceNowCaseStoreTest.PASSWORD);
        AttachmentRef original = store.changedSince(Instant.now().minus(Duration.ofMinutes(5))).stream()
                .filter(a -> a.caseId().value().endsWith(record) && a.name().equals("capture.har")).findFirst()
                .orElseThrow();
        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished();
    }

    @Test
    void foundByABusinessRulesMessageTheSameStepsRun() throws Exception {
        ServiceNowWebhook hook = new ServiceNowWebhook("rule-secret", json);
        WebhookGate gate = new WebhookGate(hook, Duration.ofMinutes(5), 100, 20, Clock.systemUTC());
        ServiceNowCaseStore store = store(ServiceNowCaseStoreTest.PASSWORD);
        byte[] message = ("{\"sys_id\":\"" + original(store).id() + "\",\"table_name\":\"" + TABLE + "\","
                + "\"table_sys_id\":\"" + record + "\",\"file_name\":\"capture.har\"}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("x-harwarden-webhook-secret", "rule-secret");
        CaseId named = ((Verdict.Accepted) gate.check(headers, message)).caseId().orElseThrow();
        for (AttachmentRef a : store.attachments(named)) {
            if (a.name().endsWith(".har") && !a.markedAsOutput()) {
                assertEquals(Step.DONE, processor(store).process(a).step());
            }
        }
        assertFinished();
        assertEquals(409, ((Verdict.Refused) gate.check(headers, message)).status(), "the rule fired twice");
        assertEquals(401, ((Verdict.Refused) gate.check(Map.of("x-harwarden-webhook-secret", "guess"), message))
                .status());
    }

    @Test
    void a429AndABurstOf5xxAreRetriedAsTheyComeWithNothingTwice() throws Exception {
        ServiceNowCaseStore store = store(ServiceNowCaseStoreTest.PASSWORD);
        AttachmentRef original = original(store);
        MODEL.fail("POST", "/api/now/attachment/file", 1, 429, "application/json",
                "{\"error\":{\"message\":\"Rate limit exceeded\"},\"status\":\"failure\"}", "12");
        MODEL.fail("PATCH", "/api/now/table/" + TABLE + "/" + record, 3, 503, "text/html", "<html>busy</html>", null);
        StoreFlows.Retried retried = StoreFlows.untilDone(processor(store), original);
        assertEquals(4, retried.transients());
        assertEquals(Step.DONE, retried.job().step());
        assertFinished();
    }

    @Test
    void anAclRefusalStopsWithItsReasonAndNothingIsLost() throws Exception {
        ServiceNowCaseStore store = store(ServiceNowCaseStoreTest.PASSWORD);
        AttachmentRef original = original(store);
        MODEL.fail("DELETE", "/api/now/attachment/[0-9a-f]{32}", 1, 403, "application/json",
                "{\"error\":{\"message\":\"Operation Failed\",\"detail\":\"ACL restricts the record deletion\"}}",
                null);
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> processor(store).process(original));
        assertTrue(refused.getMessage().contains("ACL restricts the record deletion"), refused.getMessage());
        assertEquals("capture.har", original(store).name());
        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished();
    }

    @Test
    void wrongCredentialsStopAtTheFirstCall() {
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store("not-it").changedSince(
                Instant.now().minus(Duration.ofMinutes(1))));
        assertFalse(refused.getMessage().contains("not-it"));
    }
}
