package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HarSanitizerTest {
    private static final Pattern MARKER = Pattern.compile("\\[REDACTED:([a-z0-9-]+):([0-9a-f]{8})]");

    @Test
    void sameSecretGetsTheSameMarkerEverywhereInAFileAndADifferentOneInAnotherFile() {
        String har = Fixture.har("\"headers\":[{\"name\":\"Authorization\",\"value\":\"Bearer same-token-42\"}],"
                + "\"postData\":{\"mimeType\":\"application/json\",\"text\":\"{\\\"access_token\\\":\\\"same-token-42\\\"}\"}",
                null);
        String first = Fixture.sanitize(har).json();
        Matcher m = MARKER.matcher(first);
        assertTrue(m.find());
        String hex = m.group(2);
        assertTrue(m.find());
        assertEquals(hex, m.group(2), "markers of one secret within a file");
        Matcher again = MARKER.matcher(Fixture.sanitize(har).json());
        assertTrue(again.find());
        assertNotEquals(hex, again.group(2), "the marker key is random per file");
    }

    @Test
    void cookiesArrayAndCookieHeadersAgreeIncludingSeveralCookieHeaders() {
        String har = Fixture.har("\"headers\":[{\"name\":\"cookie\",\"value\":\"a=v1\"},{\"name\":\"cookie\",\"value\":\"b=v2\"}],"
                + "\"cookies\":[{\"name\":\"a\",\"value\":\"v1\"},{\"name\":\"b\",\"value\":\"v2\"}]", null);
        JsonNode request = Fixture.sanitize(har).entry(0).path("request");
        String headerA = request.path("headers").get(0).path("value").asText();
        String headerB = request.path("headers").get(1).path("value").asText();
        assertEquals(headerA, "a=" + request.path("cookies").get(0).path("value").asText());
        assertEquals(headerB, "b=" + request.path("cookies").get(1).path("value").asText());
        assertTrue(headerA.startsWith("a=[REDACTED:cookie:"));
    }

    @Test
    void urlAndQueryStringArrayAgree() {
        String har = Fixture.har(null, null).replace("\"url\":\"https://example.com/\"",
                "\"url\":\"https://example.com/x?access_token=qs-secret&page=3\"")
                .replace("\"queryString\":[]", "\"queryString\":[{\"name\":\"access_token\",\"value\":\"qs-secret\"},"
                        + "{\"name\":\"page\",\"value\":\"3\"}]");
        JsonNode request = Fixture.sanitize(har).entry(0).path("request");
        String marker = request.path("queryString").get(0).path("value").asText();
        assertEquals("https://example.com/x?access_token=" + marker + "&page=3", request.path("url").asText());
        assertEquals("3", request.path("queryString").get(1).path("value").asText());
    }

    @Test
    void unknownFieldsAreKeptAndValuesInThemStillScanned() {
        String har = Fixture.har("\"_custom\":{\"note\":\"ok\",\"_authToken\":\"cust-tok\",\"n\":1.50}", null)
                .replace("\"cache\":{}", "\"cache\":{},\"_initiator\":{\"type\":\"script\",\"url\":"
                        + "\"https://x.example.com/a.js?token=init-tok\",\"stack\":{\"callFrames\":[{\"url\":"
                        + "\"https://x.example.com/b.js?sig=frame-sig\",\"lineNumber\":3}]}}");
        Fixture.Result r = Fixture.sanitize(har);
        JsonNode entry = r.entry(0);
        assertEquals("ok", entry.path("request").path("_custom").path("note").asText());
        assertEquals(1.5, entry.path("request").path("_custom").path("n").asDouble());
        assertFalse(r.json().contains("cust-tok"));
        assertFalse(r.json().contains("init-tok"));
        assertFalse(r.json().contains("frame-sig"));
        assertEquals(3, entry.path("_initiator").path("stack").path("callFrames").get(0).path("lineNumber").asInt());
    }

    @Test
    void pageTitlesAndRedirectUrlsAreSanitized() {
        String har = Fixture.har(null, null)
                .replace("\"redirectURL\":\"\"", "\"redirectURL\":\"https://a.example.com/cb?code=redir-code\"")
                .replace("{\"log\":{\"version\":\"1.2\",", "{\"log\":{\"version\":\"1.2\",\"pages\":[{\"id\":\"p1\","
                        + "\"title\":\"https://a.example.com/?access_token=title-tok\",\"startedDateTime\":\"x\"}],");
        String out = Fixture.sanitize(har).json();
        assertFalse(out.contains("redir-code"));
        assertFalse(out.contains("title-tok"));
        assertTrue(out.contains("\"id\":\"p1\""));
    }

    @Test
    void contentMimeTypeAfterTextIsStillHonoured() {
        String har = Fixture.har(null, null).replace("\"content\":{\"size\":0,\"mimeType\":\"text/plain\",\"text\":\"\"}",
                "\"content\":{\"size\":9,\"text\":\"eyJ0b2tlbiI6ICJsYXRlLXNlY3JldCJ9\",\"mimeType\":\"application/json\","
                        + "\"encoding\":\"base64\",\"comment\":\"c\"}");
        JsonNode content = Fixture.sanitize(har).entry(0).path("response").path("content");
        String decoded = new String(java.util.Base64.getDecoder().decode(content.path("text").asText()),
                StandardCharsets.UTF_8);
        assertFalse(decoded.contains("late-secret"), decoded);
        assertEquals(Set.of("size", "text", "mimeType", "encoding", "comment"),
                fieldNames(content));
    }

    @Test
    void reportCountsAndNamesButNeverValues() {
        String har = Fixture.har("\"headers\":[{\"name\":\"X-Api-Key\",\"value\":\"rep-key-value\"},"
                + "{\"name\":\"Cookie\",\"value\":\"sid=rep-cookie-value\"}]", null);
        byte[] input = har.getBytes(StandardCharsets.UTF_8);
        Fixture.Result r = Fixture.sanitize(input, SanitizerPolicy.defaults());
        SanitizeReport report = r.report();
        assertEquals(1, report.entries());
        assertEquals(2, report.redactions());
        assertEquals(1L, report.byCategory().get("api-key"));
        assertEquals(2L, report.byLocation().get("request.header"));
        assertEquals(Set.of("X-Api-Key"), report.redactedNames().get("headers"));
        assertEquals(Set.of("sid"), report.redactedNames().get("cookies"));
        assertEquals(sha256(input), report.inputSha256());
        assertEquals(sha256(r.json().getBytes(StandardCharsets.UTF_8)), report.outputSha256());
        assertEquals(input.length, report.inputBytes());
        assertEquals("1.2", report.harVersion());
        assertEquals(SanitizerPolicy.RULES_VERSION, report.policyVersion());
        String json = report.toJson();
        assertFalse(json.contains("rep-key-value"));
        assertFalse(json.contains("rep-cookie-value"));
    }

    @Test
    void sanitizingTwiceChangesNothingTheSecondTime() throws Exception {
        byte[] once = Fixture.sanitize(SamplesTest.bytes("synthetic-leak-probe.har"), SanitizerPolicy.defaults())
                .json().getBytes(StandardCharsets.UTF_8);
        Fixture.Result twice = Fixture.sanitize(once, SanitizerPolicy.defaults());
        assertEquals(0, twice.report().redactions());
    }

    @Test
    void failClosedReScanRejectsOutputThatStillHoldsASecret() {
        String leaky = Fixture.har("\"headers\":[{\"name\":\"Authorization\",\"value\":\"Bearer still-here-123\"}]", null);
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults());
        LeakDetectedException e = assertThrows(LeakDetectedException.class,
                () -> sanitizer.verifyClean(new ByteArrayInputStream(leaky.getBytes(StandardCharsets.UTF_8))));
        assertEquals(Category.AUTH, e.category());
        assertTrue(e.getMessage().contains("entry 0"), e.getMessage());
        assertFalse(e.getMessage().contains("still-here-123"));
    }

    @Test
    void theReScanWritesNothingYetJudgesEveryValueOnOneThreadAndOnMany() {
        String leaky = Fixture.har(null, null).replace("\"content\":{\"size\":0,\"mimeType\":\"text/plain\",\"text\":\"\"}",
                "\"content\":{\"size\":9,\"mimeType\":\"application/json\",\"text\":\"{\\\"password\\\":\\\"hunter2-left\\\"}\"}");
        for (int threads : new int[] {1, 2}) {
            HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults(), threads);
            LeakDetectedException e = assertThrows(LeakDetectedException.class,
                    () -> sanitizer.verifyClean(new ByteArrayInputStream(leaky.getBytes(StandardCharsets.UTF_8))));
            assertEquals(Category.PASSWORD, e.category(), threads + " threads");
        }
    }

    @Test
    void binaryBodyDeclaredBase64StreamsPastTheStringLimit() throws Exception {
        byte[] binary = new byte[300_000];
        new Random(7).nextBytes(binary);
        String b64 = java.util.Base64.getEncoder().encodeToString(binary);
        String har = Fixture.har(null, null).replace("\"content\":{\"size\":0,\"mimeType\":\"text/plain\",\"text\":\"\"}",
                "\"content\":{\"size\":300000,\"mimeType\":\"image/png\",\"encoding\":\"base64\",\"text\":\"" + b64 + "\"}");
        SanitizerPolicy small = SanitizerPolicy.defaults().withLimits(2048, 64);
        HarSanitizer sanitizer = new HarSanitizer(small);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sanitizer.sanitize(new ByteArrayInputStream(har.getBytes(StandardCharsets.UTF_8)), out);
        JsonNode content = Fixture.JSON.readTree(out.toByteArray()).path("log").path("entries").get(0)
                .path("response").path("content");
        assertEquals(b64, content.path("text").asText());
        sanitizer.verifyClean(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void utf8BomAndNonAsciiTextAreHandled() {
        String har = "\uFEFF" + Fixture.har(null, "\"comment\":\"日本語のテキスト café\"");
        Fixture.Result r = Fixture.sanitize(har);
        assertEquals("日本語のテキスト café", r.entry(0).path("response").path("comment").asText());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
