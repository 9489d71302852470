package io.harwarden.har;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Hashes and writes on its own thread, so that SHA-256 and file I/O run beside the sanitizing. {@link #flush()}
 * returns only when everything written so far has reached the sink, and reports any failure of the sink. Memory is
 * bounded by the queue: {@value #DEPTH} chunks of 64 KiB.
 */
final class WriteBehind extends OutputStream {
    private static final int CHUNK = 1 << 16;
    private static final int DEPTH = 8;

    private record Chunk(byte[] bytes, int length, CountDownLatch flushed) {
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread writer;
    private volatile IOException failure;
    private byte[] buffer = new byte[CHUNK];
    private int used;

    WriteBehind(OutputStream sink) {
        writer = new Thread(() -> drain(sink), "har-write-behind");
        writer.setDaemon(true);
        writer.start();
    }

    private void drain(OutputStream sink) {
        try {
            while (true) {
                Chunk chunk = queue.take();
                if (failure == null && chunk.length() > 0) {
                    try {
                        sink.write(chunk.bytes(), 0, chunk.length());
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                if (chunk.flushed() != null) {
                    try {
                        if (failure == null) {
                            sink.flush();
                        }
                    } catch (IOException e) {
                        failure = e;
                    }
                    chunk.flushed().countDown();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (used == CHUNK) {
            handOver(null);
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == CHUNK) {
                handOver(null);
            }
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        CountDownLatch done = new CountDownLatch(1);
        handOver(done);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing");
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void handOver(CountDownLatch flushed) throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            queue.put(new Chunk(buffer, used, flushed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
        buffer = new byte[CHUNK];
        used = 0;
    }

    /** Flushes, then stops the writer thread; the sink itself belongs to the caller. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            writer.interrupt();
        }
    }
}
