package io.harwarden.har.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded in-memory pipe between two threads ({@value #DEPTH} chunks of at most {@value #CHUNK} bytes by default). The reading side calls
 * {@link #drain()} when it stops early, so that the writing side never blocks on a reader that has gone; the writing
 * side calls {@link #fail} instead of closing when its own source failed, and the reader gets that failure. Any
 * thread may {@link #cancel} the pipe: both sides wake and every later call fails, without interrupting anyone.
 */
public final class Pipe {
    private static final int DEPTH = 8;
    private static final int CHUNK = 1 << 16;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue;
    /** Whole chunks the reader has finished with, for the writer to fill again instead of allocating. */
    private final BlockingQueue<byte[]> spare;
    /** Set by the reading thread when it has taken the end; only that thread reads it. */
    private boolean ended;
    /** Why the writing side stopped, published to the reader by the end marker that follows it. */
    private volatile IOException failure;
    /** Why the pipe was cancelled, or null; once set, every put and take fails. */
    private volatile String cancelled;

    public Pipe() {
        this(DEPTH);
    }

    /** @param depth chunks the pipe holds: more lets a reader that is descheduled a while fall further behind */
    public Pipe(int depth) {
        queue = new ArrayBlockingQueue<>(depth);
        spare = new ArrayBlockingQueue<>(depth + 2);
    }

    /**
     * The writing side, buffered in chunks that are handed over whole (one copy per byte); {@code flush} hands over
     * what is buffered, {@code close} also ends the pipe. Take it once: each call has its own buffer.
     */
    public OutputStream sink() {
        return new OutputStream() {
            private byte[] chunk = newChunk();
            private int used;

            @Override
            public void write(int b) throws IOException {
                if (used == CHUNK) {
                    handOver();
                }
                chunk[used++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, CHUNK - used);
                    System.arraycopy(b, off, chunk, used, n);
                    used += n;
                    off += n;
                    len -= n;
                    if (used == CHUNK) {
                        handOver();
                    }
                }
            }

            @Override
            public void flush() throws IOException {
                if (used > 0) {
                    handOver();
                }
            }

            @Override
            public void close() throws IOException {
                flush();
                put(END);
            }

            private void handOver() throws IOException {
                if (used == CHUNK) {
                    put(chunk);
                    chunk = newChunk();
                } else {
                    put(java.util.Arrays.copyOf(chunk, used));
                }
                used = 0;
            }
        };
    }

    private byte[] newChunk() {
        byte[] recycled = spare.poll();
        return recycled != null ? recycled : new byte[CHUNK];
    }

    public InputStream source() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (current != END && position == current.length) {
                    if (current.length == CHUNK) {
                        spare.offer(current); // read to its end: the writer may fill it again
                    }
                    current = take();
                    position = 0;
                }
                if (current == END) {
                    ended = true;
                    if (failure != null) {
                        throw fresh(failure);
                    }
                    return -1;
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** A copy of the writer's failure for each read that meets it: an instance thrown twice cannot suppress itself. */
    private static IOException fresh(IOException failure) {
        if (failure instanceof ParallelEntries.Failure f) {
            return new ParallelEntries.Failure(f.reason);
        }
        return failure instanceof InterruptedIOException ? new InterruptedIOException(failure.getMessage())
                : new IOException(failure.getMessage(), failure);
    }

    /** Ends the pipe with a failure that the reader gets in place of the end of the stream. */
    public void fail(IOException cause) throws IOException {
        failure = cause;
        put(END);
    }

    /** Takes and discards everything up to the end, for a reader that stopped before it; a cancelled pipe has none. */
    public void drain() throws IOException {
        while (!ended && cancelled == null) {
            try {
                ended = take() == END; // the rest is discarded: the reader has its answer already
            } catch (InterruptedIOException stopped) {
                return;
            }
        }
    }

    /**
     * Wakes both sides from any thread and makes every later call on either side fail with an
     * {@link InterruptedIOException} carrying {@code reason}. Clearing the queue frees a writer blocked on a full pipe;
     * the end marker then wakes a reader blocked on an empty one.
     */
    public void cancel(String reason) {
        if (cancelled != null) {
            return;
        }
        cancelled = reason;
        queue.clear();
        spare.clear();
        queue.offer(END);
    }

    private void put(byte[] chunk) throws IOException {
        checkCancelled();
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to a pipe");
        }
        checkCancelled();
    }

    private byte[] take() throws IOException {
        checkCancelled();
        byte[] chunk;
        try {
            chunk = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading from a pipe");
        }
        checkCancelled();
        return chunk;
    }

    private void checkCancelled() throws InterruptedIOException {
        String reason = cancelled;
        if (reason != null) {
            throw new InterruptedIOException(reason);
        }
    }
}
