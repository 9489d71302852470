package io.harwarden.triage;

import com.fasterxml.jackson.core.JsonParser;
import io.harwarden.har.HarInputException;
import io.harwarden.har.HarObserver;
import io.harwarden.har.LeakDetectedException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Triage riding on the sanitizer's pass over the original ({@link io.harwarden.har.HarSanitizer#sanitizeToFile}):
 * the walker shows it each entry's fields as it parses them, so the file is parsed once for both, and the entries go
 * on to the collector on a thread of their own ({@link CollectorFeed}). Entries walked on several threads come back in
 * order: an entry that arrives before those ahead of it waits in a buffer, which the sanitizer's bounded batches in
 * flight keep small.
 */
public final class TriageTap implements HarObserver {
    private final KnownNames names;
    private final TriageCollector collector;
    private final CollectorFeed feed;
    /** Entries that arrived before the ones ahead of them; guarded by this. */
    private final Map<Integer, HarEntry> early = new HashMap<>();
    /** The index of the next entry the collector takes; guarded by this. */
    private int next;
    /** Entries the collector took; guarded by this. */
    private int entries;
    /** Why triage gave up (a fault of its own), or null; guarded by this. */
    private String failure;
    private volatile String creator = "";
    private volatile int pages;

    TriageTap(Triage.Options options, java.util.function.UnaryOperator<String> scrub, KnownNames names) {
        this.names = names;
        this.collector = new TriageCollector(options, scrub);
        this.feed = new CollectorFeed(collector);
    }

    @Override
    public Listener listener() {
        return new EntryListener();
    }

    /**
     * The report, once the sanitizer's pass has ended.
     *
     * @param stoppedBy why the pass ended early, or null when it read the whole file (a leak the re-scan found in the
     *        sanitized copy does not count: the original was read whole)
     * @return the report, or null when triage failed on its own (see {@link #failure}); the file's sanitizing never
     *         fails because of triage
     */
    public synchronized TriageReport finish(Exception stoppedBy) {
        feed.finish();
        failure = failure != null ? failure : feed.failure();
        if (failure != null) {
            return null;
        }
        String problem = stoppedBy == null || stoppedBy instanceof LeakDetectedException ? null
                : stoppedBy instanceof HarInputException bad ? why(bad.problem()) + " after entry " + entries
                : "the file could not be read whole after entry " + entries;
        try {
            return collector.report(new EntryStream.Capture(creator, pages, entries, problem));
        } catch (RuntimeException e) {
            failure = e.getClass().getSimpleName() + " while writing the report"; // its message might quote a value
            return null;
        }
    }

    /** Why {@link #finish} gave no report, or null. */
    public synchronized String failure() {
        return failure;
    }

    /** In the words of triage's own reader ({@link EntryStream}) where it would stop too. */
    private static String why(HarInputException.Problem problem) {
        return switch (problem) {
            case TRUNCATED -> "the file is cut short";
            case TOO_DEEP, STRING_TOO_LONG, NUMBER_TOO_LONG, NAME_TOO_LONG -> "a value is too large to read";
            case NOT_JSON -> "the file is not valid JSON";
            case EMPTY, NOT_HAR -> "the file is not a HAR";
            case BAD_BASE64 -> "a body declared base64 is not base64";
        };
    }

    private synchronized void arrived(int index, HarEntry entry) {
        if (index != next) {
            early.put(index, entry);
            return;
        }
        take(entry);
        for (HarEntry waiting; early.containsKey(next); ) {
            waiting = early.remove(next);
            take(waiting);
        }
    }

    /** Takes an entry, or passes over an item of {@code log.entries} that was not one (null). */
    private void take(HarEntry entry) {
        next++;
        if (entry != null) {
            entries++;
            feed.add(entry);
        }
    }

    /** One walking thread's view: builds the entry being walked. */
    private final class EntryListener implements Listener {
        private EntryBuilder e;

        @Override
        public void creator(String name, String version) {
            creator = EntryBuilder.creator(name, version);
        }

        @Override
        public void page() {
            pages++; // only the thread that walks the document calls this
        }

        @Override
        public void start(int index) {
            e = new EntryBuilder(index);
        }

        @Override
        public void field(Field field, JsonParser p) throws IOException {
            switch (field) {
                case STARTED -> e.started = EntryBuilder.text(p);
                case TIME -> e.time = EntryBuilder.number(p);
                case METHOD -> e.method = EntryBuilder.text(p);
                case URL -> e.url = EntryBuilder.text(p);
                case STATUS -> e.status(EntryBuilder.number(p));
                case ERROR -> e.error(EntryBuilder.text(p));
                case TIMINGS -> e.timings();
                default -> e.phase(field, EntryBuilder.number(p)); // the phases
            }
        }

        @Override
        public void skipped(int index) {
            arrived(index, null);
        }

        @Override
        public void header(boolean response, String name, String value) {
            String known = names.match(name);
            if (known != null) {
                e.header(response, known, value);
            }
        }

        @Override
        public void content(String mimeType, boolean base64, String text, boolean hasText) {
            e.mimeType = mimeType;
            if (hasText) {
                e.body(text, base64);
            }
        }

        @Override
        public void end() {
            arrived(e.index, e.build());
            e = null;
        }
    }
}
