package io.harwarden.har.stream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes to two streams, the second after the first: the sanitized copy's file first, so it never waits on the
 * re-scan's pipe for long. Flushing flushes the first only (the pipe hands its chunks over as they fill).
 */
public final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    public Tee(OutputStream first, OutputStream second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
        first.write(b);
        second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        first.write(b, off, len);
        second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        first.flush();
    }
}
