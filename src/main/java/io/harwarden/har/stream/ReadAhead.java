package io.harwarden.har.stream;

import io.harwarden.har.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * Reads (and hashes) the source on its own thread, a few chunks ahead of the parser, so file I/O and SHA-256 run
 * beside the sanitizing instead of before it. Memory is bounded by the {@link Pipe} between the two threads. Whatever
 * stops the reader thread reaches the parser as the failure at the end of the pipe.
 */
public final class ReadAhead extends InputStream {
    private static final int CHUNK = 1 << 16;

    private final Pipe pipe = new Pipe();
    private final InputStream ahead = pipe.source();
    private final Thread reader;

    public ReadAhead(InputStream source, Cancellation cancellation) {
        reader = new Thread(() -> pump(source), "har-read-ahead");
        reader.setDaemon(true);
        reader.start();
        cancellation.register(pipe::cancel);
    }

    private void pump(InputStream source) {
        OutputStream sink = pipe.sink();
        try {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = source.readNBytes(buffer, 0, CHUNK)) > 0) {
                sink.write(buffer, 0, n);
            }
            sink.close();
        } catch (Throwable e) {
            try {
                pipe.fail(e instanceof IOException io ? io : new ParallelEntries.Failure(ParallelEntries.reason(e)));
            } catch (IOException stopping) {
                // the parser has gone (closed us), so nobody is waiting for this failure
            }
        }
    }

    @Override
    public int read() throws IOException {
        return ahead.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return ahead.read(b, off, len);
    }

    /**
     * Stops the reader thread and waits for it, so that when this returns nothing reads the source any more and the
     * caller may go on reading it; the source itself belongs to the caller. The thread is woken through the pipe,
     * never interrupted (an interrupt would close the source's channel).
     */
    @Override
    public void close() throws IOException {
        pipe.cancel("the read-ahead was closed");
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the read-ahead");
        }
    }
}
