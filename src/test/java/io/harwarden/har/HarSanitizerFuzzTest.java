package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.harwarden.har.walk.Bodies;
import io.harwarden.har.walk.Documents;
import io.harwarden.har.walk.JsonText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the sanitizer with Jazzer. A plain test run replays the seeds below and every input stored
 * under {@code src/test/resources/io/harwarden/har/HarSanitizerFuzzTestInputs/<method>/}, where a finding is kept
 * (and fails the build) until it is fixed; {@code JAZZER_FUZZ=1} fuzzes one method instead, see {@code bench/fuzz.sh}.
 *
 * <p>Termination: {@link Timeout} bounds every execution. In a plain test run JUnit applies it to each stored input;
 * when fuzzing, Jazzer hands it to libFuzzer as {@code -timeout}, which stops at the first input that runs longer,
 * keeps the input as {@code timeout-<sha1>} and ends the test JVM (exit code 70). To JUnit the whole fuzzing run is one
 * invocation, so a fuzzing run must set {@code junit.jupiter.execution.timeout.mode=disabled}, as Jazzer's own
 * launcher does and Maven's does not; {@link #configureJazzer} refuses to fuzz without it.
 */
class HarSanitizerFuzzTest {
    /** Inputs are a few KB: ten seconds is a hang or a blow-up, not a slow machine. */
    static final int SECONDS_PER_EXECUTION = 10;

    private static final JsonFactory OUTPUT = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    /**
     * Runs before Jazzer installs its agent (when the first fuzz test's arguments are provided). Fuzzing needs JUnit's
     * timeouts off: JUnit would interrupt the fuzzing thread {@value #SECONDS_PER_EXECUTION} seconds into the run,
     * which shows up as a finding. Replaying stored inputs needs none of Jazzer's hooks, and they would stay in every
     * project class for the rest of the test JVM: with them HostileInputTest's deeply nested document overflowed the
     * stack, and a cancellation in HelperThreadsTest ended in "Self-suppression not permitted".
     */
    @BeforeAll
    static void configureJazzer() {
        boolean fuzzing = Stream.of(System.getenv("JAZZER_FUZZ"), System.getProperty("JAZZER_FUZZ"))
                .anyMatch(v -> v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")));
        if (!fuzzing) {
            System.setProperty("jazzer.hooks", "false");
        } else if (!"disabled".equals(System.getProperty("junit.jupiter.execution.timeout.mode"))) {
            throw new IllegalStateException("fuzzing needs -Djunit.jupiter.execution.timeout.mode=disabled"
                    + " (bench/fuzz.sh sets it)");
        }
    }

    /**
     * Any bytes, with one worker thread or two (the last byte's low bit): the sanitizer returns a sound output (see
     * {@link #assertSound}) or refuses the input with a {@link HarInputException} whose message is one line. A
     * {@link SanitizerFault}, a {@link LeakDetectedException}, any other exception or a hang is a finding.
     */
    // no CR or LF in dictionary entries: Jazzer 0.30 writes them raw into libFuzzer's line-based dictionary file,
    // which libFuzzer then refuses (exit code 1, no message under Maven)
    @DictionaryEntries({"{\"log\":{\"entries\":[", "\"log\"", "\"entries\"", "\"pages\"", "\"title\"",
        "\"request\"", "\"response\"", "\"headers\"", "\"cookies\"", "\"queryString\"", "\"postData\"", "\"params\"",
        "\"content\"", "\"mimeType\"", "\"encoding\":\"base64\"", "\"text\"", "\"name\"", "\"value\"", "\"url\"",
        "\"redirectURL\"", "\"_webSocketMessages\"", "\"opcode\":2", "\"data\"", "\"creator\"", "Authorization",
        "Bearer ", "Set-Cookie", "X-Api-Key", "access_token=", "password", "client_secret", "application/json",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=", "image/png", "eyJhbGciOiJIUzI1NiJ9.",
        "ghp_", "[REDACTED:", "-----BEGIN PRIVATE KEY-----", "<input name=\"csrf\" value=\"", "\\u0000", "\\ud800",
        "https://u:p@h.test/?code="})
    @Timeout(SECONDS_PER_EXECUTION)
    @MethodSource("seeds")
    @FuzzTest
    void rawBytes(byte[] input) throws IOException {
        int workers = input.length > 0 && (input[input.length - 1] & 1) == 1 ? 2 : 1;
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults(), workers);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SanitizeReport report;
        try {
            report = sanitizer.sanitize(new ByteArrayInputStream(input), out);
        } catch (HarInputException refused) {
            String message = refused.getMessage();
            if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
                throw new AssertionError("the error is not one line: " + message);
            }
            return;
        } catch (SanitizeException bug) {
            throw new AssertionError(bug.getClass().getSimpleName() + " with " + workers + " worker(s): "
                    + bug.getMessage(), bug);
        }
        assertSound(sanitizer, out.toByteArray(), report);
    }

    /**
     * A valid HAR built by {@link FuzzedHar}, with one worker thread or two: it is sanitized without error, the output
     * is sound (see {@link #assertSound}) with as many entries as were built, and no planted secret is left in it, as
     * written or in any string of it once its JSON escapes are undone and its base64 decoded.
     */
    @DictionaryEntries({"[REDACTED:", "[REDACTED:cookie:0123abcd]", "<input name=\"csrf\" ", "<meta ", " value=\"",
        "-----BEGIN PRIVATE KEY-----", "Bearer ", "://", "\"log\"", "\"entries\"", "{\"", "\":\"", "=", "&", ";",
        "%", "+", "\\", "\u0000"})
    @Timeout(SECONDS_PER_EXECUTION)
    @FuzzTest
    void structured(FuzzedDataProvider data) throws IOException {
        int workers = data.consumeBoolean() ? 2 : 1;
        FuzzedHar.Built har = FuzzedHar.build(data);
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults(), workers);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SanitizeReport report;
        try {
            report = sanitizer.sanitize(new ByteArrayInputStream(har.json()), out);
        } catch (SanitizeException e) {
            throw new AssertionError("a valid HAR was refused (" + e.getClass().getSimpleName() + ", " + workers
                    + " worker(s)): " + e.getMessage(), e);
        }
        assertEquals(har.entries(), report.entries(), "entries in the report");
        byte[] output = out.toByteArray();
        assertSound(sanitizer, output, report);
        assertNoneLeaked(output, har.planted());
    }

    /**
     * The output is one JSON document, holds as many {@code log.entries} elements as the report counts, and the
     * fail-closed re-scan accepts it.
     */
    private static void assertSound(HarSanitizer sanitizer, byte[] output, SanitizeReport report) throws IOException {
        assertEquals(report.entries(), entries(output), "entries in the output");
        try {
            sanitizer.verifyClean(new ByteArrayInputStream(output));
        } catch (SanitizeException e) {
            throw new AssertionError("the re-scan refused the output (" + e.getClass().getSimpleName() + "): "
                    + e.getMessage(), e);
        }
    }

    /** Elements of every {@code log.entries} array, counted as the sanitizer does (duplicate keys included). */
    private static int entries(byte[] json) throws IOException {
        int count = 0;
        try (JsonParser p = OUTPUT.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AssertionError("the output is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean log = p.currentName().equals("log");
                if (p.nextToken() == JsonToken.START_OBJECT && log) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        boolean entries = p.currentName().equals("entries");
                        if (p.nextToken() == JsonToken.START_ARRAY && entries) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                count++;
                                p.skipChildren();
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new AssertionError("the output goes on after its document");
            }
        }
        return count;
    }

    private static void assertNoneLeaked(byte[] output, List<FuzzedHar.Planted> planted) throws IOException {
        List<String> texts = new ArrayList<>();
        texts.add(new String(output, StandardCharsets.UTF_8));
        strings(output, texts, 0);
        for (FuzzedHar.Planted secret : planted) {
            for (String text : texts) {
                int at = text.indexOf(secret.needle());
                if (at >= 0) {
                    throw new AssertionError(secret.kind() + " planted at " + secret.where() + " is in the output: …"
                            + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + 60)) + "…");
                }
            }
        }
    }

    /**
     * Every key and string value of a JSON document, unescaped, with the documents and base64 they hold, as deep as
     * the sanitizer reads documents.
     */
    private static void strings(byte[] json, List<String> into, int depth) throws IOException {
        if (depth > Documents.MAX_DEPTH) {
            return;
        }
        try (JsonParser p = OUTPUT.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
                    String s = p.getText();
                    into.add(s);
                    nested(s.getBytes(StandardCharsets.UTF_8), into, depth);
                    byte[] decoded = s.length() < 20 ? null : Bodies.decodeStrictly(s); // shorter: no needle in it
                    if (decoded != null) {
                        into.add(new String(decoded, StandardCharsets.ISO_8859_1));
                        into.add(new String(decoded, StandardCharsets.UTF_8));
                        nested(decoded, into, depth);
                    }
                }
            }
        }
    }

    private static void nested(byte[] text, List<String> into, int depth) {
        String s = new String(text, StandardCharsets.UTF_8);
        if (!JsonText.looksLikeJson(s)) {
            return;
        }
        try {
            strings(text, into, depth + 1);
        } catch (IOException notJson) {
            // text, not a document: the raw string is checked already
        }
    }

    /** Small HAR files (libFuzzer's input size follows its largest seed): plain, rich, two entries, UTF-16. */
    static Stream<Arguments> seeds() {
        String plain = Fixture.har(null, null);
        String rich = Fixture.har("""
                "headers":[{"name":"Authorization","value":"Bearer abcdefghijklmnopqrstu"},
                  {"name":"X-Api-Key","value":"k3y-v4lue-0123456789"},
                  {"name":"Cookie","value":"sid=s3ss10n; theme=dark"},
                  {"name":"Referer","value":"https://app.test/cb?code=0123456789&state=x#access_token=t0k3n"}],
                "cookies":[{"name":"sid","value":"s3ss10n"}],
                "queryString":[{"name":"access_token","value":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz"}],
                "postData":{"mimeType":"application/x-www-form-urlencoded","text":"user=a&password=hunter22",
                  "params":[{"name":"user","value":"a"},{"name":"password","value":"hunter22"}]}""", """
                "headers":[{"name":"Set-Cookie","value":"sid=n3w; Path=/; HttpOnly\\nother=1"}],
                "content":{"mimeType":"application/json",
                  "text":"{\\"client_secret\\":\\"s3cr3t-0123456789\\",\\"n\\":[1,{}]}"},
                "_extra":{"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8":1}""");
        String twoEntries = """
                {"log":{"version":"1.2","pages":[{"id":"p","title":"https://x.test/?sig=abc123def456"}],
                "entries":[{"request":{"url":"/a","postData":{"mimeType":"multipart/form-data; boundary=B",
                "text":"--B\\r\\nContent-Disposition: form-data; name=\\"password\\"\\r\\n\\r\\npw123456\\r\\n\
                --B--\\r\\n"}},
                "response":{"content":{"mimeType":"image/png","encoding":"base64","text":"iVBORw0KGgo="}}},
                {"_webSocketMessages":[{"type":"send","opcode":1,"data":"{\\"token\\":\\"w5t0k3n99\\"}"},
                {"type":"receive","opcode":2,"data":"eyJhY2Nlc3NUb2tlbiI6ImFiY2RlZmdoIn0="}],
                "response":{"content":{"text":"PGh0bWw+PC9odG1sPg==","encoding":"base64",
                "mimeType":"text/html"}}}]}}""";
        Stream<byte[]> utf8 = Stream.of(plain, plain.strip(), rich, rich.strip(), twoEntries)
                .map(har -> har.getBytes(StandardCharsets.UTF_8));
        return Stream.concat(utf8, Stream.of(rich.getBytes(StandardCharsets.UTF_16)))
                .map(bytes -> arguments((Object) bytes));
    }
}
