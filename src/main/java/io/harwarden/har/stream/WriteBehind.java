package io.harwarden.har.stream;

import io.harwarden.har.Cancellation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Hashes and writes on its own thread, so that SHA-256 and file I/O run beside the sanitizing. {@link #flush()}
 * returns only when everything written so far has reached the sink, and reports any failure of the sink. Memory is
 * bounded by the queue: {@value #DEPTH} chunks of 64 KiB. The writer thread ends on a stop chunk, never on an
 * interrupt, which would close the sink's channel.
 */
public final class WriteBehind extends OutputStream {
    private static final int CHUNK = 1 << 16;
    private static final int DEPTH = 8;

    private record Chunk(byte[] bytes, int length, CountDownLatch flushed) {
    }

    private static final Chunk STOP = new Chunk(new byte[0], 0, null);

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread writer;
    private volatile IOException failure;
    private byte[] buffer = new byte[CHUNK];
    private int used;

    public WriteBehind(OutputStream sink, Cancellation cancellation) {
        writer = new Thread(() -> drain(sink), "har-write-behind");
        writer.setDaemon(true);
        writer.start();
        cancellation.register(this::cancel);
    }

    private void drain(OutputStream sink) {
        try {
            for (Chunk chunk = queue.take(); chunk != STOP; chunk = queue.take()) {
                if (failure == null && chunk.length() > 0) {
                    write(sink, chunk);
                }
                if (chunk.flushed() != null) {
                    if (failure == null) {
                        flush(sink);
                    }
                    chunk.flushed().countDown();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(OutputStream sink, Chunk chunk) {
        try {
            sink.write(chunk.bytes(), 0, chunk.length());
        } catch (Throwable e) {
            failure = asIOException(e);
        }
    }

    private void flush(OutputStream sink) {
        try {
            sink.flush();
        } catch (Throwable e) {
            failure = asIOException(e);
        }
    }

    private static IOException asIOException(Throwable e) {
        return e instanceof IOException io ? io : new ParallelEntries.Failure(ParallelEntries.reason(e));
    }

    /** Fails every later write and flush, and releases any flush waiting on chunks that will not be written now. */
    private void cancel(String reason) {
        if (failure == null) {
            failure = new InterruptedIOException(reason);
        }
        List<Chunk> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        for (Chunk chunk : dropped) {
            if (chunk == STOP) {
                queue.offer(STOP);
            } else if (chunk.flushed() != null) {
                chunk.flushed().countDown();
            }
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
        throwIfFailed();
    }

    private void handOver(CountDownLatch flushed) throws IOException {
        throwIfFailed();
        put(new Chunk(buffer, used, flushed));
        buffer = new byte[CHUNK];
        used = 0;
    }

    /**
     * Throws the sink's failure, a fresh exception each time: one instance thrown twice (by a write, then by close in
     * the same try-with-resources) cannot be added to itself as suppressed.
     */
    private void throwIfFailed() throws IOException {
        IOException f = failure;
        if (f == null) {
            return;
        }
        if (f instanceof ParallelEntries.Failure pf) {
            throw new ParallelEntries.Failure(pf.reason);
        }
        if (f instanceof InterruptedIOException) {
            throw new InterruptedIOException(f.getMessage());
        }
        throw new IOException(f.getMessage(), f);
    }

    private void put(Chunk chunk) throws InterruptedIOException {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    /** Flushes, then stops the writer thread and waits for it; the sink itself belongs to the caller. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            queue.clear(); // after a failure nothing more is written; the stop must find room
            put(STOP);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while stopping the writer");
            }
        }
    }
}
