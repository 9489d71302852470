package io.harwarden.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Hands the entries of one file, in order, to its collector on a pool thread, in batches: the sanitizer's walking
 * thread, the one every file waits on, only builds them. At most a few batches of bounded size wait, so memory stays
 * bounded and a collector that falls behind holds the walker back a little instead of piling entries up.
 */
final class CollectorFeed {
    private static final int MAX_ENTRIES = 256;
    /** Characters of kept text (URLs, bodies, header values) per batch. */
    private static final long MAX_CHARS = 1 << 20;
    private static final int BATCHES_WAITING = 4;
    /** Threads come and go with the files; each file's batches run one after the other. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "harwarden-triage");
        t.setDaemon(true);
        return t;
    });

    private final TriageCollector collector;
    private final Semaphore room = new Semaphore(BATCHES_WAITING);
    private List<HarEntry> batch = new ArrayList<>();
    private long chars;
    /** The last batch handed over; each runs after the one before. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    /** Why the collector gave up, or null: then the rest is not collected. */
    private volatile String failure;

    CollectorFeed(TriageCollector collector) {
        this.collector = collector;
    }

    /** Takes the next entry in the file's order; from one thread at a time. */
    void add(HarEntry entry) {
        batch.add(entry);
        chars += size(entry);
        if (batch.size() >= MAX_ENTRIES || chars >= MAX_CHARS) {
            handOver();
        }
    }

    /** Waits until every entry taken has been collected; then the collector may be read on this thread. */
    void finish() {
        handOver();
        tail.join(); // never exceptional: collect keeps every failure to itself
    }

    String failure() {
        return failure;
    }

    private void handOver() {
        if (batch.isEmpty()) {
            return;
        }
        List<HarEntry> entries = batch;
        batch = new ArrayList<>();
        chars = 0;
        room.acquireUninterruptibly(); // the pool always works the waiting batches off: the wait ends
        tail = tail.thenRunAsync(() -> {
            try {
                collect(entries);
            } catch (Error e) { // a batch that ended exceptionally would leave the later ones unrun, the walker waiting
                failure = e.getClass().getSimpleName();
            } finally {
                room.release();
            }
        }, POOL);
    }

    private void collect(List<HarEntry> entries) {
        for (HarEntry entry : entries) {
            if (failure != null) {
                return;
            }
            try {
                collector.add(entry);
            } catch (RuntimeException e) { // triage's own fault costs the note its triage section, not the file
                failure = e.getClass().getSimpleName() + " at entry " + entry.index();
            }
        }
    }

    private static long size(HarEntry e) {
        long n = e.url().length() + (e.body() == null ? 0 : e.body().length());
        for (HarEntry.Header h : e.requestHeaders()) {
            n += h.value().length();
        }
        for (HarEntry.Header h : e.responseHeaders()) {
            n += h.value().length();
        }
        return n;
    }
}
