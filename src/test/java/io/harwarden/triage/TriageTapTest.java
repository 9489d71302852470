package io.harwarden.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.har.HarGenerator;
import io.harwarden.har.HarInputException;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizeException;
import io.harwarden.har.SanitizerPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Triage on the sanitizer's own pass ({@link TriageTap}) says exactly what triage's own reader says of the same file,
 * whether the sanitizer walks the entries on one thread or several, and a fault of triage's never fails the file.
 */
class TriageTapTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HarSanitizer SCRUB = new HarSanitizer(SanitizerPolicy.defaults(), 1);
    private static final Triage.Options OPTIONS = new Triage.Options(List.of("X-Our-Id"),
            "https://logs.example/search?q={id}", 200, 10);

    @TempDir
    Path dir;

    private final Triage triage = new Triage(OPTIONS, SCRUB::sanitizeText);

    @ParameterizedTest
    @MethodSource("io.harwarden.triage.PublicSamplesTriageTest#samples")
    void aRealCaptureGetsTheSameReportFromTheSanitizersPass(String sample) throws Exception {
        byte[] har;
        try (InputStream in = getClass().getResourceAsStream("/har-samples/" + sample)) {
            har = in.readAllBytes();
        }
        String alone = json(triage.analyze(new ByteArrayInputStream(har)));
        assertEquals(alone, json(tapped(triage, har, 1)));
        assertEquals(alone, json(tapped(triage, har, 8)), "entries walked on four threads come back in order");
    }

    @Test
    void everyPlantedSituationIsReportedAsTriageAloneReportsIt() throws Exception {
        byte[] har = situations().json().getBytes(StandardCharsets.UTF_8);
        TriageReport alone = triage.analyze(new ByteArrayInputStream(har));
        assertTrue(alone.failedTotal() > 100 && alone.findings().size() >= 4, alone.findings().toString());
        for (int workers : new int[] {1, 4, 8}) {
            assertEquals(json(alone), json(tapped(triage, har, workers)), workers + " workers");
        }
    }

    @Test
    void generatedCapturesOfEveryKindGetTheSameReport() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new HarGenerator(seed, 1, s -> { }, k -> { }).write(out, 3_000_000, 400);
            byte[] har = out.toByteArray();
            String alone = json(triage.analyze(new ByteArrayInputStream(har)));
            assertEquals(alone, json(tapped(triage, har, 1)), "seed " + seed);
            assertEquals(alone, json(tapped(triage, har, 8)), "seed " + seed);
        }
    }

    @Test
    void aCutFileIsReportedAsFarAsTheSanitizerReadItInTheSameWords() throws Exception {
        String json = situations().json();
        byte[] cut = json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
        TriageReport alone = triage.analyze(new ByteArrayInputStream(cut));
        TriageTap tap = triage.tap();
        SanitizeException stopped = null;
        try {
            SCRUB.sanitizeToFile(new ByteArrayInputStream(cut), dir.resolve("cut.har"), tap);
        } catch (SanitizeException e) {
            stopped = e;
        }
        assertTrue(stopped instanceof HarInputException, String.valueOf(stopped));
        TriageReport tapped = tap.finish(stopped);
        assertNotNull(alone.capture().problem());
        assertEquals(alone.capture().problem(), tapped.capture().problem());
        assertEquals(json(alone), json(tapped));
        assertFalse(Files.exists(dir.resolve("cut.har")));
    }

    @Test
    void aFaultInTriageCostsTheTriageNotTheSanitizedCopy() throws Exception {
        UnaryOperator<String> broken = text -> {
            throw new IllegalStateException("scrubbing failed on " + text);
        };
        TriageTap tap = new Triage(OPTIONS, broken).tap();
        byte[] har = situations().json().getBytes(StandardCharsets.UTF_8);
        SCRUB.sanitizeToFile(new ByteArrayInputStream(har), dir.resolve("out.har"), tap);
        assertTrue(Files.size(dir.resolve("out.har")) > 0);
        assertNull(tap.finish(null));
        assertTrue(tap.failure().matches("IllegalStateException at entry \\d+"), "no value in the reason: "
                + tap.failure());
    }

    /** Random byte changes of a capture: the tap never fails, and of each file the sanitizer takes it says the same. */
    @Test
    void mutatedCapturesGetTheSameReportOrNoneFromEither() throws Exception {
        byte[] seed = HarBuilder.seed().json().getBytes(StandardCharsets.UTF_8);
        java.util.Random random = new java.util.Random(11);
        int compared = 0;
        for (int i = 0; i < 800; i++) {
            byte[] mutated = seed.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                String alphabet = "{}[]\",:0x\\\u00e9 ";
                mutated[random.nextInt(mutated.length)] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            TriageTap tap = triage.tap();
            try {
                SCRUB.sanitizeToFile(new ByteArrayInputStream(mutated), dir.resolve("m.har"), tap);
            } catch (SanitizeException refused) {
                assertNotNull(tap.finish(refused), "a refused file still gets what could be read");
                continue;
            }
            TriageReport tapped = tap.finish(null);
            assertNull(tap.failure());
            assertEquals(json(triage.analyze(new ByteArrayInputStream(mutated))), json(tapped),
                    new String(mutated, StandardCharsets.UTF_8));
            compared++;
        }
        assertTrue(compared > 50, compared + " mutated files were taken by the sanitizer");
    }

    /** Each situation of the labelled corpus, many times over so that the entries span several parallel batches. */
    private static HarBuilder situations() {
        HarBuilder har = HarBuilder.seed();
        for (int round = 0; round < 40; round++) {
            har.call("GET", "https://sso.example.com/login", 302)
                    .responseHeader("Location", "https://app.example.com/");
            har.call("GET", "https://app.example.com/", 302)
                    .responseHeader("Location", "https://sso.example.com/login");
            har.call("GET", "https://metrics.example.invalid/collect", 0).error("net::ERR_NAME_NOT_RESOLVED");
            har.call("GET", "https://api.example.com/v1/search?q=" + round, 429).responseHeader("Retry-After", "30")
                    .responseHeader("X-Our-Id", "our-" + round);
            har.call("OPTIONS", "https://api.other.example/v1/data", 403)
                    .requestHeader("Origin", "https://app.example.com")
                    .requestHeader("Access-Control-Request-Method", "PUT");
            har.call("GET", "https://api.example.com/v1/numbers/" + round, 200).timings(2, 0, 0, 1, 2800 + round, 40);
            har.call("POST", "https://api.example.com/v1/orders", 500)
                    .body("application/json", "{\"error\":{\"message\":\"upstream said 400: bad sku " + round
                            + "\"}}");
            har.call("GET", "https://static.example.com/app.js", 200).body("text/javascript", "x".repeat(70_000));
            // kept whole (a failed call's body under 64 KB): the batches to the collector are cut by size too
            har.call("GET", "https://api.example.com/v1/report/" + round, 503).body("text/plain",
                    "upstream unavailable " + round + " " + "y".repeat(60_000));
        }
        return har;
    }

    /** Triage shown the entries by a sanitizer with {@code workers} threads, which halves them for the two passes. */
    private TriageReport tapped(Triage t, byte[] har, int workers) throws Exception {
        TriageTap tap = t.tap();
        new HarSanitizer(SanitizerPolicy.defaults(), workers).sanitizeToFile(new ByteArrayInputStream(har),
                dir.resolve("sanitized-" + workers + ".har"), tap);
        return tap.finish(null);
    }

    /** The report as JSON, without the markers' keyed hashes (each scrub takes a fresh key). */
    private static String json(TriageReport report) throws Exception {
        return JSON.writeValueAsString(report).replaceAll("(\\[REDACTED:[a-z0-9-]+):[0-9a-f]{8}]", "$1]");
    }
}
