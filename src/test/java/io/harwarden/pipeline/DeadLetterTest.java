package io.harwarden.pipeline;

import static io.restassured.RestAssured.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A file that cannot be uploaded stays on its case untouched, is retried with backoff, and after the retry budget is
 * reported (dead-letter channel, log, metric) and left alone until its retry time; the other files go on.
 */
@QuarkusTest
@TestProfile(DeadLetterTest.RefusingStore.class)
class DeadLetterTest {
    /** The faulty store, one retry, short delays, and a retry time far beyond the test. */
    public static class RefusingStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            forgetEarlierRuns();
            return Map.of("harwarden.store.type", "faulty",
                    "harwarden.pipeline.retry-failed-after", "1h",
                    "io.harwarden.pipeline.RetryingProcessor/process/Retry/maxRetries", "1",
                    "io.harwarden.pipeline.RetryingProcessor/process/Retry/delay", "10",
                    "io.harwarden.pipeline.RetryingProcessor/process/Retry/jitter", "0");
        }
    }

    /**
     * Stuck files left by an earlier run in the same target folder would be retried by this daemon too and keep its
     * workers busy past the test's wait; called before the daemon starts.
     */
    private static void forgetEarlierRuns() {
        try (Stream<Path> cases = Files.list(FaultyStoreFactory.ROOT)) {
            for (Path dir : cases.filter(d -> d.getFileName().toString().startsWith("refusing-")).toList()) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException first) {
            // no earlier run
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static void drop(Path dir, String name) throws Exception {
        try (InputStream in = DeadLetterTest.class.getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            Files.copy(in, dir.resolve(name));
        }
    }

    private static int refused(String caseId) {
        var n = FaultyStoreFactory.REFUSED.get(caseId);
        return n == null ? 0 : n.get();
    }

    @Test
    void aFileThatCannotBeUploadedIsReportedAndLeftAloneWhileOthersGoOn() throws Exception {
        List<String> deadLetterLines = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(DeadLetterLog.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                deadLetterLines.add(String.valueOf(record.getParameters() == null ? record.getMessage()
                        : String.format(record.getMessage(), record.getParameters())));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            Path refusing = Files.createDirectories(FaultyStoreFactory.ROOT.resolve("refusing-" + UUID.randomUUID()));
            Path fine = Files.createDirectories(FaultyStoreFactory.ROOT.resolve("fine-" + UUID.randomUUID()));
            drop(refusing, "stuck.har");
            drop(fine, "fine.har");

            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((deadLetterLines.stream().noneMatch(l -> l.contains(refusing.getFileName().toString()))
                    || files(fine).size() != 2) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(List.of("fine.har.pgp", "fine.sanitized.har"), files(fine), "the other file goes on");
            assertEquals(List.of("stuck.har"), files(refusing), "the stuck file stays as it was, and nothing else");
            String caseId = refusing.getFileName().toString();
            assertEquals(2, refused(caseId), "one try and one retry");
            List<String> ours = deadLetterLines.stream().filter(l -> l.contains(caseId)).toList();
            assertEquals(1, ours.size(), deadLetterLines.toString());
            assertTrue(ours.get(0).contains("stuck.har") && ours.get(0).contains("503"), ours.get(0));
            assertTrue(get("/q/metrics").asString().matches("(?s).*harwarden_files_failed_total [1-9].*"));

            Thread.sleep(1500); // several scans: parked until its retry time, so not tried again
            assertEquals(2, refused(caseId));
            assertEquals(List.of("stuck.har"), files(refusing));
        } finally {
            log.removeHandler(capture);
        }
    }
}
