package io.harwarden.casestore.zendesk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
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
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Zendesk store against a WireMock model of Zendesk's REST API, mapped in readable JSON under
 * {@code src/test/resources/zendesk/} (see its README for the vendor pages each mapping follows): the paths, methods,
 * headers and bodies the API documents, its error envelopes, cursor paging, and the state of one ticket as the seven
 * steps change it. The model is reached as {@code localhost}; its signed storage as {@code 127.0.0.1}, another host.
 */
class ZendeskCaseStoreTest {
    static final String EMAIL = "agent@example.com";
    static final String TOKEN = "zd-test-api-token";
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString((EMAIL + "/token:" + TOKEN)
            .getBytes(StandardCharsets.UTF_8));
    private static final CaseId TICKET = new CaseId("19395");
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @RegisterExtension
    static WireMockExtension zendesk = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("zendesk")).build();

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void freshTicket() {
        zendesk.resetScenarios();
    }

    private ZendeskCaseStore store(ZendeskCaseStore.Redaction redaction, String authorization, long maxBytes) {
        ZendeskHttp http = new ZendeskHttp(URI.create("http://localhost:" + zendesk.getPort()), authorization,
                Duration.ofSeconds(5), json);
        return new ZendeskCaseStore(http, json, new ZendeskCaseStore.Settings(Duration.ofSeconds(60),
                Duration.ofDays(7), maxBytes, redaction), Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private ZendeskCaseStore store() {
        return store(ZendeskCaseStore.Redaction.COMMENT, AUTH, 50L << 20);
    }

    private static byte[] capture() throws Exception {
        try (InputStream in = ZendeskCaseStoreTest.class.getResourceAsStream("/zendesk/__files/capture.har")) {
            return in.readAllBytes();
        }
    }

    private static Upload upload(String name, String type, String description, byte[] bytes) {
        return new Upload(name, type, description, bytes.length);
    }

    @Test
    void theStepsOnATicketLeaveTwoPrivateCopiesARedactedOriginalAndOnePrivateNote() throws Exception {
        ZendeskCaseStore store = store();
        assertEquals(Optional.of("900001"), store.ownAccount());

        List<AttachmentRef> listed = store.attachments(TICKET); // two pages: the cursor's next link is followed
        assertEquals(List.of("notes.txt", "capture.har"), listed.stream().map(AttachmentRef::name).toList());
        AttachmentRef original = listed.get(1);
        assertEquals("5001-7001", original.id());
        assertEquals("1001", original.uploader());
        assertEquals(Instant.parse("2026-11-30T09:05:00Z"), original.modified());
        assertFalse(original.markedAsOutput());

        try (InputStream in = store.open(original)) {
            assertArrayEquals(capture(), in.readAllBytes());
        }
        zendesk.verify(getRequestedFor(urlPathEqualTo("/storage/AbC001/capture.har"))
                .withHeader("Authorization", absent())); // the credentials stayed on the account's host
        zendesk.verify(getRequestedFor(urlPathEqualTo("/attachments/token/AbC001/")).withHeader("Authorization",
                equalTo(AUTH)));

        byte[] sanitized = "{\"log\":{\"entries\":[]}}".getBytes(StandardCharsets.UTF_8);
        Uploaded first = store.upload(TICKET, upload("capture.sanitized.har", "application/json",
                "HAR Warden: sanitized copy of capture.har", sanitized), new ByteArrayInputStream(sanitized));
        assertEquals("5003-7003", first.attachment().id());
        assertEquals("900001", first.attachment().uploader());
        assertTrue(first.attachment().markedAsOutput());
        byte[] encrypted = {(byte) 0x85, 1, 2, 3, 4};
        Uploaded second = store.upload(TICKET, upload("capture.har.pgp", "application/pgp-encrypted",
                "HAR Warden: encrypted original of capture.har", encrypted), new ByteArrayInputStream(encrypted));
        assertEquals("5004-7004", second.attachment().id());
        zendesk.verify(postRequestedFor(urlPathEqualTo("/api/v2/uploads.json")).withQueryParam("filename",
                equalTo("capture.har.pgp")).withHeader("Content-Type", equalTo("application/pgp-encrypted"))
                .withRequestBody(binaryEqualTo(encrypted)));

        store.delete(original);
        assertEquals(List.of("redacted.txt"), store.attachments(TICKET).stream()
                .filter(a -> a.id().equals("5001-7001")).map(AttachmentRef::name).toList());

        store.appendNote(TICKET, new NoteKey("note-key-1"), "HAR Warden processed capture.har.");
        store.appendNote(TICKET, new NoteKey("note-key-1"), "HAR Warden processed capture.har."); // a re-run
        store.delete(original); // a re-run: already redacted

        zendesk.verify(3, putRequestedFor(urlEqualTo("/api/v2/tickets/19395.json")));
        zendesk.verify(3, putRequestedFor(urlEqualTo("/api/v2/tickets/19395.json"))
                .withRequestBody(matchingJsonPath("$.ticket.comment[?(@.public == false)]")));
        zendesk.verify(0, putRequestedFor(urlEqualTo("/api/v2/tickets/19395.json"))
                .withRequestBody(matchingJsonPath("$.ticket.comment[?(@.public == true)]")));
        zendesk.verify(1, putRequestedFor(urlEqualTo("/api/v2/comment_redactions/5001.json")));
    }

    @Test
    void theLegacyRedactionRedactsTheAttachmentItself() throws Exception {
        ZendeskCaseStore store = store(ZendeskCaseStore.Redaction.ATTACHMENT, AUTH, 50L << 20);
        zendesk.setScenarioState("ticket 19395", "encrypted attached");
        store.delete(store.attachments(TICKET).get(1));

        zendesk.verify(1, putRequestedFor(urlEqualTo(
                "/api/v2/tickets/19395/comments/5001/attachments/7001/redact.json")));
        zendesk.verify(0, putRequestedFor(urlPathMatching("/api/v2/comment_redactions/.*")));
    }

    @Test
    void pollingReadsTheTicketsWhoseCommentsGainedFilesOnceEachFromTheCursorWithinTheLookBack() throws Exception {
        List<AttachmentRef> changed = store().changedSince(Instant.parse("2026-11-29T00:00:00Z"));

        assertEquals(List.of("5000-7000", "5001-7001"), changed.stream().map(AttachmentRef::id).toList());
        zendesk.verify(getRequestedFor(urlPathEqualTo("/api/v2/incremental/ticket_events.json"))
                .withQueryParam("start_time", equalTo(String.valueOf(Instant.parse("2026-11-29T00:00:00Z")
                        .getEpochSecond()))).withQueryParam("include", equalTo("comment_events")));
        zendesk.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/tickets/19395/comments.json"))
                .withQueryParam("page[after]", absent()));
        zendesk.verify(0, getRequestedFor(urlPathMatching("/api/v2/tickets/777/.*"))); // its comment had no file

        zendesk.resetRequests();
        assertEquals(List.of(), store().changedSince(NOW)); // a readiness probe: the account checked, no export
        zendesk.verify(1, getRequestedFor(urlEqualTo("/api/v2/users/me.json")));
        zendesk.verify(0, getRequestedFor(urlPathEqualTo("/api/v2/incremental/ticket_events.json")));

        store().changedSince(Instant.EPOCH); // a full scan goes back the look-back, not to 1970
        zendesk.verify(getRequestedFor(urlPathEqualTo("/api/v2/incremental/ticket_events.json"))
                .withQueryParam("start_time", equalTo(String.valueOf(NOW.minus(Duration.ofDays(7))
                        .getEpochSecond()))));
    }

    @Test
    void zendesksRefusalsMapToThePortsKindsWithItsOwnWordsAndNoCredential() {
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store(ZendeskCaseStore.Redaction.COMMENT,
                "Basic " + Base64.getEncoder().encodeToString("agent@example.com/token:wrong-token".getBytes(
                        StandardCharsets.UTF_8)), 1).attachments(TICKET));
        assertTrue(refused.getMessage().contains("refused the credentials (401)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-token"));

        var forbidden = assertThrows(CaseStoreException.Permanent.class,
                () -> store().attachments(new CaseId("403")));
        assertTrue(forbidden.getMessage().contains("You do not have access to this page"), forbidden.getMessage());
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId("404")));
        var limited = assertThrows(CaseStoreException.Transient.class, () -> store().attachments(new CaseId("429")));
        assertTrue(limited.getMessage().endsWith("Zendesk is limiting requests (429), retry after 7 s"),
                limited.getMessage());
        assertThrows(CaseStoreException.Transient.class, () -> store().attachments(new CaseId("503")));
        var full = assertThrows(CaseStoreException.Rejected.class, () -> store().appendNote(new CaseId("5000"),
                new NoteKey("k"), "a note"));
        assertTrue(full.getMessage().contains("maximum number of comments (5000)"), full.getMessage());
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId("../../users")));
    }

    @Test
    void aCopyOverTheAttachmentLimitIsRejectedBeforeAnyByteIsSent() {
        byte[] bytes = new byte[2048];
        var over = assertThrows(CaseStoreException.Rejected.class, () -> store(ZendeskCaseStore.Redaction.COMMENT,
                AUTH, 1024).upload(TICKET, upload("capture.har.pgp", "application/pgp-encrypted", "HAR Warden: x",
                        bytes), new ByteArrayInputStream(bytes)));
        assertTrue(over.getMessage().contains("max-attachment-size"), over.getMessage());
        zendesk.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void aNextPageOnAnotherHostGetsNoCredentials() {
        zendesk.stubFor(get(urlPathEqualTo("/api/v2/tickets/31337/comments.json")).willReturn(okJson(
                "{\"comments\":[],\"meta\":{\"has_more\":true},\"links\":{\"next\":\"http://127.0.0.1:"
                        + zendesk.getPort() + "/api/v2/tickets/31337/comments.json?page%5Bafter%5D=x\"}}")));

        var refused = assertThrows(CaseStoreException.Permanent.class,
                () -> store().attachments(new CaseId("31337")));
        assertTrue(refused.getMessage().contains("another host"), refused.getMessage());
        zendesk.verify(0, anyRequestedFor(anyUrl()).withHeader("Host", equalTo("127.0.0.1:" + zendesk.getPort())));
    }

    @Test
    void aRedirectLoopAndAPublicCommentAreFailuresNotSuccesses() {
        zendesk.stubFor(get(urlPathEqualTo("/api/v2/attachments/8001.json")).willReturn(okJson(
                "{\"attachment\":{\"id\":8001,\"file_name\":\"loop.har\",\"content_url\":\"http://localhost:"
                        + zendesk.getPort() + "/loop\"}}")));
        zendesk.stubFor(get(urlEqualTo("/loop")).willReturn(aResponse().withStatus(302).withHeader("Location",
                "/loop")));
        AttachmentRef loop = new AttachmentRef(new CaseId("8"), "8000-8001", "loop.har", 1, NOW, "");
        assertThrows(CaseStoreException.Transient.class, () -> store().open(loop).close());

        zendesk.stubFor(get(urlPathEqualTo("/api/v2/tickets/666/comments.json")).willReturn(okJson(
                "{\"comments\":[],\"meta\":{\"has_more\":false}}")));
        zendesk.stubFor(put(urlEqualTo("/api/v2/tickets/666.json")).willReturn(okJson(
                "{\"audit\":{\"events\":[{\"id\":1,\"type\":\"Comment\",\"public\":true,\"attachments\":[]}]}}")));
        var shown = assertThrows(CaseStoreException.Permanent.class, () -> store().appendNote(new CaseId("666"),
                new NoteKey("k"), "a note"));
        assertTrue(shown.getMessage().contains("made the comment public"), shown.getMessage());
    }
}
