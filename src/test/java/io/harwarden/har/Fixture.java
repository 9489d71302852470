package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.har.detect.NameRules;
import io.harwarden.har.detect.Redactor;
import io.harwarden.har.walk.Rules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Rules wired to a fixed marker key (so markers are predictable), and helpers to run whole HAR documents. */
final class Fixture {
    static final ObjectMapper JSON = new ObjectMapper();

    final RedactionTally tally = new RedactionTally();
    final Rules rules;

    Fixture() {
        this(SanitizerPolicy.defaults());
    }

    Fixture(SanitizerPolicy policy) {
        rules = new Rules(new NameRules(policy), new Redactor(new byte[32], tally), new JsonFactory());
    }

    /** The marker the fixture's key gives a value. */
    String marker(String value, Category category) {
        return new Redactor(new byte[32], new RedactionTally()).mark(value, category, Location.OTHER);
    }

    String header(String name, String value) {
        return rules.headers.sanitize(name, value, Location.REQUEST_HEADER);
    }

    String text(String text) {
        return rules.scanner.scan(text, Location.RESPONSE_BODY);
    }

    String url(String url) {
        return rules.strings.url(url, Location.REQUEST_URL);
    }

    String body(String text, String mimeType) {
        return rules.bodies.sanitize(text, mimeType, null, Location.RESPONSE_BODY);
    }

    /** Sanitizes a whole document, then runs the fail-closed re-scan on the output. */
    static Result sanitize(String har) {
        return sanitize(har.getBytes(StandardCharsets.UTF_8), SanitizerPolicy.defaults());
    }

    static Result sanitize(byte[] har, SanitizerPolicy policy) {
        HarSanitizer sanitizer = new HarSanitizer(policy);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SanitizeReport report = sanitizer.sanitize(new ByteArrayInputStream(har), out);
            sanitizer.verifyClean(new ByteArrayInputStream(out.toByteArray()));
            return new Result(out.toString(StandardCharsets.UTF_8), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SanitizeException e) {
            throw new AssertionError("sanitizing failed: " + e.getMessage(), e);
        }
    }

    record Result(String json, SanitizeReport report) {
        JsonNode tree() {
            try {
                return JSON.readTree(json);
            } catch (IOException e) {
                throw new AssertionError("output is not valid JSON", e);
            }
        }

        JsonNode entry(int i) {
            return tree().path("log").path("entries").path(i);
        }
    }

    /** A HAR with one entry, built from the request and response members given as JSON text. */
    static String har(String requestMembers, String responseMembers) {
        return """
                {"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[{
                "startedDateTime":"2024-01-01T00:00:00Z","time":1,
                "request":{"method":"GET","url":"https://example.com/","httpVersion":"HTTP/1.1",
                  "headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0%s},
                "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],
                  "content":{"size":0,"mimeType":"text/plain","text":""},"redirectURL":"","headersSize":-1,
                  "bodySize":-1%s},
                "cache":{},"timings":{"send":1,"wait":100,"receive":1}}]}}
                """.formatted(prefixComma(requestMembers), prefixComma(responseMembers));
    }

    private static String prefixComma(String members) {
        return members == null || members.isBlank() ? "" : "," + members;
    }
}
