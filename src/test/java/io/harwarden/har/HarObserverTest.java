package io.harwarden.har;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sanitizing pass shows an observer of the original: each entry once, its fields as captured. */
class HarObserverTest {
    private static final String BEARER =
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldC0xMjM0";

    @TempDir
    Path dir;

    @Test
    void theSanitizingPassShowsEachEntryOnceWithItsFieldsAsCaptured() throws Exception {
        String har = """
                {"log": {"creator": {"name": "Chrome", "version": "120"}, "pages": [{"id": "p1"}, {"id": "p2"}],
                 "entries": [
                  {"startedDateTime": "2025-01-01T00:00:00Z", "time": 12.5,
                   "request": {"method": "GET", "url": "https://api.example.com/a?token=abc123secretvalue",
                     "headers": [{"name": "Authorization", "value": "%s"}]},
                   "response": {"status": 401, "headers": [{"name": "WWW-Authenticate", "value": "Bearer"}],
                     "content": {"mimeType": "application/json", "text": "{\\"error\\": \\"expired\\"}"}},
                   "timings": {"blocked": 1, "wait": 30}},
                  "not an entry",
                  {"request": {"method": "POST", "url": "https://api.example.com/b"}, "_error": "net::ERR_FAILED"}
                 ]}}""".formatted(BEARER);
        Recorder recorder = new Recorder();
        Path out = dir.resolve("out.har");
        new HarSanitizer(SanitizerPolicy.defaults(), 1).sanitizeToFile(
                new ByteArrayInputStream(har.getBytes(StandardCharsets.UTF_8)), out, recorder);
        assertEquals(List.of("creator Chrome 120", "page", "page",
                "start 0", "STARTED 2025-01-01T00:00:00Z", "TIME 12.5", "METHOD GET",
                "URL https://api.example.com/a?token=abc123secretvalue", "request Authorization " + BEARER,
                "STATUS 401", "response WWW-Authenticate Bearer",
                "content application/json false {\"error\": \"expired\"} true",
                "TIMINGS {", "BLOCKED 1", "WAIT 30", "end",
                "skipped 1",
                "start 2", "METHOD POST", "URL https://api.example.com/b", "ERROR net::ERR_FAILED", "end"),
                recorder.events, "the original's values, before any rule; the re-scan shows nothing");
        String sanitized = Files.readString(out);
        assertFalse(sanitized.contains("c2lnbmF0dXJlLXNlY3JldC0xMjM0"), "the copy is sanitized all the same");
        assertTrue(sanitized.contains("\"time\":12.5") && sanitized.contains("\"blocked\":1"), sanitized);
    }

    @Test
    void entriesWalkedOnSeveralThreadsAreEachShownOnceToTheirThreadsListener() throws Exception {
        ByteArrayOutputStream har = new ByteArrayOutputStream();
        int written = new HarGenerator(7, 1, s -> { }, k -> { }).write(har, 4_000_000, 300);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        HarObserver observer = () -> new Recorder() {
            private Thread owner;

            @Override
            public void start(int index) {
                owner = owner == null ? Thread.currentThread() : owner;
                assertEquals(owner, Thread.currentThread(), "a listener belongs to one walking thread");
                threads.add(owner);
                started.add(index);
            }
        };
        new HarSanitizer(SanitizerPolicy.defaults(), 8).sanitizeToFile(new ByteArrayInputStream(har.toByteArray()),
                dir.resolve("out.har"), observer);
        List<Integer> sorted = new ArrayList<>(started);
        Collections.sort(sorted);
        assertEquals(written, sorted.size(), "each entry once: the re-scan shows none");
        for (int i = 0; i < sorted.size(); i++) {
            assertEquals(i, sorted.get(i));
        }
        assertTrue(threads.size() > 1, "walked on several threads: " + threads);
    }

    /** Writes down what it is shown. */
    private static class Recorder implements HarObserver, HarObserver.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public Listener listener() {
            return this;
        }

        @Override
        public void creator(String name, String version) {
            events.add("creator " + name + " " + version);
        }

        @Override
        public void page() {
            events.add("page");
        }

        @Override
        public void start(int index) {
            events.add("start " + index);
        }

        @Override
        public void field(Field field, JsonParser p) throws IOException {
            events.add(field + " " + p.getText());
        }

        @Override
        public void skipped(int index) {
            events.add("skipped " + index);
        }

        @Override
        public void header(boolean response, String name, String value) {
            events.add((response ? "response " : "request ") + name + " " + value);
        }

        @Override
        public void content(String mimeType, boolean base64, String text, boolean hasText) {
            events.add("content " + mimeType + " " + base64 + " " + text + " " + hasText);
        }

        @Override
        public void end() {
            events.add("end");
        }
    }
}
