package io.harwarden.exception.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.exception.ProcessedCases;
import io.harwarden.exception.ReleaseFixtures;
import io.harwarden.exception.Role;
import io.harwarden.exception.signin.PasswordHash;
import io.harwarden.exception.signin.UsersFile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exception API on the running daemon: a HAR dropped on a case is processed, a requester asks for two of its
 * markers, another person approves, the requester receives exactly those two values encrypted to their key, once;
 * the case shows every step as a note; the audit chain verifies, and fails once a record is edited.
 */
@QuarkusTest
class ExceptionApiTest {
    private static final Path USERS = Path.of("target/test-data/users.properties");
    private static final String PASSWORD = "correct horse battery staple";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void users() throws Exception {
        for (var user : Map.of("alice", Set.of(Role.REQUESTER, Role.APPROVER), "bob", Set.of(Role.APPROVER),
                "audrey", Set.of(Role.AUDITOR), "nobody", Set.<Role>of()).entrySet()) {
            UsersFile.put(USERS, new UsersFile.User(user.getKey(), PasswordHash.hash(PASSWORD.toCharArray()),
                    user.getValue()));
        }
    }

    private static io.restassured.specification.RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, PASSWORD);
    }

    private static Path processedCase() throws Exception {
        return ProcessedCases.processed("EXC");
    }

    private static List<String> markers(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("\\[REDACTED:[a-z0-9-]+:[0-9a-f]{8}]").matcher(text);
        while (m.find()) {
            if (!found.contains(m.group())) {
                found.add(m.group());
            }
        }
        return found;
    }

    private static JsonNode error(Response response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.asString());
        JsonNode body = JSON.readTree(response.asString());
        assertEquals(code, body.path("code").asText(), response.asString());
        assertEquals(1, body.path("message").asText().lines().count());
        return body;
    }

    @Test
    void twoMarkersApprovedByAnotherPersonReachTheRequesterOnceEncryptedToTheirKey() throws Exception {
        Capture logs = Capture.start();
        Path dir = processedCase();
        String caseId = dir.getFileName().toString();
        JsonNode files = JSON.readTree(as("alice").get("/api/exceptions/cases/" + caseId + "/files").then()
                .statusCode(200).extract().asString());
        assertEquals(1, files.size());
        String jobId = files.get(0).path("jobId").asText();
        assertEquals(37, files.get(0).path("redactions").asInt());

        JsonNode entries = JSON.readTree(as("alice").get("/api/exceptions/cases/" + caseId + "/files/" + jobId
                + "/entries?status=3").then().statusCode(200).extract().asString());
        assertEquals(1, entries.path("entries").size(), entries.toString());
        assertEquals(302, entries.path("entries").get(0).path("status").asInt());
        JsonNode page = JSON.readTree(as("alice").get("/api/exceptions/cases/" + caseId + "/files/" + jobId
                + "/entries?limit=5").asString());
        assertEquals(5, page.path("entries").size());
        assertEquals(5, page.path("next").asInt());
        JsonNode listed = JSON.readTree(as("alice").get("/api/exceptions/cases/" + caseId + "/files/" + jobId
                + "/markers?category=token").asString());
        assertTrue(listed.size() >= 1 && listed.findValuesAsText("category").stream().allMatch("token"::equals));
        error(as("nobody").get("/api/exceptions/cases/" + caseId + "/files/" + jobId + "/markers"), 403,
                "forbidden-role");
        error(as("alice").get("/api/exceptions/cases/" + caseId + "/files/nope/entries"), 404, "not-found");

        List<String> markers = markers(Files.readString(dir.resolve("session.sanitized.har")));
        String tokenMarker = markers.stream().filter(m -> m.startsWith("[REDACTED:token:")).findFirst().orElseThrow();
        String cookieMarker = markers.stream().filter(m -> m.startsWith("[REDACTED:cookie:")).findFirst()
                .orElseThrow();
        Map<String, Object> body = Map.of("caseId", caseId, "jobId", jobId, "scope", "markers",
                "justification", "Ticket 4711: the call to /api/session fails with 401 after login",
                "markers", List.of(tokenMarker, cookieMarker),
                "requesterKey", Files.readString(ReleaseFixtures.resource("x25519-public.asc")));
        JsonNode created = JSON.readTree(as("alice").contentType("application/json").body(body)
                .post("/api/exceptions").then().statusCode(201).extract().asString());
        String id = created.path("id").asText();
        assertEquals("pending", created.path("state").asText());
        assertEquals(2, created.path("exposure").path("credentials").asInt(), created.toString());

        error(as("alice").contentType("application/json").body(Map.of("comment", "mine"))
                .post("/api/exceptions/" + id + "/approve"), 403, "self-approval");
        error(as("audrey").contentType("application/json").body(Map.of("comment", "x"))
                .post("/api/exceptions/" + id + "/approve"), 403, "forbidden-role");
        error(as("bob").get("/api/exceptions/" + id + "/release"), 403, "not-requester");
        error(as("alice").get("/api/exceptions/" + id + "/release"), 409, "state-conflict");
        error(as("bob").get("/api/exceptions/" + id + "/marker-key"), 409, "state-conflict");
        JsonNode approved = JSON.readTree(as("bob").contentType("application/json")
                .body(Map.of("comment", "ok for 4711")).post("/api/exceptions/" + id + "/approve").then()
                .statusCode(200).extract().asString());
        assertEquals("approved", approved.path("state").asText());

        byte[] markerKey = as("bob").get("/api/exceptions/" + id + "/marker-key").then().statusCode(200).extract()
                .asByteArray();
        assertEquals(32, ReleaseFixtures.demoDecrypt(markerKey).length, "the marker key, for the custodians only");
        error(as("audrey").get("/api/exceptions/" + id + "/marker-key"), 403, "forbidden-role");
        error(as("alice").get("/api/exceptions/" + id + "/release?plaintext=true"), 403, "plaintext-disabled");
        Response release = as("alice").get("/api/exceptions/" + id + "/release");
        assertEquals(200, release.statusCode(), release.asString());
        assertTrue(release.header("Content-Disposition").contains("release-" + id + ".json.pgp"));
        JsonNode values = JSON.readTree(ReleaseFixtures.openAsRequester(release.asByteArray())).path("values");
        String original = new String(ExceptionApiTest.class.getResourceAsStream(
                "/har-samples/synthetic-leak-probe.har").readAllBytes(), StandardCharsets.UTF_8);
        List<String> released = new ArrayList<>();
        for (String marker : List.of(tokenMarker, cookieMarker)) {
            assertEquals(1, values.path(marker).size(), values.toString());
            String value = values.path(marker).get(0).asText();
            assertTrue(original.contains(value), "a value of the original");
            released.add(value);
        }
        assertEquals(2, values.size(), "exactly the two markers");
        error(as("alice").get("/api/exceptions/" + id + "/release"), 410, "gone");
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.contains("harwarden_exceptions_total{event=\"released\"} 1.0")
                || metrics.matches("(?s).*harwarden_exceptions_total\\{event=\"released\"\\} [1-9].*"), metrics);

        String notes = Files.readString(dir.resolve(".harwarden/notes.md"));
        for (String step : List.of("requested by alice", "approved by bob", "released by alice",
                "an attempt was refused by alice", "a second download was refused by alice")) {
            assertTrue(notes.contains("HAR Warden exception request " + id + ": " + step), step + "\n" + notes);
        }
        for (String value : released) {
            assertFalse(notes.contains(value), "no value in a note");
            assertFalse(logs.text().contains(value), "no value in a log record");
            assertNoFileHolds(Path.of("target/test-data"), value);
        }
        logs.stop();

        JsonNode verified = JSON.readTree(as("audrey").get("/api/exceptions/audit/verify").asString());
        assertTrue(verified.path("intact").asBoolean(), verified.toString());
        JsonNode trail = JSON.readTree(as("audrey").get("/api/exceptions/audit?request=" + id).asString());
        assertEquals(List.of("requested", "refused", "refused", "refused", "refused", "approved", "released",
                "replay-attempt"), trail.findValuesAsText("event"));
        long seq = trail.get(1).path("seq").asLong();
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(
                "UPDATE harwarden_audit SET body = REPLACE(body, 'alice', 'mallory') WHERE seq = ?")) {
            st.setLong(1, seq);
            assertEquals(1, st.executeUpdate());
        }
        JsonNode broken = JSON.readTree(as("audrey").get("/api/exceptions/audit/verify").asString());
        assertFalse(broken.path("intact").asBoolean());
        assertEquals(seq, broken.path("brokenAt").asLong(), broken.toString());
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(
                "UPDATE harwarden_audit SET body = REPLACE(body, 'mallory', 'alice') WHERE seq = ?")) {
            st.setLong(1, seq);
            st.executeUpdate();
        }
        assertTrue(JSON.readTree(as("audrey").get("/api/exceptions/audit/verify").asString()).path("intact")
                .asBoolean(), "restored");
    }

    @Test
    void signInAndBadInputAreRefusedAsJson() throws Exception {
        error(given().get("/api/exceptions"), 401, "unauthenticated");
        error(given().auth().preemptive().basic("alice", "wrong").get("/api/exceptions"), 401, "unauthenticated");
        error(given().auth().preemptive().basic("mallory", PASSWORD).get("/api/exceptions"), 401, "unauthenticated");
        error(as("nobody").get("/api/exceptions/cases/CASE-1/files"), 403, "forbidden-role");
        error(as("alice").contentType("application/json").body("{not json").post("/api/exceptions"), 400, "invalid");
        JsonNode invalid = error(as("alice").contentType("application/json").body(Map.of("caseId", "x", "jobId", "y",
                "scope", "everything")).post("/api/exceptions"), 400, "invalid");
        assertEquals("one of markers, entries, file", invalid.path("fields").path("scope").asText());
        error(as("alice").contentType("application/json").body(Map.of("caseId", "x", "jobId", "y", "scope", "file"))
                .post("/api/exceptions"), 404, "not-found");
        error(as("alice").get("/api/exceptions/no-such-request"), 404, "not-found");
        error(as("nobody").get("/api/exceptions/audit/verify"), 403, "forbidden-role");
        assertTrue(given().get("/q/openapi").asString().contains("/api/exceptions/{id}/release"));
    }


    private static void assertNoFileHolds(Path root, String value) throws Exception {
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".har") && !name.contains("sanitized") || name.endsWith(".json")
                        && !name.contains("sanitized")) {
                    continue; // originals other tests dropped and left (their cases' plaintext)
                }
                byte[] content = Files.readAllBytes(file);
                assertFalse(new String(content, StandardCharsets.ISO_8859_1).contains(new String(needle,
                        StandardCharsets.ISO_8859_1)), file + " holds a released value");
            }
        }
    }

    /** Every log record of the JVM while a test runs. */
    private static final class Capture extends Handler {
        private final StringBuilder text = new StringBuilder();

        static Capture start() {
            Capture capture = new Capture();
            Logger.getLogger("").addHandler(capture);
            return capture;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(record.getMessage()).append(' ').append(java.util.Arrays.toString(record.getParameters()))
                    .append('\n');
        }

        synchronized String text() {
            return text.toString();
        }

        void stop() {
            Logger.getLogger("").removeHandler(this);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
