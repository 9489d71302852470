package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.restassured.RestAssured.get;

import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The daemon itself: a file dropped into a case folder of the configured root is processed, unattended. */
@QuarkusTest
class EndToEndTest {
    private static final Path ROOT = Path.of("target/test-data/cases");

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static void awaitFiles(Path dir, List<String> expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!files(dir).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(expected, files(dir));
    }

    @Test
    void harFilesDroppedIntoACaseFolderEndSanitizedEncryptedAndNoted() throws Exception {
        Path dir = Files.createDirectories(ROOT.resolve("E2E-" + UUID.randomUUID()));
        Path partial = dir.resolve("probe.har.part");
        try (InputStream in = getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            Files.copy(in, partial);
        }
        Files.move(partial, dir.resolve("probe.har"));
        try (InputStream in = getClass().getResourceAsStream("/har-samples/firefox118-login-auth-cookies.har")) {
            Files.copy(in, dir.resolve("renamed export.json"));
        }
        Files.writeString(dir.resolve("screenshot notes.txt"), "not a HAR, left alone");

        awaitFiles(dir, List.of("probe.har.pgp", "probe.sanitized.har", "renamed export.json.pgp",
                "renamed export.sanitized.json", "screenshot notes.txt"));
        String sanitized = Files.readString(dir.resolve("probe.sanitized.har"));
        assertFalse(sanitized.contains("S01opaqueBearerSecret"));
        assertFalse(Files.readString(dir.resolve("renamed export.sanitized.json")).contains("pass1234"));
        Path notes = dir.resolve(".harwarden/notes.md");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(notes) || Files.readString(notes).split("HAR Warden processed", -1).length < 3)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String text = Files.readString(notes);
        assertEquals(2, text.split("HAR Warden processed", -1).length - 1, text);
        assertTrue(text.contains("HAR Warden processed probe.har"), text);
        assertTrue(text.contains("HAR Warden processed renamed export.json"), text);
        // triage: the export's failed sign-in, in support's columns, with the body's error text
        assertTrue(text.contains("Failed calls (1):"), text);
        assertTrue(text.contains("| `https://auth.company.com/login` | POST | 401 |  | Wrong email or password. |"), text);
        assertTrue(text.contains("- Capture: no call failed in this capture"), "the probe's note says what to ask for");
        Thread.sleep(1000);
        assertEquals(2, Files.readString(notes).split("HAR Warden processed", -1).length - 1,
                "outputs are not processed again");
        assertPipelineMetrics(get("/q/metrics").asString());
    }

    /** Figures for ops: files, redactions by category, bytes, step durations and detection-to-deletion time. */
    private static void assertPipelineMetrics(String metrics) {
        assertAtLeast(metrics, "harwarden_files_detected_total", 2);
        assertAtLeast(metrics, "harwarden_files_processed_total{result=\"sanitized\"}", 2);
        assertAtLeast(metrics, "harwarden_redactions_total{category=\"auth\"}", 1);
        assertAtLeast(metrics, "harwarden_bytes_total{kind=\"original\"}", 10_000);
        assertAtLeast(metrics, "harwarden_bytes_total{kind=\"encrypted\"}", 10_000);
        for (String step : List.of("read", "sanitized_uploaded", "encrypted_uploaded", "plaintext_deleted", "done")) {
            assertAtLeast(metrics, "harwarden_step_duration_seconds_count{step=\"" + step + "\"}", 2);
        }
        assertAtLeast(metrics, "harwarden_detection_to_deletion_seconds_count", 2);
        assertAtLeast(metrics, "harwarden_files_failed_total", 0); // there before any failure, for alerts
        assertTrue(metrics.contains("harwarden_detection_to_deletion_seconds{quantile=\"0.99\"}"), metrics);
    }

    private static void assertAtLeast(String metrics, String series, double min) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.E+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertTrue(m.find(), series + " missing");
        assertTrue(Double.parseDouble(m.group(1)) >= min, series + " = " + m.group(1));
    }
}
