package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.har.stream.EntrySplitter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entries sanitized on worker threads give the same document, report and errors as the single-threaded walk. The
 * marker key is fixed so that two runs can be compared byte for byte.
 */
class ParallelEntriesTest {
    private static final Pattern MARKER = Pattern.compile("\\[REDACTED:([a-z-]+):[0-9a-f]{8}]");

    private record Run(String output, SanitizeReport report) {
    }

    private static Run sanitize(byte[] har, int workers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SanitizeReport report = new HarSanitizer(SanitizerPolicy.defaults(), workers, () -> new byte[32])
                .sanitize(new ByteArrayInputStream(har), out);
        return new Run(out.toString(StandardCharsets.UTF_8), report);
    }

    private static void assertSameAsSingleThreaded(byte[] har) throws Exception {
        Run single = sanitize(har, 1);
        for (int workers : new int[] {2, 3}) {
            Run parallel = sanitize(har, workers);
            assertSameText(single.output(), parallel.output(), workers + " workers");
            assertEquals(single.report().entries(), parallel.report().entries());
            assertEquals(single.report().redactions(), parallel.report().redactions());
            assertEquals(single.report().byCategory(), parallel.report().byCategory());
            assertEquals(single.report().byLocation(), parallel.report().byLocation());
            assertEquals(single.report().redactedNames(), parallel.report().redactedNames());
            assertEquals(single.report().inputSha256(), parallel.report().inputSha256());
        }
    }

    /** Equal texts, or a failure showing where they first differ (the documents are too long to print whole). */
    private static void assertSameText(String expected, String actual, String what) {
        int i = 0;
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        if (i < expected.length() || i < actual.length()) {
            int from = Math.max(0, i - 80);
            throw new AssertionError(what + ": differs at " + i + " of " + expected.length() + "/" + actual.length()
                    + "\nexpected …" + expected.substring(from, Math.min(expected.length(), i + 80))
                    + "\nactual   …" + actual.substring(from, Math.min(actual.length(), i + 80)));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8})
    void aGeneratedCorpusOfManyBatchesComesOutAsSingleThreaded(long seed) throws Exception {
        ByteArrayOutputStream har = new ByteArrayOutputStream();
        new HarGenerator(seed, 1, s -> { }, s -> { }).write(har, 3L * EntrySplitter.BATCH_BYTES, Integer.MAX_VALUE);
        assertSameAsSingleThreaded(har.toByteArray());
    }

    @Test
    void oddButValidDocumentsComeOutAsSingleThreaded() throws Exception {
        String entry = "{\"request\":{\"url\":\"https://x.test/?token=Abc123SecretValue9\",\"headers\":"
                + "[{\"name\":\"Authorization\",\"value\":\"Bearer Zyx987SecretValue1\"}]}}";
        List<String> documents = List.of(
                "{\"log\":{\"entries\":[]}}",
                "{\"log\":{\"entries\":[ ]}}",
                "{\"log\":{\"entries\":[" + entry + "]}}",
                "{\"log\":{\"entries\":[\"a string\", 42, null, [1,2], " + entry + "]}}",
                "{\"log\":{\"pages\":[{\"title\":\"x\"}],\"entries\":[" + entry + "],\"comment\":\"after\"},\"x\":1}",
                "{\"\\u006cog\":{\"entries\":[" + entry + "]},\"log\":{\"entries\":[" + entry + "]}}",
                "{\"log\":{\"entries\":[" + entry + "],\"entries\":[" + entry + "]}}",
                "{\"log\":{\"entries\":5,\"entries\":[" + entry + "]}}",
                "{\"other\":{\"entries\":[" + entry + "]},\"log\":{\"entri\\u0065s\":[" + entry + "],\"entries\":["
                        + entry + "]}}",
                "\n{ \"log\" : {\n \"entries\" : [\n  " + entry + " ,\n  " + entry + "\n ]\n }\n}\n",
                "{\"log\":{\"entries\":[{\"a\":\"quote \\\" and \\\\ and ] and } and , inside\"}]}}");
        for (String doc : documents) {
            assertSameAsSingleThreaded(doc.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void equalSecretsInDifferentBatchesGetEqualMarkers() throws Exception {
        String secretEntry = "{\"request\":{\"headers\":[{\"name\":\"Authorization\","
                + "\"value\":\"Bearer SameSecretEverywhere42\"}]}}";
        String padding = "{\"response\":{\"content\":{\"mimeType\":\"text/plain\",\"text\":\""
                + "x".repeat(EntrySplitter.BATCH_BYTES) + "\"}}}";
        String har = "{\"log\":{\"entries\":[" + secretEntry + "," + padding + "," + secretEntry + "]}}";
        Run run = sanitize(har.getBytes(StandardCharsets.UTF_8), 3);
        Matcher m = MARKER.matcher(run.output());
        List<String> markers = new ArrayList<>();
        while (m.find()) {
            markers.add(m.group());
        }
        assertEquals(2, markers.size(), run.output().length() + " chars");
        assertEquals(markers.get(0), markers.get(1));
        assertFalse(run.output().contains("SameSecretEverywhere42"));
    }

    @Test
    void aMediaBodyLongerThanTheStringLimitStillStreamsOnAWorker() throws Exception {
        String base64 = "QUJD".repeat(50_000);
        String har = "{\"log\":{\"entries\":[{\"response\":{\"content\":{\"mimeType\":\"image/png\","
                + "\"encoding\":\"base64\",\"text\":\"" + base64 + "\"}}}]}}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HarSanitizer(SanitizerPolicy.defaults().withLimits(10_000, 100), 2)
                .sanitize(new ByteArrayInputStream(har.getBytes(StandardCharsets.UTF_8)), out);
        assertEquals(har, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mediaBodiesOfAUtf16FilePassUnchangedThroughTheParser() throws Exception {
        String har = "{\"log\":{\"entries\":[{\"response\":{\"content\":{\"mimeType\":\"image/png\","
                + "\"encoding\":\"base64\",\"text\":\"iVBORw0KGgo=\"}}}]}}";
        byte[] utf16 = ("\uFEFF" + har).getBytes(StandardCharsets.UTF_16LE);
        for (int workers : new int[] {1, 2}) {
            assertEquals(har, sanitize(utf16, workers).output());
            byte[] bad = ("\uFEFF" + har.replace("iVBORw0KGgo=", "not*base64")).getBytes(StandardCharsets.UTF_16LE);
            assertEquals(HarInputException.Problem.BAD_BASE64,
                    assertThrows(HarInputException.class, () -> sanitize(bad, workers)).problem());
        }
    }

    @Test
    void mediaBodiesAreCopiedByteForByteWithTheirEscapes() throws Exception {
        String har = "{\"log\":{\"entries\":[{\"response\":{\"content\":{\"mimeType\":\"image/png\","
                + "\"text\":\"iVBOR\\/w0K\\u0047go\\\"=\",\"encoding\":\"base64\"}}}]}}";
        for (int workers : new int[] {1, 2}) {
            assertEquals(har, sanitize(har.getBytes(StandardCharsets.UTF_8), workers).output());
        }
    }

    /** Every kind of bad input fails with the same problem and the same message, place included. */
    @Test
    void badInputFailsExactlyAsSingleThreaded() throws Exception {
        String e = "{\"request\":{\"url\":\"https://x.test/\"}}";
        List<String> documents = List.of(
                "{\"log\":{\"entries\":[" + e + ",," + e + "]}}",
                "{\"log\":{\"entries\":[," + e + "]}}",
                "{\"log\":{\"entries\":[" + e + "," + e + ",]}}",
                "{\"log\":{\"entries\":[" + e + " " + e + "]}}",
                "{\"log\":{\"entries\":[" + e + "}]}}",
                "{\"log\":{\"entries\":[1 2]}}",
                "{\"log\":{\"entries\":[" + e + ",\n" + e + ",\n{\"request\":{\"url\":nope}}]}}",
                "{\"log\":{\"entries\":[" + e + ",\n{\"request\":{\"url\":\"https://x.test/\"]}]}}",
                "{\"log\":{\"entries\":[" + e + "," + e,
                "{\"log\":{\"entries\":[" + e + ",{\"request\":{\"url\":\"https://x",
                "{\"log\":{\"entries\":[" + e + "]}\n  oops}",
                "{\"log\":{\"entries\":[" + e + "\n]},\"x\":[1,}",
                "{\"log\":{\"entries\":[" + e + "]}} {}",
                "{\"log\":{\"entries\":[{\"response\":{\"content\":{\"mimeType\":\"image/png\",\"encoding\":\"base64\","
                        + "\"text\":\"not base64!\"}}}]}}",
                "{\"log\":{\"entries\":[" + "[".repeat(600) + "]".repeat(600) + "]}}");
        for (String doc : documents) {
            byte[] har = doc.getBytes(StandardCharsets.UTF_8);
            HarInputException single = assertThrows(HarInputException.class, () -> sanitize(har, 1), doc);
            for (int workers : new int[] {2, 3}) {
                HarInputException parallel = assertThrows(HarInputException.class, () -> sanitize(har, workers), doc);
                assertEquals(single.problem(), parallel.problem(), doc);
                assertEquals(lineAndColumn(single.getMessage()), lineAndColumn(parallel.getMessage()), doc);
                // The same JSON pointer. The single walker may count an entry it has not started ("entry 0
                // (/log/entries/1)"), and at a truncation after a whole entry it names the entry where the parallel
                // walk names the array, so the parallel pointer may be a prefix of the single one.
                String expected = pointer(single.where());
                String actual = pointer(parallel.where());
                assertTrue(java.util.Objects.equals(expected, actual)
                        || expected != null && actual != null && expected.startsWith(actual + "/"), doc + ": " + actual);
            }
        }
    }

    @Test
    void noThreadOutlivesAFailedFile() {
        String e = "{\"request\":{\"url\":\"https://x.test/\"}}";
        byte[] har = ("{\"log\":{\"entries\":[" + (e + ",").repeat(20_000) + "{\"request\":nope}]}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(HarInputException.class, () -> sanitize(har, 3));
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("har-entries-") || t.getName().equals("har-split")));
    }

    @Test
    void aFileCutAfterACommaBetweenEntriesIsTruncated() {
        String e = "{\"request\":{\"url\":\"https://x.test/\"}}";
        byte[] har = ("{\"log\":{\"entries\":[" + e + "," + e + ",").getBytes(StandardCharsets.UTF_8);
        HarInputException parallel = assertThrows(HarInputException.class, () -> sanitize(har, 2));
        assertEquals(HarInputException.Problem.TRUNCATED, parallel.problem()); // Jackson alone calls it "not JSON"
    }

    private static String pointer(String where) {
        return where == null ? null : where.replaceFirst("^entry \\d+ \\((.*)\\)$", "$1");
    }

    private static String lineAndColumn(String message) {
        Matcher m = Pattern.compile("line \\d+, column \\d+").matcher(message);
        return m.find() ? m.group() : "";
    }

    @Test
    void aLeakFoundByTheRescanNamesTheEntryOnAWorker() {
        String har = "{\"log\":{\"entries\":[{},{\"request\":{\"headers\":[{\"name\":\"Authorization\","
                + "\"value\":\"Bearer StillHereSecret77\"}]}}]}}";
        LeakDetectedException e = assertThrows(LeakDetectedException.class, () -> new HarSanitizer(
                SanitizerPolicy.defaults(), 2).verifyClean(new ByteArrayInputStream(har.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.where().startsWith("entry 1 (/log/entries/1/request/headers"), e.where());
        assertFalse(e.getMessage().contains("StillHereSecret77"));
    }
}
