package io.harwarden.triage;

import io.harwarden.har.stream.Pipe;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Triage of one file during its one read: a copy of the original's bytes goes through a bounded pipe to a thread
 * that reads them as the sanitizer does. The file never waits on triage for more than the pipe's few chunks, and a
 * triage that fails costs the note its triage section, nothing else.
 */
public final class TriageRun implements AutoCloseable {
    /** How long the end of a read waits for triage to finish the last chunks. */
    private static final long FINISH_SECONDS = 30;
    /**
     * 4 MiB of the original in flight: on busy cores the triage thread is descheduled now and then, and a shallow pipe
     * would make the read (and the sanitizer behind it) wait for it.
     */
    private static final int DEPTH = 64;

    /** For a processor without triage: takes the bytes, reports nothing. */
    public static final TriageRun NONE = new TriageRun();

    private final Pipe pipe;
    private final OutputStream sink;
    private final CompletableFuture<TriageReport> result = new CompletableFuture<>();
    /** Why there is no report, once {@link #finish} returned null. */
    private volatile String failure;

    private TriageRun() {
        this.pipe = null;
        this.sink = OutputStream.nullOutputStream();
        result.complete(null);
    }

    private TriageRun(Triage triage) {
        this.pipe = new Pipe(DEPTH);
        this.sink = pipe.sink();
        Thread thread = new Thread(() -> {
            try {
                result.complete(triage.analyze(pipe.source()));
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage();
                result.complete(null);
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

    /** Starts triage of one original, or gives {@link #NONE} when there is no triage. */
    public static TriageRun start(Triage triage) {
        return triage == null ? NONE : new TriageRun(triage);
    }


    /** {@code in}, with every byte read from it also going to triage (for a reader that takes a stream). */
    public InputStream feeding(InputStream in) {
        if (pipe == null) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    sink.write(b);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    sink.write(b, off, n);
                }
                return n;
            }

            /** Reads instead of skipping: a skip would leave bytes out of triage's copy. */
            @Override
            public long skip(long n) throws IOException {
                return Math.max(0, read(new byte[(int) Math.min(Math.max(n, 0), 8192)]));
            }
        };
    }

    /** Ends the copy (the original was read whole) and returns the report, or null when triage could not make one. */
    public TriageReport finish() {
        if (pipe == null) {
            return null;
        }
        try {
            sink.close();
            return result.get(FINISH_SECONDS, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            pipe.cancel("finished");
        }
    }

    /** Why {@link #finish} gave no report (what triage or the wait for it said), or null. */
    public String failure() {
        return failure;
    }

    /** Stops triage of a read that did not end (a failure, a stop): both sides wake, nothing is reported. */
    @Override
    public void close() {
        if (pipe != null && !result.isDone()) {
            pipe.cancel("the read stopped");
        }
    }
}
