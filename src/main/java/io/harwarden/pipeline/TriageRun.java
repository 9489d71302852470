package io.harwarden.pipeline;

import io.harwarden.har.stream.Pipe;
import io.harwarden.triage.Triage;
import io.harwarden.triage.TriageReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Triage of one file during its one read: a copy of the original's bytes goes through a bounded pipe to a thread
 * that reads them as the sanitizer does. The file never waits on triage for more than the pipe's few chunks, and a
 * triage that fails costs the note its triage section, nothing else.
 */
final class TriageRun implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TriageRun.class);
    /** How long the end of a read waits for triage to finish the last chunks. */
    private static final long FINISH_SECONDS = 30;
    /**
     * 4 MiB of the original in flight: on busy cores the triage thread is descheduled now and then, and a shallow pipe
     * would make the read (and the sanitizer behind it) wait for it.
     */
    private static final int DEPTH = 64;

    /** For a processor without triage: takes the bytes, reports nothing. */
    static final TriageRun NONE = new TriageRun();

    private final Pipe pipe;
    private final OutputStream sink;
    private final CompletableFuture<TriageReport> result = new CompletableFuture<>();
    private final String name;

    private TriageRun() {
        this.pipe = null;
        this.sink = OutputStream.nullOutputStream();
        this.name = "";
        result.complete(null);
    }

    private TriageRun(Triage triage, String name) {
        this.pipe = new Pipe(DEPTH);
        this.sink = pipe.sink();
        this.name = name;
        Thread thread = new Thread(() -> {
            try {
                result.complete(triage.analyze(pipe.source()));
            } catch (IOException | RuntimeException e) {
                result.complete(null);
                if (!(e instanceof java.io.InterruptedIOException)) {
                    LOG.infof("no triage for %s: %s", name, e.getMessage());
                }
            } finally {
                try {
                    pipe.drain(); // the read goes on whatever happened here
                } catch (IOException ended) {
                    // cancelled: the read has stopped too
                }
            }
        }, "harwarden-triage");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts triage of {@code name}, or {@link #NONE} when there is no triage. */
    static TriageRun start(Triage triage, String name) {
        return triage == null ? NONE : new TriageRun(triage, name);
    }

    /** Where the original's bytes go, in order, as they are read. */
    OutputStream sink() {
        return sink;
    }

    /** Ends the copy (the original was read whole) and returns the report, or null when triage could not make one. */
    TriageReport finish() {
        if (pipe == null) {
            return null;
        }
        try {
            sink.close();
            return result.get(FINISH_SECONDS, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            LOG.infof("no triage for %s: %s", name, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            pipe.cancel("finished");
        }
    }

    /** Stops triage of a read that did not end (a failure, a stop): both sides wake, nothing is reported. */
    @Override
    public void close() {
        if (pipe != null && !result.isDone()) {
            pipe.cancel("the read stopped");
        }
    }
}
