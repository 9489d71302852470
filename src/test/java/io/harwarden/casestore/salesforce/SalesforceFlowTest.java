package io.harwarden.casestore.salesforce;

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
import io.harwarden.casestore.http.HttpCalls;
import io.harwarden.pgp.DemoKey;
import io.harwarden.pipeline.FileProcessor;
import io.harwarden.pipeline.Step;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole flows on Salesforce: the real pipeline and the Salesforce store against a stateful model of its REST API
 * ({@link SalesforceModel}): found by polling, two copies published on the case, the original's document deleted (to
 * the recycle bin, or purged), one internal case comment; an expired session, the daily limit, 503s, a refusal, and
 * crashes between any two changing calls, each finished by a second run with nothing twice. The customer's side (the
 * published comments, the files on the case) is checked after each.
 */
@QuarkusTest
class SalesforceFlowTest extends StoreFlowSuite {
    private static final String USER = SalesforceCaseStoreTest.USER;
    static final SalesforceModel MODEL = new SalesforceModel(SalesforceCaseStoreTest.CLIENT_ID,
            SalesforceCaseStoreTest.SECRET, USER, Clock.systemUTC());

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(MODEL)).build();

    private final ObjectMapper json = new ObjectMapper();
    private String caseId;
    private byte[] probe;

    @BeforeEach
    void newCase() throws Exception {
        MODEL.serveOn(salesforce);
        caseId = SalesforceModel.id("500");
        probe = StoreFlows.probe();
        MODEL.customerUpload(caseId, "screen.png", new byte[] {1, 2}, Duration.ofMinutes(10));
        MODEL.customerUpload(caseId, "capture.har", probe, Duration.ofMinutes(2));
    }

    private SalesforceCaseStore store(String secret, boolean purge) {
        URI home = URI.create("http://localhost:" + salesforce.getPort() + "/");
        HttpCalls calls = new HttpCalls("Salesforce", Duration.ofSeconds(10), json);
        SalesforceHttp http = new SalesforceHttp(home, SalesforceAuth.clientCredentials(home, calls,
                SalesforceCaseStoreTest.CLIENT_ID, secret), "60.0", calls, json, new ApiUsage(0.8));
        return new SalesforceCaseStore(http, json, new SalesforceCaseStore.Settings(
                SalesforceCaseStore.NoteKind.CASE_COMMENT, purge, List.of("har", "json", "txt", "log"),
                Duration.ofSeconds(60), Duration.ofDays(7), 2L << 30), Clock.systemUTC());
    }

    @Override
    protected SalesforceCaseStore store() {
        return store(SalesforceCaseStoreTest.SECRET, false);
    }

    @Override
    protected AttachmentRef original(CaseStore store) throws Exception {
        return store.attachments(new CaseId(caseId)).stream().filter(a -> a.name().equals("capture.har"))
                .findFirst().orElseThrow();
    }

    @Override
    protected void assertFinished() throws Exception {
        List<SalesforceModel.File> files = MODEL.files(caseId);
        assertEquals(List.of("capture.har.pgp", "capture.sanitized.har", "screen.png"), files.stream()
                .map(SalesforceModel.File::name).sorted().toList());
        String copy = new String(file(files, "capture.sanitized.har").bytes(), StandardCharsets.UTF_8);
        json.readTree(copy);
        assertFalse(copy.contains("S05xApiKeySecret"));
        assertArrayEquals(probe, DemoKey.decrypt(new ByteArrayInputStream(file(files, "capture.har.pgp").bytes())));
        List<SalesforceModel.Note> ours = MODEL.notes(caseId).stream().filter(n -> n.createdBy().equals(USER))
                .toList();
        assertEquals(1, ours.size(), ours::toString);
        assertTrue(ours.get(0).internal(), "an internal comment");
        assertTrue(ours.get(0).body().contains("HAR Warden processed"));
        assertTrue(ours.get(0).body().contains("recycle bin"), ours.get(0).body());
        // the customer's side: published comments and their own files
        assertTrue(MODEL.notes(caseId).stream().filter(n -> !n.internal()).noneMatch(n -> n.body().contains(
                "HAR Warden")), "no note the customer sees");
        assertEquals(List.of("screen.png"), files.stream().filter(f -> f.createdBy().equals(SalesforceModel
                .CUSTOMER)).map(SalesforceModel.File::name).toList(), "no plaintext left");
    }

    private static SalesforceModel.File file(List<SalesforceModel.File> files, String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void foundByPollingTheFileEndsAsTwoCopiesNoOriginalAndOneInternalComment() throws Exception {
        SalesforceCaseStore store = store();
        AttachmentRef original = store.changedSince(Instant.now().minus(Duration.ofMinutes(5))).stream()
                .filter(a -> a.caseId().value().equals(caseId) && a.name().equals("capture.har")).findFirst()
                .orElseThrow();
        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished();
        assertTrue(MODEL.recycleBin().stream().anyMatch(f -> f.caseId().equals(caseId)), "deleted, to the bin");
    }

    @Test
    void withPurgingTheOriginalIsNotEvenInTheRecycleBin() throws Exception {
        SalesforceCaseStore store = store(SalesforceCaseStoreTest.SECRET, true);
        assertEquals(Step.DONE, processor(store).process(original(store)).step());
        assertTrue(MODEL.recycleBin().stream().noneMatch(f -> f.caseId().equals(caseId)));
        assertEquals(List.of("capture.har.pgp", "capture.sanitized.har", "screen.png"), MODEL.files(caseId).stream()
                .map(SalesforceModel.File::name).sorted().toList());
        String note = MODEL.notes(caseId).stream().filter(n -> n.createdBy().equals(USER)).findFirst().orElseThrow()
                .body();
        assertTrue(note.contains("deleted from this case.") && !note.contains("recycle bin"), note);
    }

    @Test
    void aSessionThatExpiresMidFlowIsRenewedAndTheFlowGoesOn() throws Exception {
        SalesforceCaseStore store = store();
        AttachmentRef original = original(store);
        int before = MODEL.tokensIssued();
        FileProcessor processor = processor(new io.harwarden.casestore.ForwardingCaseStore(store) {
            @Override
            public void delete(AttachmentRef attachment) throws CaseStoreException {
                MODEL.expireSession(); // between the uploads and the delete
                super.delete(attachment);
            }
        });
        assertEquals(Step.DONE, processor.process(original).step());
        assertFinished();
        assertEquals(1, MODEL.tokensIssued() - before);
    }

    @Test
    void aSessionThatExpiresAsAFileIsUploadedIsRenewedAndTheUploadSentAgain() throws Exception {
        SalesforceCaseStore store = store();
        AttachmentRef original = original(store);
        MODEL.expireSessionAt("POST", SalesforceModel.V + "sobjects/ContentVersion");
        StoreFlows.Retried retried = StoreFlows.untilDone(processor(store), original);
        assertEquals(1, retried.transients(), "the upload's body cannot be sent twice: the pipeline sends it again");
        assertFinished();
    }

    @Test
    void aSessionThatExpiresBeforeThePurgeIsRenewedForTheSoapCall() throws Exception {
        SalesforceCaseStore store = store(SalesforceCaseStoreTest.SECRET, true);
        int before = MODEL.tokensIssued();
        MODEL.expireSessionAt("POST", "/services/Soap/");
        assertEquals(Step.DONE, processor(store).process(original(store)).step());
        assertEquals(2, MODEL.tokensIssued() - before);
        assertTrue(MODEL.recycleBin().stream().noneMatch(f -> f.caseId().equals(caseId)), "purged");
    }

    @Test
    void aLongFileNameStillFitsTheTitlesOfItsCopies() throws Exception {
        String name = "session-".repeat(35) + ".har";
        MODEL.customerUpload(caseId, name, probe, Duration.ofMinutes(1));
        SalesforceCaseStore store = store();
        AttachmentRef original = store.attachments(new CaseId(caseId)).stream().filter(a -> a.name().equals(name))
                .findFirst().orElseThrow();
        assertEquals(Step.DONE, processor(store).process(original).step());
        assertTrue(MODEL.files(caseId).stream().noneMatch(f -> f.name().equals(name)), "the plaintext is gone");
    }

    @Test
    void theDailyLimitAndABurstOf503AreRetriedAsTheyComeWithNothingTwice() throws Exception {
        SalesforceCaseStore store = store();
        AttachmentRef original = original(store);
        MODEL.fail("POST", SalesforceModel.V + "sobjects/ContentVersion", 1, 403, "application/json",
                "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]", null);
        MODEL.fail("POST", SalesforceModel.V + "sobjects/CaseComment", 3, 503, "text/html", "<html>busy</html>", null);
        StoreFlows.Retried retried = StoreFlows.untilDone(processor(store), original);
        assertEquals(4, retried.transients());
        assertEquals(Step.DONE, retried.job().step());
        assertFinished();
    }

    /** The file was stored, but the answer about it was lost: the retry finds it on the case and does not send it again. */
    @Test
    void aCopyWhoseReadBackFailedIsAdoptedNotUploadedTwice() throws Exception {
        SalesforceCaseStore store = store();
        AttachmentRef original = original(store);
        MODEL.fail("GET", SalesforceModel.V + "sobjects/ContentVersion/068\\w+", 1, 503, "text/html",
                "<html>busy</html>", null);
        StoreFlows.Retried retried = StoreFlows.untilDone(processor(store), original);
        assertTrue(retried.transients() >= 1, "the read-back failed once");
        assertFinished(); // exactly the two copies: none twice
    }

    @Test
    void aRefusedDeleteStopsWithItsReasonAndNothingIsLost() throws Exception {
        SalesforceCaseStore store = store();
        AttachmentRef original = original(store);
        MODEL.fail("DELETE", SalesforceModel.V + "sobjects/ContentDocument/069\\w+", 1, 403, "application/json",
                "[{\"message\":\"insufficient access rights on object id\",\"errorCode\":"
                        + "\"INSUFFICIENT_ACCESS_OR_READONLY\"}]", null);
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> processor(store).process(original));
        assertTrue(refused.getMessage().contains("INSUFFICIENT_ACCESS_OR_READONLY"), refused.getMessage());
        assertEquals("capture.har", original(store).name());
        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished();
    }

    @Test
    void aHarFileThatCameByEmailToCaseIsFoundOnItsCaseAndRemovedFromTheEmail() throws Exception {
        MODEL.customerEmail(caseId, "mailed.har", probe, Duration.ofMinutes(1));
        SalesforceCaseStore store = store();
        List<AttachmentRef> polled = store.changedSince(Instant.now().minus(Duration.ofMinutes(5))).stream()
                .filter(a -> a.caseId().value().equals(caseId)).toList();
        assertEquals(List.of("capture.har", "mailed.har"), polled.stream().map(AttachmentRef::name).sorted().toList());
        AttachmentRef mailed = store.attachments(new CaseId(caseId)).stream().filter(a -> a.name().equals(
                "mailed.har")).findFirst().orElseThrow();
        assertEquals(Step.DONE, processor(store).process(mailed).step());
        assertEquals(List.of(), MODEL.emailFiles(caseId), "no plaintext left on the email");
        assertTrue(MODEL.files(caseId).stream().anyMatch(f -> f.name().equals("mailed.sanitized.har")));
        assertTrue(MODEL.files(caseId).stream().anyMatch(f -> f.name().equals("mailed.har.pgp")));
    }

    @Test
    void pagesOfEveryQueryAreFollowed() throws Exception {
        for (int i = 0; i < 5; i++) {
            MODEL.customerUpload(caseId, "log-" + i + ".txt", new byte[] {'x'}, Duration.ofMinutes(1));
        }
        assertEquals(7, store().attachments(new CaseId(caseId)).size(), "page size 2: four pages");
    }

    @Test
    void wrongCredentialsStopAtTheFirstCall() {
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store("not-it", false).changedSince(
                Instant.now().minus(Duration.ofMinutes(1))));
        assertFalse(refused.getMessage().contains("not-it"));
    }
}
