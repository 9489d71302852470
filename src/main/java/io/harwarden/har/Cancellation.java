package io.harwarden.har;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops a sanitize call from another thread (a time budget, a shutdown). Every pipe and queue between the call's
 * threads is woken and fails, so the call returns promptly with an {@link InterruptedIOException} and its helper
 * threads end. Threads are never interrupted: an interrupt would close a file channel the caller is still reading.
 */
public final class Cancellation {
    /** A part of a sanitize call that can be woken and failed from any thread. */
    @FunctionalInterface
    public interface Stoppable {
        void stop(String reason);
    }

    private final List<Stoppable> parts = new ArrayList<>();
    private String reason;

    /** Stops the call this was given to (and any later one); the first reason given is the one reported. */
    public void cancel(String why) {
        List<Stoppable> stopping;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            stopping = List.copyOf(parts);
            parts.clear();
        }
        stopping.forEach(p -> p.stop(why));
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Adds a part; a part added after the call was cancelled is stopped at once. */
    public void register(Stoppable part) {
        String why;
        synchronized (this) {
            why = reason;
            if (why == null) {
                parts.add(part);
                return;
            }
        }
        part.stop(why);
    }

    /** Throws if the call was cancelled; for loops that do not otherwise touch a pipe. */
    void check() throws InterruptedIOException {
        String why;
        synchronized (this) {
            why = reason;
        }
        if (why != null) {
            throw new InterruptedIOException(why);
        }
    }
}
