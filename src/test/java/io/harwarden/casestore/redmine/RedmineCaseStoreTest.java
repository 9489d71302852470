package io.harwarden.casestore.redmine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redmine store against a WireMock model of Redmine 5.0's REST API: the paths, bodies and answers recorded from a
 * real server (see the README's Redmine section), and the faults a real server will not produce on demand.
 */
class RedmineCaseStoreTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef01234567";

    @RegisterExtension
    static WireMockExtension redmine = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final ObjectMapper json = new ObjectMapper();

    private RedmineCaseStore store(List<String> projects, Duration timeout) {
        RedmineHttp http = new RedmineHttp(URI.create(redmine.baseUrl()), KEY, timeout, json);
        return new RedmineCaseStore(http, projects, Duration.ofSeconds(15), json);
    }

    private RedmineCaseStore store() {
        return store(List.of("support"), Duration.ofSeconds(5));
    }

    private static String attachmentJson(int id, String name, long size, String description) {
        return "{\"id\":" + id + ",\"filename\":\"" + name + "\",\"filesize\":" + size
                + ",\"content_type\":\"application/json\",\"description\":" + (description == null ? "null"
                        : "\"" + description + "\"") + ",\"content_url\":\"http://127.0.0.1/attachments/download/"
                + id + "/" + name + "\",\"author\":{\"id\":5,\"name\":\"Customer\"},"
                + "\"created_on\":\"2026-11-24T10:00:0" + (id % 10) + "Z\"}";
    }

    private static String issuesPage(int firstId, int count, int total, int offset) {
        StringBuilder issues = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int id = firstId + i;
            issues.append(i == 0 ? "" : ",").append("{\"id\":").append(id)
                    .append(",\"project\":{\"id\":1,\"name\":\"Support\"},\"subject\":\"case ").append(id)
                    .append("\",\"updated_on\":\"2026-11-24T10:00:00Z\",\"attachments\":[")
                    .append(attachmentJson(id * 10, "export-" + id + ".har", 1000 + id, null)).append("]}");
        }
        return "{\"issues\":[" + issues + "],\"total_count\":" + total + ",\"offset\":" + offset + ",\"limit\":100}";
    }

    private static void stubCurrentUser() {
        redmine.stubFor(get(urlEqualTo("/users/current.json")).willReturn(okJson(
                "{\"user\":{\"id\":9,\"login\":\"harwarden\",\"admin\":false,\"firstname\":\"HAR\"}}")));
    }

    @Test
    void changedSincePagesThroughEveryIssueOfEachProjectNewestFirst() throws Exception {
        stubCurrentUser();
        redmine.stubFor(get(urlPathEqualTo("/issues.json")).withQueryParam("project_id", equalTo("support"))
                .withQueryParam("offset", equalTo("0")).willReturn(okJson(issuesPage(1, 100, 150, 0))));
        redmine.stubFor(get(urlPathEqualTo("/issues.json")).withQueryParam("project_id", equalTo("support"))
                .withQueryParam("offset", equalTo("100")).willReturn(okJson(issuesPage(101, 50, 150, 100))));
        redmine.stubFor(get(urlPathEqualTo("/issues.json")).withQueryParam("project_id", equalTo("billing"))
                .willReturn(okJson(issuesPage(500, 1, 1, 0))));

        List<AttachmentRef> found = store(List.of("support", "billing"), Duration.ofSeconds(5))
                .changedSince(Instant.parse("2026-11-24T09:59:58.750Z"));

        assertEquals(151, found.size());
        AttachmentRef first = found.get(0);
        assertEquals(new AttachmentRef(new CaseId("1"), "10", "export-1.har", 1001,
                Instant.parse("2026-11-24T10:00:00Z"), "", "5"), first);
        assertEquals(new CaseId("500"), found.get(150).caseId());
        redmine.verify(2, getRequestedFor(urlPathEqualTo("/issues.json"))
                .withQueryParam("project_id", equalTo("support"))
                .withQueryParam("status_id", equalTo("*"))
                .withQueryParam("sort", equalTo("updated_on:desc"))
                .withQueryParam("include", equalTo("attachments"))
                .withQueryParam("updated_on", equalTo(">=2026-11-24T09:59:58Z"))
                .withQueryParam("limit", equalTo("100"))
                .withHeader("X-Redmine-API-Key", equalTo(KEY)));
    }

    @Test
    void withoutProjectsEveryVisibleIssueIsWatched() throws Exception {
        stubCurrentUser();
        redmine.stubFor(get(urlPathEqualTo("/issues.json")).willReturn(okJson(issuesPage(1, 2, 2, 0))));
        assertEquals(2, store(List.of(), Duration.ofSeconds(5)).changedSince(Instant.EPOCH).size());
        redmine.verify(getRequestedFor(urlPathEqualTo("/issues.json")).withQueryParam("project_id", absent()));
    }

    @Test
    void anIssuesAttachmentsAndAMissingIssue() throws Exception {
        redmine.stubFor(get(urlEqualTo("/issues/7.json?include=attachments")).willReturn(okJson("{\"issue\":{\"id\":7,"
                + "\"attachments\":[" + attachmentJson(71, "a.har", 5, null) + ","
                + attachmentJson(72, "a.sanitized.har", 4, "HAR Warden: sanitized copy") + "]}}")));
        redmine.stubFor(get(urlEqualTo("/issues/8.json?include=attachments")).willReturn(aResponse().withStatus(404)));

        List<AttachmentRef> attachments = store().attachments(new CaseId("7"));
        assertEquals(List.of("71", "72"), attachments.stream().map(AttachmentRef::id).toList());
        assertEquals("HAR Warden: sanitized copy", attachments.get(1).description());
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId("8")));
        assertThrows(CaseStoreException.NotFound.class, () -> store().attachments(new CaseId("../admin")),
                "only issue numbers go into a path");
    }

    @Test
    void openStreamsTheBytesOfTheNamedDownload() throws Exception {
        byte[] bytes = new byte[3 << 20];
        new Random(7).nextBytes(bytes);
        redmine.stubFor(get(urlEqualTo("/attachments/download/71/my%20export%20%281%29.har"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream")
                        .withBody(bytes)));
        AttachmentRef ref = new AttachmentRef(new CaseId("7"), "71", "my export (1).har", bytes.length, Instant.EPOCH,
                "");
        try (InputStream in = store().open(ref)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void uploadSendsOctetsThenAttachesByTokenAndReportsRedminesDigest() throws Exception {
        byte[] content = "{\"log\":{\"entries\":[]}}".getBytes();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        redmine.stubFor(post(urlEqualTo("/uploads.json?filename=x.sanitized.har"))
                .withHeader("Content-Type", equalTo("application/octet-stream"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"upload\":{\"id\":42,\"token\":\"42." + sha + "\"}}")));
        redmine.stubFor(put(urlEqualTo("/issues/7.json")).willReturn(aResponse().withStatus(204)));
        redmine.stubFor(get(urlEqualTo("/attachments/42.json")).willReturn(okJson("{\"attachment\":"
                + attachmentJson(42, "x.sanitized.har", content.length, "HAR Warden: sanitized copy") + "}")));

        Uploaded uploaded = store().upload(new CaseId("7"), new Upload("x.sanitized.har", "application/json",
                "HAR Warden: sanitized copy", content.length), new ByteArrayInputStream(content));

        assertEquals(sha, uploaded.sha256());
        assertEquals("42", uploaded.attachment().id());
        assertEquals(content.length, uploaded.attachment().size());
        redmine.verify(postRequestedFor(urlEqualTo("/uploads.json?filename=x.sanitized.har"))
                .withRequestBody(binaryEqualTo(content)));
        redmine.verify(putRequestedFor(urlEqualTo("/issues/7.json")).withHeader("Content-Type",
                equalTo("application/json")).withRequestBody(equalToJson("{\"issue\":{\"uploads\":[{\"token\":\"42."
                        + sha + "\",\"filename\":\"x.sanitized.har\",\"content_type\":\"application/json\","
                        + "\"description\":\"HAR Warden: sanitized copy\"}]}}")));
    }

    @Test
    void anUploadOverRedminesSizeLimitIsRejectedWithRedminesOwnWords() {
        redmine.stubFor(post(urlPathEqualTo("/uploads.json")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\":[\"This file cannot be uploaded"
                        + " because it exceeds the maximum allowed file size (5242880)\"]}")));
        CaseStoreException e = assertThrows(CaseStoreException.Rejected.class, () -> upload("big.har.pgp"));
        assertTrue(e.getMessage().contains("exceeds the maximum allowed file size (5242880)"), e.getMessage());
        assertTrue(e.getMessage().contains("(422)"), e.getMessage());
    }

    @Test
    void aRefusedContentTypeAndABadTokenAreRejected() {
        redmine.stubFor(post(urlPathEqualTo("/uploads.json")).willReturn(aResponse().withStatus(406)));
        assertThrows(CaseStoreException.Rejected.class, () -> upload("a.har"));
        redmine.stubFor(post(urlPathEqualTo("/uploads.json")).willReturn(aResponse().withStatus(201)
                .withBody("{\"upload\":{\"id\":3,\"token\":\"3.abc\"}}")));
        redmine.stubFor(put(urlEqualTo("/issues/7.json")).willReturn(aResponse().withStatus(422)
                .withBody("{\"errors\":[\"1 file(s) could not be saved.\"]}")));
        CaseStoreException e = assertThrows(CaseStoreException.Rejected.class, () -> upload("a.har"));
        assertTrue(e.getMessage().contains("1 file(s) could not be saved."), e.getMessage());
    }

    private Uploaded upload(String name) throws CaseStoreException {
        return store().upload(new CaseId("7"), new Upload(name, "application/pgp-encrypted", "HAR Warden", 3),
                new ByteArrayInputStream(new byte[3]));
    }

    @Test
    void deleteRemovesTheAttachmentAndARepeatedDeleteIsDone() throws Exception {
        redmine.stubFor(get(urlEqualTo("/attachments/71.json")).inScenario("delete")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson("{\"attachment\":{\"id\":71,"
                        + "\"filename\":\"a.har\",\"filesize\":5,\"created_on\":\"1970-01-01T00:00:00Z\"}}")));
        redmine.stubFor(get(urlEqualTo("/attachments/71.json")).inScenario("delete")
                .whenScenarioStateIs("gone").willReturn(aResponse().withStatus(404)));
        redmine.stubFor(delete(urlEqualTo("/attachments/71.json")).inScenario("delete")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(204)).willSetStateTo("gone"));
        redmine.stubFor(delete(urlEqualTo("/attachments/71.json")).inScenario("delete")
                .whenScenarioStateIs("gone").willReturn(aResponse().withStatus(404)));
        AttachmentRef ref = new AttachmentRef(new CaseId("7"), "71", "a.har", 5, Instant.EPOCH, "");
        store().delete(ref);
        store().delete(ref);
        redmine.verify(1, deleteRequestedFor(urlEqualTo("/attachments/71.json")));
    }

    /** After a restore from backup Redmine can give a new upload an id HAR Warden has seen: that one is not ours. */
    @Test
    void anIdThatNowHoldsAnotherUploadIsNotDeleted() throws Exception {
        redmine.stubFor(get(urlEqualTo("/attachments/72.json")).willReturn(okJson("{\"attachment\":{\"id\":72,"
                + "\"filename\":\"a.har\",\"filesize\":9,\"created_on\":\"2026-12-01T00:00:00Z\"}}")));
        store().delete(new AttachmentRef(new CaseId("7"), "72", "a.har", 5, Instant.EPOCH, ""));
        redmine.verify(0, deleteRequestedFor(urlEqualTo("/attachments/72.json")));
    }

    @Test
    void theNoteIsPrivateAndWrittenOnce() throws Exception {
        redmine.stubFor(get(urlEqualTo("/issues/7.json?include=journals")).inScenario("note")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson("{\"issue\":{\"id\":7,\"journals\":["
                        + "{\"id\":1,\"notes\":\"customer: here is my HAR\",\"private_notes\":false}]}}")));
        redmine.stubFor(put(urlEqualTo("/issues/7.json")).inScenario("note").willReturn(aResponse().withStatus(204))
                .willSetStateTo("noted"));
        redmine.stubFor(get(urlEqualTo("/issues/7.json?include=journals")).inScenario("note")
                .whenScenarioStateIs("noted").willReturn(okJson("{\"issue\":{\"id\":7,\"journals\":["
                        + "{\"id\":2,\"notes\":\"HAR Warden processed a.har\\n\\n[harwarden-abc]\","
                        + "\"private_notes\":true}]}}")));

        store().appendNote(new CaseId("7"), new NoteKey("harwarden-abc"), "HAR Warden processed a.har\n");
        store().appendNote(new CaseId("7"), new NoteKey("harwarden-abc"), "HAR Warden processed a.har\n");

        redmine.verify(1, putRequestedFor(urlEqualTo("/issues/7.json")).withRequestBody(equalToJson(
                "{\"issue\":{\"notes\":\"HAR Warden processed a.har\\n\\n[harwarden-abc]\",\"private_notes\":true}}")));
    }

    @Test
    void aRefusedKeyOrPermissionIsPermanentAndNeverQuotesTheKey() {
        redmine.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Basic realm=\"Redmine API\"")));
        CaseStoreException e = assertThrows(CaseStoreException.Permanent.class,
                () -> store().changedSince(Instant.EPOCH));
        assertTrue(e.getMessage().contains("api-key"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY));
        redmine.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(403)));
        assertThrows(CaseStoreException.Permanent.class, () -> store().delete(
                new AttachmentRef(new CaseId("7"), "71", "a.har", 5, Instant.EPOCH, "")));
    }

    @Test
    void serverErrorsRateLimitsTimeoutsAndBrokenConnectionsAreTransient() {
        for (int status : new int[] {500, 502, 503, 504}) {
            redmine.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)));
            assertThrows(CaseStoreException.Transient.class, () -> store().attachments(new CaseId("7")),
                    "status " + status);
        }
        redmine.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
        CaseStoreException limited = assertThrows(CaseStoreException.Transient.class,
                () -> store().attachments(new CaseId("7")));
        assertTrue(limited.getMessage().contains("retry after 30 s"), limited.getMessage());

        redmine.stubFor(any(anyUrl()).willReturn(okJson("{\"issue\":{}}").withFixedDelay(1500)));
        CaseStoreException slow = assertThrows(CaseStoreException.Transient.class,
                () -> store(List.of(), Duration.ofMillis(300)).attachments(new CaseId("7")));
        assertTrue(slow.getMessage().contains("did not answer"), slow.getMessage());

        for (Fault fault : new Fault[] {Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE,
                Fault.RANDOM_DATA_THEN_CLOSE}) {
            redmine.stubFor(any(anyUrl()).willReturn(aResponse().withFault(fault)));
            assertThrows(CaseStoreException.Transient.class, () -> store().attachments(new CaseId("7")),
                    fault.name());
        }
    }

    @Test
    void aDownloadCutOffMidwayFailsInsteadOfLookingComplete() throws Exception {
        redmine.stubFor(get(urlPathEqualTo("/attachments/download/71/a.har")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", "1000000").withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        AttachmentRef ref = new AttachmentRef(new CaseId("7"), "71", "a.har", 1_000_000, Instant.EPOCH, "");
        Exception e = assertThrows(Exception.class, () -> {
            try (InputStream in = store().open(ref)) {
                in.readAllBytes();
            }
        });
        // the client meets the bad chunk while reading the body, or already while the answer arrives
        assertTrue(e instanceof java.io.IOException || e instanceof CaseStoreException.Transient, e.toString());
    }

    @Test
    void aBurstOfServerErrorsPassesAndTheCallThenSucceeds() throws Exception {
        String ok = "{\"issue\":{\"id\":7,\"attachments\":[" + attachmentJson(71, "a.har", 5, null) + "]}}";
        redmine.stubFor(get(urlEqualTo("/issues/7.json?include=attachments")).inScenario("burst")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(502)).willSetStateTo("2"));
        redmine.stubFor(get(urlEqualTo("/issues/7.json?include=attachments")).inScenario("burst")
                .whenScenarioStateIs("2").willReturn(aResponse().withStatus(503)).willSetStateTo("3"));
        redmine.stubFor(get(urlEqualTo("/issues/7.json?include=attachments")).inScenario("burst")
                .whenScenarioStateIs("3").willReturn(okJson(ok)));
        RedmineCaseStore store = store();
        assertThrows(CaseStoreException.Transient.class, () -> store.attachments(new CaseId("7")));
        assertThrows(CaseStoreException.Transient.class, () -> store.attachments(new CaseId("7")));
        assertEquals(1, store.attachments(new CaseId("7")).size());
    }

    @Test
    void aWrongKeyIsFoundEvenWhereRedmineWouldListPublicIssuesToAnyone() {
        redmine.stubFor(get(urlPathEqualTo("/issues.json")).willReturn(okJson(issuesPage(1, 1, 1, 0))));
        redmine.stubFor(get(urlEqualTo("/users/current.json")).willReturn(aResponse().withStatus(401)));
        CaseStoreException e = assertThrows(CaseStoreException.Permanent.class,
                () -> store(List.of(), Duration.ofSeconds(5)).changedSince(Instant.EPOCH));
        assertTrue(e.getMessage().contains("(401)"), e.getMessage());
    }

    @Test
    void listingsNameTheUploaderAndTheStoreAsksOnceWhichAccountItIs() throws Exception {
        stubCurrentUser();
        redmine.stubFor(get(urlEqualTo("/issues/7.json?include=attachments")).willReturn(okJson("{\"issue\":{\"id\":7,"
                + "\"attachments\":[" + attachmentJson(71, "a.har", 5, null) + "]}}")));
        RedmineCaseStore store = store();
        assertEquals("5", store.attachments(new CaseId("7")).get(0).uploader());
        assertEquals("9", store.ownAccount().orElseThrow());
        assertEquals("9", store.ownAccount().orElseThrow());
        redmine.verify(1, getRequestedFor(urlEqualTo("/users/current.json")));
    }

    @Test
    void aDownloadThatStallsMidwayFailsAfterTheTimeoutInsteadOfHangingOrEndingEarly() throws Exception {
        // WireMock holds the headers back with a slow body, so a plain socket plays the server that stops mid-body
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread stalling = new Thread(() -> {
                try (java.net.Socket client = server.accept()) {
                    client.getInputStream().read(new byte[8192]);
                    client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                            + "Content-Length: 40000\r\n\r\n").getBytes());
                    client.getOutputStream().write(new byte[1000]);
                    client.getOutputStream().flush();
                    Thread.sleep(10_000);
                } catch (Exception e) {
                    // the client gave up, as it should
                }
            });
            stalling.setDaemon(true);
            stalling.start();
            RedmineHttp http = new RedmineHttp(URI.create("http://127.0.0.1:" + server.getLocalPort()), KEY,
                    Duration.ofMillis(500), json);
            RedmineCaseStore store = new RedmineCaseStore(http, List.of(), Duration.ofSeconds(15), json);
            AttachmentRef ref = new AttachmentRef(new CaseId("7"), "71", "a.har", 40_000, Instant.EPOCH, "");
            long start = System.nanoTime();
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> {
                try (InputStream in = store.open(ref)) {
                    in.readAllBytes();
                }
            });
            assertTrue(e.getMessage().contains("stopped sending"), e.getMessage());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "failed at the stall, not when the server gave up");
        }
    }

    @Test
    void aSlowServerGetsTimeForALargeUploadButNotForASmallOne() throws Exception {
        redmine.stubFor(post(urlPathEqualTo("/uploads.json")).willReturn(aResponse().withStatus(201)
                .withBody("{\"upload\":{\"id\":42,\"token\":\"42.abc\"}}").withFixedDelay(1500)));
        redmine.stubFor(put(urlEqualTo("/issues/7.json")).willReturn(aResponse().withStatus(204)));
        redmine.stubFor(get(urlEqualTo("/attachments/42.json")).willReturn(okJson("{\"attachment\":"
                + attachmentJson(42, "big.har.pgp", 3L << 20, "HAR Warden: encrypted original") + "}")));
        RedmineCaseStore store = store(List.of(), Duration.ofMillis(500));
        assertThrows(CaseStoreException.Transient.class, () -> store.upload(new CaseId("7"),
                new Upload("small.har.pgp", "application/pgp-encrypted", "HAR Warden", 10),
                new ByteArrayInputStream(new byte[10])));
        byte[] large = new byte[3 << 20]; // three more seconds at the slowest rate allowed for
        assertEquals("42", store.upload(new CaseId("7"), new Upload("big.har.pgp", "application/pgp-encrypted",
                "HAR Warden", large.length), new ByteArrayInputStream(large)).attachment().id());
    }
}
