package io.harwarden.casestore.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
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
 * The Jira store against a WireMock model of Jira Cloud's REST API (platform v3 and Service Management), mapped in
 * readable JSON under {@code src/test/resources/jira/} (its README names the vendor page of each): paths, methods,
 * headers and bodies, the error shapes, token paging of the JQL search, and one issue's state as the steps change it.
 */
class JiraCaseStoreTest {
    static final String EMAIL = "agent@example.com";
    static final String TOKEN = "jira-test-api-token";
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString((EMAIL + ":" + TOKEN)
            .getBytes(StandardCharsets.UTF_8));
    static final String ME = "5b10ac8d82e05b22cc7d4ef5";
    private static final CaseId ISSUE = new CaseId("SUP-42");
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @RegisterExtension
    static WireMockExtension jira = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("jira")).build();

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void freshIssue() {
        jira.resetScenarios();
    }

    private JiraCaseStore store(JiraCaseStore.CommentMode mode, String authorization) {
        JiraHttp http = new JiraHttp(URI.create("http://localhost:" + jira.getPort()), authorization,
                Duration.ofSeconds(5), json);
        return new JiraCaseStore(http, json, new JiraCaseStore.Settings(List.of("SUP"), Duration.ofSeconds(30),
                Duration.ofDays(7), mode, "Administrators", false), Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private JiraCaseStore store() {
        return store(JiraCaseStore.CommentMode.SERVICE_DESK, AUTH);
    }

    private static byte[] capture() throws Exception {
        try (InputStream in = JiraCaseStoreTest.class.getResourceAsStream("/jira/__files/capture.har")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theStepsOnAnIssueLeaveTwoCopiesNoOriginalAndOneInternalComment() throws Exception {
        JiraCaseStore store = store();
        assertEquals(Optional.of(ME), store.ownAccount());
        AttachmentRef original = store.attachments(ISSUE).get(0);
        assertEquals("10001", original.id());
        assertEquals(Instant.parse("2026-11-30T09:05:00Z"), original.modified());
        assertFalse(original.markedAsOutput(), "the customer's upload");
        try (InputStream in = store.open(original)) {
            assertArrayEquals(capture(), in.readAllBytes());
        }

        byte[] sanitized = "{\"log\":{\"entries\":[]}}".getBytes(StandardCharsets.UTF_8);
        var first = store.upload(ISSUE, new Upload("capture.sanitized.har", "application/json",
                "HAR Warden: sanitized copy", sanitized.length), new ByteArrayInputStream(sanitized));
        assertEquals("10003", first.attachment().id());
        assertTrue(first.attachment().markedAsOutput(), "uploaded by HAR Warden's own account");
        byte[] encrypted = {(byte) 0x85, 1, 2, 3};
        store.upload(ISSUE, new Upload("capture.har.pgp", "application/pgp-encrypted", "HAR Warden: encrypted original",
                encrypted.length), new ByteArrayInputStream(encrypted));
        jira.verify(postRequestedFor(urlEqualTo("/rest/api/3/issue/SUP-42/attachments"))
                .withHeader("X-Atlassian-Token", equalTo("no-check"))
                .withRequestBodyPart(aMultipart("file").withHeader("Content-Type", equalTo("application/pgp-encrypted"))
                        .withBody(binaryEqualTo(encrypted)).build()));

        store.delete(original);
        store.delete(original); // a re-run: 404, done
        assertEquals(List.of("capture.sanitized.har", "capture.har.pgp"), store.attachments(ISSUE).stream()
                .map(AttachmentRef::name).toList());
        store.appendNote(ISSUE, new NoteKey("note-key-1"), "HAR Warden processed capture.har.");
        store.appendNote(ISSUE, new NoteKey("note-key-1"), "HAR Warden processed capture.har."); // a re-run

        jira.verify(1, postRequestedFor(urlEqualTo("/rest/servicedeskapi/request/SUP-42/comment"))
                .withRequestBody(matching(".*\"public\":false.*")));
        jira.verify(2, deleteRequestedFor(urlEqualTo("/rest/api/3/attachment/10001")));
    }

    @Test
    void onPlainJiraTheNoteIsRestrictedToARole() throws Exception {
        store(JiraCaseStore.CommentMode.RESTRICTED, AUTH).appendNote(ISSUE, new NoteKey("k-1"), "a note");
        jira.verify(postRequestedFor(urlEqualTo("/rest/api/2/issue/SUP-42/comment")).withRequestBody(containing(
                "\"visibility\":{\"type\":\"role\",\"value\":\"Administrators\"}")));
    }

    @Test
    void aDownloadSentToTheMediaServiceGetsNoCredentials() throws Exception {
        AttachmentRef elsewhere = new AttachmentRef(new CaseId("SUP-43"), "10002", "other.har", 1, NOW, "");
        try (InputStream in = store().open(elsewhere)) {
            assertArrayEquals(capture(), in.readAllBytes());
        }
        jira.verify(getRequestedFor(urlPathEqualTo("/file/8c1f/binary")).withHeader("Authorization", absent()));
    }

    @Test
    void pollingSearchesTheLastMinutesWithAttachmentsInTheProjectsEveryPage() throws Exception {
        List<AttachmentRef> found = store().changedSince(NOW.minus(Duration.ofMinutes(12)));
        assertEquals(List.of("SUP-41/10000", "SUP-42/10001"), found.stream().map(a -> a.caseId() + "/" + a.id())
                .toList());
        jira.verify(getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("jql", equalTo(
                "updated >= \"-13m\" AND attachments IS NOT EMPTY AND project in (\"SUP\") ORDER BY updated ASC")));
        jira.resetRequests();
        assertEquals(List.of(), store().changedSince(NOW)); // a readiness probe: the account checked, no search
        jira.verify(1, getRequestedFor(urlEqualTo("/rest/api/3/myself")));
        jira.verify(0, getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")));
        store().changedSince(Instant.EPOCH); // the look-back, not 1970
        jira.verify(getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("jql", containing(
                "updated >= \"-10081m\"")));
    }

    @Test
    void jirasRefusalsMapToThePortsKindsWithItsOwnWordsAndNoCredential() {
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store(JiraCaseStore.CommentMode
                .SERVICE_DESK, "Basic " + Base64.getEncoder().encodeToString("agent@example.com:revoked-token"
                        .getBytes(StandardCharsets.UTF_8))).ownAccount());
        assertTrue(refused.getMessage().contains("refused the credentials (401)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("revoked-token"));
        var gone = assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId("NOPE-1")));
        assertTrue(gone.getMessage().contains("Issue does not exist"), gone.getMessage());
        var limited = assertThrows(CaseStoreException.Transient.class, () -> store().attachments(new CaseId("RATE-1")));
        assertTrue(limited.getMessage().contains("(429), retry after 5 s"), limited.getMessage());
        assertThrows(CaseStoreException.Transient.class, () -> store().attachments(new CaseId("DOWN-1")));
        var denied = assertThrows(CaseStoreException.Permanent.class, () -> store().delete(new AttachmentRef(ISSUE,
                "10403", "x.har", 1, NOW, "")));
        assertTrue(denied.getMessage().contains("permission to delete attachments"), denied.getMessage());
        var closed = assertThrows(CaseStoreException.Permanent.class, () -> store().appendNote(new CaseId("SUP-7"),
                new NoteKey("k"), "a note"));
        assertTrue(closed.getMessage().contains("The request is closed"), closed.getMessage());
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId("../../myself")));
    }

    @Test
    void aCopyOverTheSitesUploadLimitIsNotSent() {
        byte[] big = new byte[10_485_761];
        var over = assertThrows(CaseStoreException.Rejected.class, () -> store().upload(ISSUE, new Upload(
                "big.har.pgp", "application/pgp-encrypted", "HAR Warden: x", big.length),
                new ByteArrayInputStream(big)));
        assertTrue(over.getMessage().contains("limit of 10485760"), over.getMessage());
        jira.verify(0, postRequestedFor(anyUrl()));
    }
}
