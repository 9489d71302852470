package io.harwarden.casestore.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.Capability;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.http.HttpCalls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Salesforce store against a WireMock model of its REST API, mapped in readable JSON under
 * {@code src/test/resources/salesforce/} (its README names the vendor page of each): the client-credentials token,
 * one case's files as the steps change them, multipart uploads published on the case, the document deleted and
 * purged, internal case comments (a published one is refused by the model), polling with {@code nextRecordsUrl},
 * the error array, {@code REQUEST_LIMIT_EXCEEDED}, {@code Sforce-Limit-Info}.
 */
class SalesforceCaseStoreTest {
    static final String CLIENT_ID = "3MVG9test.consumer.key";
    static final String SECRET = "sf-test-secret";
    static final String USER = "005Hs00000Intg1IAA";
    static final CaseId CASE = new CaseId("500Hs00001XyZ1aIAF");
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @RegisterExtension
    static WireMockExtension salesforce = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("salesforce")).build();

    private final ObjectMapper json = new ObjectMapper();
    private final ApiUsage usage = new ApiUsage(0.9);

    @BeforeEach
    void freshCase() {
        salesforce.resetScenarios();
    }

    private URI home() {
        return URI.create("http://localhost:" + salesforce.getPort() + "/");
    }

    private SalesforceCaseStore store(String secret, SalesforceCaseStore.NoteKind note, boolean purge,
            long maxBytes) {
        HttpCalls calls = new HttpCalls("Salesforce", Duration.ofSeconds(5), json);
        SalesforceHttp http = new SalesforceHttp(home(), SalesforceAuth.clientCredentials(home(), calls, CLIENT_ID,
                secret), "60.0", calls, json, usage);
        return new SalesforceCaseStore(http, json, new SalesforceCaseStore.Settings(note, purge, List.of("har",
                "json", "txt", "log"), Duration.ofSeconds(60), Duration.ofDays(7), maxBytes), Clock.fixed(NOW,
                        ZoneOffset.UTC));
    }

    private SalesforceCaseStore store() {
        return store(SECRET, SalesforceCaseStore.NoteKind.CASE_COMMENT, false, 2L << 30);
    }

    @Test
    void theStepsOnACaseLeaveTwoCopiesNoOriginalAndOneInternalComment() throws Exception {
        SalesforceCaseStore store = store();
        assertEquals(List.of("screen.png", "capture.har"), store.attachments(CASE).stream().map(AttachmentRef::name)
                .toList());
        AttachmentRef original = store.attachments(CASE).get(1);
        assertEquals("069Hs00000Orig1IAA", original.id());
        assertEquals("068Hs00000Orig1IAA", original.version());
        assertEquals(Instant.parse("2026-11-30T09:05:00Z"), original.modified());
        assertEquals(2467, original.size());
        assertFalse(original.markedAsOutput());
        byte[] capture;
        try (InputStream in = getClass().getResourceAsStream("/salesforce/__files/capture.har")) {
            capture = in.readAllBytes();
        }
        try (InputStream in = store.open(original)) {
            assertArrayEquals(capture, in.readAllBytes());
        }
        byte[] sanitized = "{\"log\":{}}".getBytes(StandardCharsets.UTF_8);
        var first = store.upload(CASE, new Upload("capture.sanitized.har", "application/json", "HAR Warden: s",
                sanitized.length), new ByteArrayInputStream(sanitized));
        assertTrue(first.attachment().markedAsOutput());
        assertEquals(USER, first.attachment().uploader());
        assertEquals(store.ownAccount().orElseThrow(), first.attachment().uploader());
        assertEquals("069Hs00000San01IAA", first.attachment().id());
        salesforce.verify(postRequestedFor(urlEqualTo("/services/data/v60.0/sobjects/ContentVersion"))
                .withRequestBody(containing("\r\n\r\n{\"log\":{}}\r\n--harwarden-")));
        byte[] encrypted = {(byte) 0x85, 9};
        store.upload(CASE, new Upload("capture.har.pgp", "application/pgp-encrypted", "HAR Warden: e",
                encrypted.length), new ByteArrayInputStream(encrypted));
        store.delete(original);
        store.delete(original); // a re-run: the document is gone, done
        salesforce.verify(1, deleteRequestedFor(urlEqualTo("/services/data/v60.0/sobjects/ContentDocument/"
                + original.id())));
        assertEquals(List.of("screen.png", "capture.sanitized.har", "capture.har.pgp"), store.attachments(CASE)
                .stream().map(AttachmentRef::name).toList());
        store.appendNote(CASE, new NoteKey("note-key-1"), "HAR Warden processed capture.har.");
        store.appendNote(CASE, new NoteKey("note-key-1"), "HAR Warden processed capture.har."); // a re-run
        salesforce.verify(1, postRequestedFor(urlEqualTo("/services/data/v60.0/sobjects/CaseComment")));
        salesforce.verify(1, postRequestedFor(urlEqualTo("/services/oauth2/token")));
        assertEquals(1204, usage.used());
        assertEquals(15000, usage.limit());
        assertEquals(Capability.RECYCLE_BIN, store.capabilities().stream().filter(c -> c == Capability.RECYCLE_BIN
                || c == Capability.TRUE_DELETE).findFirst().orElseThrow());
    }

    @Test
    void purgingEmptiesTheRecycleBinOfTheDeletedDocumentAlsoOnARerun() throws Exception {
        SalesforceCaseStore store = store(SECRET, SalesforceCaseStore.NoteKind.CASE_COMMENT, true, 2L << 30);
        assertTrue(store.capabilities().contains(Capability.TRUE_DELETE));
        salesforce.setScenarioState("case 00001026", "encrypted uploaded");
        AttachmentRef original = store.attachments(CASE).get(1);
        store.delete(original);
        store.delete(original);
        salesforce.verify(2, postRequestedFor(urlEqualTo("/services/Soap/u/60.0")).withRequestBody(containing(
                "<urn:emptyRecycleBin><urn:ids>069Hs00000Orig1IAA</urn:ids></urn:emptyRecycleBin>")));
    }

    @Test
    void aNewerVersionUploadedSinceTheReadWaitsForItsOwnTurn() throws Exception {
        SalesforceCaseStore store = store();
        AttachmentRef original = store.attachments(CASE).get(1);
        AttachmentRef older = new AttachmentRef(CASE, original.id(), original.name(), 10, original.modified(), "",
                original.uploader(), "068Hs00000Older1AA");
        var later = assertThrows(CaseStoreException.Transient.class, () -> store.delete(older));
        assertTrue(later.getMessage().contains("a newer version was uploaded"), later.getMessage());
        salesforce.verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void aPurgeRefusedForWantOfPermissionIsAConfigurationErrorAndOtherPerIdFailuresMeanAlreadyPurged()
            throws Exception {
        SalesforceCaseStore store = store(SECRET, SalesforceCaseStore.NoteKind.CASE_COMMENT, true, 2L << 30);
        salesforce.setScenarioState("case 00001026", "original deleted");
        AttachmentRef gone = new AttachmentRef(CASE, "069Hs00000Orig1IAA", "capture.har", 1, NOW, "", "",
                "068Hs00000Orig1IAA");
        salesforce.stubFor(post(urlEqualTo("/services/Soap/u/60.0")).atPriority(0).willReturn(aResponse()
                .withStatus(200).withBody(soap("<result><errors><statusCode>INVALID_ID_FIELD</statusCode><message>"
                        + "not in the recycle bin</message></errors><id>069Hs00000Orig1IAA</id><success>false"
                        + "</success></result>"))));
        store.delete(gone); // purged by a run before
        salesforce.stubFor(post(urlEqualTo("/services/Soap/u/60.0")).atPriority(0).willReturn(aResponse()
                .withStatus(200).withBody(soap("<result><errors><statusCode>INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE"
                        + "_ENTITY</statusCode></errors><id>069Hs00000Orig1IAA</id><success>false</success>"
                        + "</result>"))));
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store.delete(gone));
        assertTrue(refused.getMessage().contains("purge-deleted=false"), refused.getMessage());
        salesforce.stubFor(post(urlEqualTo("/services/Soap/u/60.0")).atPriority(0).willReturn(aResponse()
                .withStatus(500).withBody("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope"
                        + "/\"><soapenv:Body><soapenv:Fault><faultcode>sf:REQUEST_LIMIT_EXCEEDED</faultcode>"
                        + "<faultstring>TotalRequests Limit exceeded.</faultstring></soapenv:Fault></soapenv:Body>"
                        + "</soapenv:Envelope>")));
        assertThrows(CaseStoreException.Transient.class, () -> store.delete(gone));
    }

    private static String soap(String results) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap"
                + ".org/soap/envelope/\" xmlns=\"urn:partner.soap.sforce.com\"><soapenv:Body><emptyRecycleBinResponse>"
                + results + "</emptyRecycleBinResponse></soapenv:Body></soapenv:Envelope>";
    }

    @Test
    void aFileTheOrgWillNotTakeIsRejectedForTheCaseNoteAndALongNameFitsTheTitle() {
        salesforce.stubFor(post(urlEqualTo("/services/data/v60.0/sobjects/ContentVersion")).atPriority(0)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "[{\"message\":\"storage limit exceeded\",\"errorCode\":\"STORAGE_LIMIT_EXCEEDED\"}]")));
        byte[] copy = {1, 2, 3};
        var rejected = assertThrows(CaseStoreException.Rejected.class, () -> store().upload(CASE, new Upload(
                "capture.har.pgp", "application/pgp-encrypted", "x", copy.length), new ByteArrayInputStream(copy)));
        assertTrue(rejected.getMessage().contains("STORAGE_LIMIT_EXCEEDED"), rejected.getMessage());
        String longName = "a".repeat(300) + ".sanitized.har";
        String title = SalesforceCaseStore.title(longName);
        assertEquals(255, title.length());
        assertTrue(title.endsWith("….sanitized.har"), title);
        assertEquals("capture.har", SalesforceCaseStore.title("capture.har"));
    }

    @Test
    void aCursorOlderThanTheLookBackIsKeptAfterAnOutageOnlyAFullScanIsCut() throws Exception {
        HttpCalls calls = new HttpCalls("Salesforce", Duration.ofSeconds(5), json);
        SalesforceCaseStore shortMemory = new SalesforceCaseStore(new SalesforceHttp(home(), SalesforceAuth
                .clientCredentials(home(), calls, CLIENT_ID, SECRET), "60.0", calls, json, usage), json,
                new SalesforceCaseStore.Settings(SalesforceCaseStore.NoteKind.CASE_COMMENT, false, List.of("har",
                        "json", "txt", "log"), Duration.ofSeconds(60), Duration.ofMinutes(30), 2L << 30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertEquals(2, shortMemory.changedSince(Instant.parse("2026-11-30T08:00:00Z")).size(), "two hours back");
        salesforce.verify(getRequestedFor(urlPathEqualTo("/services/data/v60.0/query")).withQueryParam("q",
                containing("CreatedDate >= 2026-11-30T08:00:00Z")));
        // a full scan: no mapping answers it (404), the query asked is what counts
        assertThrows(CaseStoreException.NotFound.class, () -> shortMemory.changedSince(Instant.EPOCH));
        salesforce.verify(getRequestedFor(urlPathEqualTo("/services/data/v60.0/query")).withQueryParam("q",
                containing("CreatedDate >= 2026-11-30T09:30:00Z")));
    }

    @Test
    void aChatterNoteIsAPostForInternalUsersOnly() throws Exception {
        store(SECRET, SalesforceCaseStore.NoteKind.CHATTER, false, 2L << 30).appendNote(CASE, new NoteKey("k-2"),
                "HAR Warden processed capture.har.");
        salesforce.verify(postRequestedFor(urlEqualTo("/services/data/v60.0/sobjects/FeedItem")).withRequestBody(
                containing("\"Visibility\":\"InternalUsers\"")).withRequestBody(containing("[k-2]")));
    }

    @Test
    void pollingAsksForNewHarLikeFilesSinceTheCursorFollowsThePagesAndKeepsTheirLinksToCases() throws Exception {
        List<AttachmentRef> found = store().changedSince(Instant.parse("2026-11-30T08:00:00Z"));
        assertEquals(List.of("500Hs00001Other1AA/session.har", "500Hs00001XyZ1aIAF/capture.har"), found.stream()
                .map(a -> a.caseId().value() + "/" + a.name()).sorted().toList(), "a case's link, and an email's whose case is another; a user's, a library's: no");
        salesforce.verify(getRequestedFor(urlEqualTo("/services/data/v60.0/query/01gHs00000Poll1IAA-2000")));
        salesforce.resetRequests();
        assertEquals(List.of(), store().changedSince(NOW)); // a readiness probe: one small call
        salesforce.verify(1, getRequestedFor(urlPathEqualTo("/services/data/v60.0/query")).withQueryParam("q",
                equalTo("SELECT Id FROM ContentVersion LIMIT 1")));
    }

    @Test
    void salesforcesRefusalsMapToThePortsKindsWithItsOwnWords() {
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store("wrong-secret",
                SalesforceCaseStore.NoteKind.CASE_COMMENT, false, 2L << 30).attachments(CASE));
        assertTrue(refused.getMessage().contains("refused the grant (400, invalid_client)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-secret"));
        AttachmentRef limited = new AttachmentRef(CASE, "069Hs00000Limit1AA", "y.har", 1, NOW, "", "", 
                "068Hs00000Limit1AA");
        var wait = assertThrows(CaseStoreException.Transient.class, () -> store().open(limited).close());
        assertTrue(wait.getMessage().contains("REQUEST_LIMIT_EXCEEDED"), wait.getMessage());
        assertTrue(usage.warned(), "15000 of 15000: warned");
        var busy = assertThrows(CaseStoreException.Transient.class, () -> store().open(new AttachmentRef(CASE,
                "069Hs00000Busy1IAA", "z.har", 1, NOW, "", "", "068Hs00000Busy1IAA")).close());
        assertTrue(busy.getMessage().contains("503"), busy.getMessage());
        var denied = assertThrows(CaseStoreException.Permanent.class, () -> store().delete(new AttachmentRef(CASE,
                "069Hs00000Deny1IAA", "x.har", 1, NOW, "", "", "068Hs00000Deny1IAA")));
        assertTrue(denied.getMessage().contains("INSUFFICIENT_ACCESS_OR_READONLY"), denied.getMessage());
        byte[] big = new byte[2048];
        assertThrows(CaseStoreException.Rejected.class, () -> store(SECRET, SalesforceCaseStore.NoteKind
                .CASE_COMMENT, false, 1024).upload(CASE, new Upload("big.har.pgp", "application/pgp-encrypted", "x",
                        big.length), new ByteArrayInputStream(big)));
        salesforce.verify(0, postRequestedFor(urlEqualTo("/services/data/v60.0/sobjects/ContentVersion")));
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId("001Hs00000Acct1IAA")),
                "an account, not a case");
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId(
                "500Hs00001XyZ1a' OR Id != '")));
    }

    @Test
    void anExpiredSessionFetchesANewTokenOnceAndTheCallIsRepeated() throws Exception {
        String path = "/services/data/v60.0/sobjects/ContentVersion/068Hs00000Orig1IAA/VersionData";
        salesforce.stubFor(get(urlEqualTo(path)).atPriority(0).inScenario("session").whenScenarioStateIs(
                Scenario.STARTED).willSetStateTo("expired").willReturn(aResponse().withStatus(401).withHeader(
                        "Content-Type", "application/json").withBody("[{\"message\":\"Session expired or invalid\","
                                + "\"errorCode\":\"INVALID_SESSION_ID\"}]")));
        SalesforceCaseStore store = store();
        AttachmentRef original = store.attachments(CASE).get(1);
        try (InputStream in = store.open(original)) {
            assertTrue(in.readAllBytes().length > 100);
        }
        salesforce.verify(2, postRequestedFor(urlEqualTo("/services/oauth2/token")));
        salesforce.verify(2, getRequestedFor(urlEqualTo(path)));
    }

    @Test
    void aSessionRefusedTwiceStopsAfterOneNewToken() {
        salesforce.stubFor(get(urlPathEqualTo("/services/data/v60.0/query")).atPriority(0).willReturn(aResponse()
                .withStatus(401).withBody("[{\"message\":\"Session expired or invalid\",\"errorCode\":"
                        + "\"INVALID_SESSION_ID\"}]")));
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store().attachments(CASE));
        assertTrue(refused.getMessage().contains("(401)"), refused.getMessage());
        salesforce.verify(2, postRequestedFor(urlEqualTo("/services/oauth2/token")));
        salesforce.verify(2, getRequestedFor(urlPathEqualTo("/services/data/v60.0/query")));
    }

    @Test
    void aTokenForAnInstanceOverPlainHttpElsewhereIsRefused() {
        salesforce.stubFor(post(urlEqualTo("/services/oauth2/token")).atPriority(0).willReturn(okJson(
                "{\"access_token\":\"t\",\"instance_url\":\"http://evil.example\",\"id\":\"https://login.salesforce."
                        + "com/id/00DHs0000000001MAA/" + USER + "\"}")));
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store().attachments(CASE));
        assertTrue(refused.getMessage().contains("not https"), refused.getMessage());
    }

    @Test
    void aRefusedGrantIsAConfigurationErrorEvenWhenTheAnswerIsNoJson() {
        salesforce.stubFor(post(urlEqualTo("/services/oauth2/token")).atPriority(0).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "text/html").withBody("<html>Bad Request</html>")));
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store().attachments(CASE));
        assertTrue(refused.getMessage().contains("refused the grant (400)"), refused.getMessage());
    }

    @Test
    void aLongNoteIsShortenedAtALineToFitTheCommentAndKeepsItsKey() {
        StringBuilder text = new StringBuilder("HAR Warden processed capture.har.\n");
        for (int i = 0; i < 400; i++) {
            text.append("- failed call ").append(i).append(": GET /api/orders 502 — 応答なし\n");
        }
        String fitted = SalesforceCaseStore.fit(text.toString(), "[key-1]", 4000);
        assertTrue(fitted.getBytes(StandardCharsets.UTF_8).length <= 4000, () -> "" + fitted.length());
        assertTrue(fitted.endsWith("[key-1]"));
        assertTrue(fitted.startsWith("HAR Warden processed capture.har."));
        assertTrue(fitted.contains("shortened to fit"));
        assertEquals("short\n\n[k]", SalesforceCaseStore.fit("short\n", "[k]", 4000));
        String oneLine = SalesforceCaseStore.fit("x".repeat(9000), "[k]", 4000);
        assertTrue(oneLine.getBytes(StandardCharsets.UTF_8).length <= 4000 && oneLine.endsWith("[k]"));
    }
}
