package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
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
        Thread.sleep(1000);
        assertEquals(2, Files.readString(notes).split("HAR Warden processed", -1).length - 1,
                "outputs are not processed again");
    }
}
