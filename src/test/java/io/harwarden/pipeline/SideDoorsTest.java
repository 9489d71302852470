package io.harwarden.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * No secret leaves through a side door: with every logger at its most verbose, the daemon processes files full of
 * secrets (among them secrets used as keys, and bad files whose errors point at them), and afterwards no planted value
 * is in any log record, note, journal row or metric.
 */
@QuarkusTest
class SideDoorsTest {
    private static final Path ROOT = Path.of("target/test-data/cases");
    private static final List<String> SECRETS = List.of("S01opaqueBearerSecret", "SideDoorKeySecret77",
            "SideDoorTruncated88", "ghp_S1d3D00rT0k3nAsAKey0123456789abcdef", "SideDoorDuplicate99");

    @Inject
    DataSource dataSource;

    /** Everything every logger says, formatted as a handler would write it. */
    private static final class Capture extends Handler {
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            Object[] parameters = record.getParameters();
            StringBuilder line = new StringBuilder(String.valueOf(message));
            if (parameters != null) {
                for (Object p : parameters) {
                    line.append(' ').append(p);
                }
            }
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(' ').append(t);
            }
            lines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void noPlantedValueIsInALogLineANoteAJournalRowOrAMetric() throws Exception {
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        Path dir = Files.createDirectories(ROOT.resolve("SIDE-" + UUID.randomUUID()));
        try {
            try (InputStream in = getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
                Files.copy(in, dir.resolve("probe.har"));
            }
            Files.writeString(dir.resolve("key.har"), "{\"log\":{\"entries\":[{\"request\":{\""
                    + SECRETS.get(3) + "\":{\"SideDoorKeySecret77\":tru}}}]}}");
            Files.writeString(dir.resolve("cut.har"), "{\"log\":{\"entries\":[{\"request\":{\"headers\":[{\"name\":"
                    + "\"Authorization\",\"value\":\"Bearer SideDoorTruncated88");
            Files.writeString(dir.resolve("dup.har"), "{\"log\":{\"entries\":[{\"request\":{\"headers\":[{\"name\":"
                    + "\"X-Session-Token\",\"value\":\"a\",\"value\":\"SideDoorDuplicate99\"}]}}]}}");
            await().atMost(Duration.ofSeconds(60)).until(() -> notes(dir).split("HAR Warden processed", -1).length > 4);
        } finally {
            root.setLevel(before);
            root.removeHandler(capture);
        }
        List<String> places = new ArrayList<>(capture.lines);
        places.add(notes(dir));
        places.addAll(journalRows());
        places.add(io.restassured.RestAssured.get("/q/metrics").asString());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains(".sanitized.")).toList()) {
                places.add(Files.readString(f));
            }
        }
        assertTrue(capture.lines.size() > 100, "the loggers were verbose: " + capture.lines.size() + " records");
        for (String secret : SECRETS) {
            for (String place : places) {
                assertTrue(!place.contains(secret), secret + " is in: " + place.substring(0, Math.min(300,
                        place.length())));
            }
        }
    }

    private static String notes(Path dir) throws Exception {
        Path notes = dir.resolve(".harwarden/notes.md");
        return Files.exists(notes) ? Files.readString(notes, StandardCharsets.UTF_8) : "";
    }

    private List<String> journalRows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("harwarden_jobs", "harwarden_uploads", "harwarden_cursors")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }
}
