package io.harwarden.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/** Reports how much of the input has been read, at most twice a second, on one rewritten terminal line. */
final class Progress extends FilterInputStream {
    private static final long INTERVAL_NANOS = 500_000_000L;

    private final PrintStream err;
    private final long total;
    private final String verb;
    private long read;
    private long lastReport = System.nanoTime();
    private boolean reported;

    Progress(InputStream in, long total, String verb, PrintStream err) {
        super(in);
        this.total = total;
        this.verb = verb;
        this.err = err;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    private void advance(int n) {
        read += n;
        long now = System.nanoTime();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            reported = true;
            String of = total > 0 ? String.format(" of %d MB (%d%%)", total >> 20, read * 100 / total) : "";
            err.print("\r" + verb + ": " + (read >> 20) + " MB" + of + "   ");
            err.flush();
        }
    }

    /** Ends the progress line, if one was shown. */
    void finish() {
        if (reported) {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
    }
}
