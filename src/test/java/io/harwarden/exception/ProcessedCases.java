package io.harwarden.exception;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/** A case on the test daemon's folder store with the leak probe dropped on it and processed (note written). */
public final class ProcessedCases {
    public static final Path ROOT = Path.of("target/test-data/cases");

    private ProcessedCases() {
    }

    /** Drops the sample on a new case named {@code prefix-<uuid>} and waits for the daemon; returns the case folder. */
    public static Path processed(String prefix) throws Exception {
        Path dir = Files.createDirectories(ROOT.resolve(prefix + "-" + UUID.randomUUID()));
        try (InputStream in = ProcessedCases.class.getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            Files.copy(in, dir.resolve("session.har.part"));
        }
        Files.move(dir.resolve("session.har.part"), dir.resolve("session.har"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                Files.exists(dir.resolve(".harwarden/notes.md")) && !Files.exists(dir.resolve("session.har")));
        assertFalse(Files.exists(dir.resolve("session.har")), "the daemon processed the file");
        return dir;
    }
}
