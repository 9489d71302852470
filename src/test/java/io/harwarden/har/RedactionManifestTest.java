package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest of a sanitized copy, and the values behind its markers revealed from the original with its key. */
class RedactionManifestTest {
    private static final String EXPIRED_JWT = jwt("{\"sub\":\"u1\",\"exp\":1700000000}"); // 2023-11-14
    private static final String LIVE_JWT = jwt("{\"sub\":\"u2\",\"exp\":4102444800}"); // 2100-01-01
    private static final String PASSWORD = "Corr3ct-Horse-Battery";
    private static final String REFRESH = "rt_9f8e7d6c5b4a39281706";
    private static final String SESSION = "s3ss10n-4f1b2c9d8e7a";

    @TempDir
    Path dir;

    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
    }

    private static String entry(String request, String content) {
        return """
                {"startedDateTime":"2024-01-01T00:00:00.000Z","time":1,
                 "request":{"method":"POST","url":"https://example.com/api","httpVersion":"HTTP/1.1",
                   "headers":[%s],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
                 "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],
                   "content":%s,"redirectURL":"","headersSize":-1,"bodySize":-1},
                 "cache":{},"timings":{"send":1,"wait":1,"receive":1}}""".formatted(request, content);
    }

    private static byte[] original() {
        String base64Body = Base64.getEncoder().encodeToString(("{\"refresh_token\":\"" + REFRESH + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String har = """
                {"log":{"version":"1.2","creator":{"name":"test","version":"1"},
                 "pages":[{"startedDateTime":"2024-01-01T00:00:00.000Z","id":"p1",
                   "title":"https://example.com/?session=%s","pageTimings":{}}],
                 "entries":[%s,%s,%s]}}""".formatted(SESSION,
                entry("{\"name\":\"Authorization\",\"value\":\"Bearer " + EXPIRED_JWT + "\"}",
                        "{\"size\":0,\"mimeType\":\"text/plain\",\"text\":\"\"}"),
                entry("{\"name\":\"Authorization\",\"value\":\"Bearer " + LIVE_JWT + "\"},"
                        + "{\"name\":\"X-Password\",\"value\":\"" + PASSWORD + "\"}",
                        "{\"size\":0,\"mimeType\":\"application/json\",\"text\":\"{\\\"" + PASSWORD
                                + "\\\":1}\"}"),
                entry("", "{\"size\":40,\"mimeType\":\"application/json\",\"encoding\":\"base64\",\"text\":\""
                        + base64Body + "\"}"));
        return har.getBytes(StandardCharsets.UTF_8);
    }

    private record Sanitized(String json, SanitizeReport report, byte[] key) {
    }

    private Sanitized sanitize(byte[] har) throws Exception {
        byte[] key = HarSanitizer.newMarkerKey();
        Path out = dir.resolve("out.har");
        SanitizeReport report = new HarSanitizer(SanitizerPolicy.defaults())
                .sanitizeToFile(new ByteArrayInputStream(har), out, new Cancellation(), key);
        return new Sanitized(Files.readString(out), report, key);
    }

    private static List<RedactionManifest.Redaction> manifest(String sanitized, RedactionManifest.Summary[] summary)
            throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        summary[0] = RedactionManifest.write(new ByteArrayInputStream(sanitized.getBytes(StandardCharsets.UTF_8)),
                lines);
        List<RedactionManifest.Redaction> read = new ArrayList<>();
        RedactionManifest.read(new ByteArrayInputStream(lines.toByteArray()), read::add);
        return read;
    }

    @Test
    void everyMarkerIsListedWhereItSitsWithItsEntryAndJwtExpiry() throws Exception {
        Sanitized s = sanitize(original());
        RedactionManifest.Summary[] summary = new RedactionManifest.Summary[1];
        List<RedactionManifest.Redaction> manifest = manifest(s.json(), summary);

        assertEquals(s.report().redactions(), manifest.size(), manifest.toString());
        assertEquals(s.report().byCategory(), summary[0].byCategory());
        assertEquals(1, summary[0].expiredJwts());
        assertEquals(3, summary[0].entries());
        JsonNode tree = Fixture.JSON.readTree(s.json());
        for (RedactionManifest.Redaction r : manifest) {
            String pointer = r.pointer().replace("#key", "");
            JsonNode node = tree.at(pointer);
            String text = r.pointer().endsWith("#key") ? fieldNames(tree.at(pointer.substring(0,
                    pointer.lastIndexOf('/')))) : node.asText();
            if (!text.contains(r.marker())) {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
            }
            assertTrue(text.contains(r.marker()), r + " is not at its pointer");
            assertFalse(r.toString().contains(PASSWORD) || r.toString().contains(REFRESH), "no value: " + r);
        }
        List<Boolean> jwts = manifest.stream().filter(r -> r.category().equals("jwt-signature"))
                .map(RedactionManifest.Redaction::expiredAtCapture).toList();
        assertEquals(List.of(true, false), jwts);
        assertEquals(List.of(-1, 0, 1, 1, 2), manifest.stream().map(RedactionManifest.Redaction::entry).toList());
        assertEquals("/log/pages/0/title", manifest.get(0).pointer());
        assertEquals("/log/entries/1/request/headers/1/value", manifest.get(3).pointer());
        assertEquals("/log/entries/2/response/content/text", manifest.get(4).pointer(), "found in the decoded base64");
        manifest.stream().filter(r -> !r.category().equals("jwt-signature"))
                .forEach(r -> assertNull(r.expiredAtCapture()));
    }

    private static String fieldNames(JsonNode object) {
        StringBuilder b = new StringBuilder();
        object.fieldNames().forEachRemaining(b::append);
        return b.toString();
    }

    @Test
    void theValuesBehindChosenMarkersComeBackFromTheOriginalWithTheKeyAndOnlyThose() throws Exception {
        byte[] har = original();
        Sanitized s = sanitize(har);
        List<String> markers = markersIn(s.json());
        String passwordMarker = markers.stream().filter(m -> m.startsWith("[REDACTED:password:")).findFirst()
                .orElseThrow();
        String refreshMarker = markers.get(markers.size() - 1);
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults());

        Map<String, List<String>> revealed = sanitizer.reveal(new ByteArrayInputStream(har), s.key(),
                Set.of(passwordMarker, refreshMarker, "[REDACTED:token:00000000]"), new Cancellation());
        assertEquals(Map.of(passwordMarker, List.of(PASSWORD), refreshMarker, List.of(REFRESH)), revealed);

        assertEquals(Map.of(), sanitizer.reveal(new ByteArrayInputStream(har), HarSanitizer.newMarkerKey(),
                Set.copyOf(markers), new Cancellation()), "another key reveals nothing");
    }

    private static List<String> markersIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("\\[REDACTED:[a-z0-9-]+:[0-9a-f]{8}]").matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        for (String b64 : List.of(Fixture.JSON.valueToTree(text).asText())) {
            // the base64 body's marker: decoded by the caller where needed
            found.addAll(markersInBase64(b64));
        }
        return found;
    }

    private static List<String> markersInBase64(String json) {
        List<String> found = new ArrayList<>();
        Matcher body = Pattern.compile("\"text\":\"([A-Za-z0-9+/=]{16,})\"").matcher(json);
        while (body.find()) {
            String decoded = new String(Base64.getDecoder().decode(body.group(1)), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\\[REDACTED:[a-z0-9-]+:[0-9a-f]{8}]").matcher(decoded);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }

    @Test
    void aSecretUsedAsAKeyIsListedAtItsMemberAndLongKeysAreCut() throws Exception {
        String longKey = "k/~".repeat(100);
        String token = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A";
        byte[] har = new String(original(), StandardCharsets.UTF_8).replaceFirst("\"cache\":\\{}",
                "\"cache\":{},\"_meta\":{\"" + longKey + "\":{\"" + token + "\":\"1\"}}")
                .getBytes(StandardCharsets.UTF_8);
        Sanitized s = sanitize(har);
        RedactionManifest.Summary[] summary = new RedactionManifest.Summary[1];
        List<RedactionManifest.Redaction> manifest = manifest(s.json(), summary);
        assertFalse(s.json().contains(token));
        RedactionManifest.Redaction key = manifest.stream().filter(r -> r.pointer().endsWith("#key")).findFirst()
                .orElseThrow(() -> new AssertionError(manifest.toString()));
        assertEquals(0, key.entry());
        assertEquals("/log/entries/0/_meta/" + "k~1~0".repeat(33) + "k…/" + key.marker() + "#key", key.pointer());
    }

    @Test
    void aFileWithoutRedactionsHasAnEmptyManifest() throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        InputStream clean = new ByteArrayInputStream(Fixture.har("", "").getBytes(StandardCharsets.UTF_8));
        RedactionManifest.Summary summary = RedactionManifest.write(clean, lines);
        assertEquals(new RedactionManifest.Summary(0, Map.of(), 0, 1), summary);
        List<RedactionManifest.Redaction> read = new ArrayList<>();
        RedactionManifest.read(new ByteArrayInputStream(lines.toByteArray()), read::add);
        assertEquals(List.of(), read);
    }

    /** The start time after the request (any order is valid JSON) and an entry of very many markers. */
    @Test
    void expiryIsKnownWhateverTheMemberOrderAndAHugeEntryIsListedWithoutHoldingIt() throws Exception {
        String late = "{\"log\":{\"version\":\"1.2\",\"entries\":[{\"request\":{\"headers\":[{\"name\":\"x\","
                + "\"value\":\"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.[REDACTED:jwt-signature:0123abcd]\"}]},"
                + "\"startedDateTime\":\"2024-01-01T00:00:00Z\"}]}}";
        RedactionManifest.Summary[] summary = new RedactionManifest.Summary[1];
        List<RedactionManifest.Redaction> read = manifest(late, summary);
        assertEquals(Boolean.TRUE, read.get(0).expiredAtCapture(), "the start time came after the token");

        StringBuilder many = new StringBuilder("{\"log\":{\"entries\":[{\"response\":{\"content\":{\"text\":\"");
        for (int i = 0; i < 12_000; i++) {
            many.append(String.format("[REDACTED:token:%08x] ", i));
        }
        many.append("\"}},\"startedDateTime\":\"2024-01-01T00:00:00Z\"}]}}");
        read = manifest(many.toString(), summary);
        assertEquals(12_000, read.size());
        assertEquals(12_000, summary[0].redactions());
        assertEquals(String.format("[REDACTED:token:%08x]", 11_999), read.get(11_999).marker(), "in the copy's order");
    }
}
