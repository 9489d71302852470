package io.harwarden.casestore.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
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
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ServiceNow store against a WireMock model of the Attachment and Table APIs, mapped in readable JSON under
 * {@code src/test/resources/servicenow/} (its README names the vendor page of each): one case's attachments as the
 * steps change them, offset paging with the {@code Link} header, work notes (a {@code comments} write is refused by the
 * model), the error envelope, 429, and the OAuth token endpoint with a token that expires mid-flow.
 */
class ServiceNowCaseStoreTest {
    static final String USER = "harwarden.integration";
    static final String PASSWORD = "sn-test-password";
    static final String TABLE = "sn_customerservice_case";
    static final String RECORD = "9d385017c611228701d22104cc95c371";
    private static final CaseId CASE = new CaseId(TABLE + ":" + RECORD);
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @RegisterExtension
    static WireMockExtension servicenow = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().usingFilesUnderClasspath("servicenow")).build();

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void freshCase() {
        servicenow.resetScenarios();
    }

    private ServiceNowCaseStore store(ServiceNowAuth auth, long maxBytes) {
        URI base = URI.create("http://localhost:" + servicenow.getPort() + "/");
        return new ServiceNowCaseStore(new ServiceNowHttp(base, auth, Duration.ofSeconds(5), json), json,
                new ServiceNowCaseStore.Settings(List.of(TABLE, "incident"), USER, Duration.ofSeconds(30),
                        Duration.ofDays(7), maxBytes), Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private ServiceNowCaseStore store() {
        return store(ServiceNowAuth.basic(USER, PASSWORD), 1L << 30);
    }

    @Test
    void theStepsOnACaseLeaveTwoCopiesNoOriginalAndOneWorkNote() throws Exception {
        ServiceNowCaseStore store = store();
        AttachmentRef original = store.attachments(CASE).get(0);
        assertEquals(CASE, original.caseId());
        assertEquals(Instant.parse("2026-11-30T09:05:00Z"), original.modified());
        assertFalse(original.markedAsOutput());
        byte[] capture;
        try (InputStream in = getClass().getResourceAsStream("/servicenow/__files/capture.har")) {
            capture = in.readAllBytes();
        }
        try (InputStream in = store.open(original)) {
            assertArrayEquals(capture, in.readAllBytes());
        }
        byte[] sanitized = "{\"log\":{}}".getBytes(StandardCharsets.UTF_8);
        var first = store.upload(CASE, new Upload("capture.sanitized.har", "application/json", "HAR Warden: s",
                sanitized.length), new ByteArrayInputStream(sanitized));
        assertTrue(first.attachment().markedAsOutput(), "created by HAR Warden's user");
        byte[] encrypted = {(byte) 0x85, 9};
        store.upload(CASE, new Upload("capture.har.pgp", "application/pgp-encrypted", "HAR Warden: e",
                encrypted.length), new ByteArrayInputStream(encrypted));
        servicenow.verify(postRequestedFor(urlPathEqualTo("/api/now/attachment/file")).withQueryParam("file_name",
                equalTo("capture.har.pgp")).withRequestBody(binaryEqualTo(encrypted)));
        store.delete(original);
        store.delete(original); // a re-run: 404, done
        assertEquals(List.of("capture.sanitized.har", "capture.har.pgp"), store.attachments(CASE).stream()
                .map(AttachmentRef::name).toList());
        store.appendNote(CASE, new NoteKey("note-key-1"), "HAR Warden processed capture.har.");
        store.appendNote(CASE, new NoteKey("note-key-1"), "HAR Warden processed capture.har."); // a re-run

        servicenow.verify(1, patchRequestedFor(urlPathEqualTo("/api/now/table/" + TABLE + "/" + RECORD))
                .withRequestBody(containing("\"work_notes\"")).withRequestBody(notContaining("\"comments\"")));
    }

    @Test
    void pollingAsksForFilesCreatedOnTheWatchedTablesSinceTheCursorInUtcEveryPage() throws Exception {
        List<AttachmentRef> found = store().changedSince(Instant.parse("2026-11-30T08:00:00Z"));
        assertEquals(101, found.size());
        assertEquals("capture.har", found.get(100).name());
        servicenow.verify(getRequestedFor(urlPathEqualTo("/api/now/attachment")).withQueryParam("sysparm_query",
                equalTo("table_nameIN" + TABLE + ",incident^sys_created_on>=javascript:gs.dateGenerate("
                        + "'2026-11-30','08:00:00')^ORDERBYsys_created_on")));
        servicenow.resetRequests();
        assertEquals(List.of(), store().changedSince(NOW)); // a readiness probe: one small call
        servicenow.verify(1, getRequestedFor(urlPathEqualTo("/api/now/attachment")).withQueryParam("sysparm_limit",
                equalTo("1")));
    }

    @Test
    void serviceNowsRefusalsMapToThePortsKindsWithItsOwnWords() {
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store(ServiceNowAuth.basic(USER,
                "wrong-password"), 1L << 30).attachments(CASE));
        assertTrue(refused.getMessage().contains("refused the credentials (401)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-password"));
        var acl = assertThrows(CaseStoreException.Permanent.class, () -> store().delete(new AttachmentRef(CASE,
                "4".repeat(32), "x.har", 1, NOW, "")));
        assertTrue(acl.getMessage().contains("ACL restricts the record deletion"), acl.getMessage());
        var limited = assertThrows(CaseStoreException.Transient.class, () -> store().open(new AttachmentRef(CASE,
                "5".repeat(32), "y.har", 1, NOW, "")).close());
        assertTrue(limited.getMessage().contains("(429), retry after 12 s"), limited.getMessage());
        byte[] big = new byte[2048];
        assertThrows(CaseStoreException.Rejected.class, () -> store(ServiceNowAuth.basic(USER, PASSWORD), 1024)
                .upload(CASE, new Upload("big.har.pgp", "application/pgp-encrypted", "x", big.length),
                        new ByteArrayInputStream(big)));
        servicenow.verify(0, postRequestedFor(urlPathEqualTo("/api/now/attachment/file")));
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId("sys_user:"
                + RECORD)), "only the watched tables");
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId(TABLE + ":../..")));
    }

    @Test
    void anOAuthTokenThatExpiresMidFlowIsRefreshedOnceAndTheCallRepeated() throws Exception {
        servicenow.stubFor(post(urlEqualTo("/oauth_token.do")).inScenario("token").whenScenarioStateIs(
                Scenario.STARTED).withRequestBody(matching(".*grant_type=password.*")).willSetStateTo("first")
                .willReturn(okJson("{\"access_token\":\"tok-1\",\"refresh_token\":\"ref-1\",\"token_type\":"
                        + "\"Bearer\",\"expires_in\":1799}")));
        servicenow.stubFor(post(urlEqualTo("/oauth_token.do")).inScenario("token").whenScenarioStateIs("first")
                .withRequestBody(matching(".*grant_type=refresh_token&refresh_token=ref-1.*")).willSetStateTo(
                        "second").willReturn(okJson("{\"access_token\":\"tok-2\",\"refresh_token\":\"ref-2\"}")));
        servicenow.stubFor(get(urlPathEqualTo("/api/now/attachment")).atPriority(0).withHeader("Authorization",
                equalTo("Bearer tok-1")).willReturn(aResponse().withStatus(401).withHeader("Content-Type",
                        "application/json").withBody("{\"error\":{\"message\":\"User Not Authenticated\"},"
                                + "\"status\":\"failure\"}")));
        servicenow.stubFor(get(urlPathEqualTo("/api/now/attachment")).atPriority(0).withHeader("Authorization",
                equalTo("Bearer tok-2")).willReturn(okJson("{\"result\":[]}")));
        URI base = URI.create("http://localhost:" + servicenow.getPort() + "/");
        ServiceNowAuth oauth = ServiceNowAuth.oauth(base, new HttpCalls("ServiceNow", Duration.ofSeconds(5), json),
                "client-1", "client-secret-1", USER, PASSWORD);

        assertEquals(List.of(), store(oauth, 1L << 30).attachments(CASE));
        servicenow.verify(2, postRequestedFor(urlEqualTo("/oauth_token.do")));
        servicenow.verify(postRequestedFor(urlEqualTo("/oauth_token.do")).withHeader("Content-Type",
                equalTo("application/x-www-form-urlencoded")).withRequestBody(containing("client_id=client-1")));
    }

    @Test
    void aRefusedOAuthClientIsAConfigurationErrorNamingTheSettings() {
        servicenow.stubFor(post(urlEqualTo("/oauth_token.do")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":\"server_error\",\"error_description\":\"access_denied\"}")));
        URI base = URI.create("http://localhost:" + servicenow.getPort() + "/");
        ServiceNowAuth oauth = ServiceNowAuth.oauth(base, new HttpCalls("ServiceNow", Duration.ofSeconds(5), json),
                "client-1", "wrong", USER, PASSWORD);
        var refused = assertThrows(CaseStoreException.Permanent.class, () -> store(oauth, 1L << 30)
                .attachments(CASE));
        assertTrue(refused.getMessage().contains("client-id, client-secret"), refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong"));
        servicenow.verify(0, getRequestedFor(anyUrl()));
    }
}
