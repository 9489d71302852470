package io.harwarden.har;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads (and hashes) the source on its own thread, a few chunks ahead of the parser, so file I/O and SHA-256 run
 * beside the sanitizing instead of before it. Memory is bounded by the queue: {@value #DEPTH} chunks of 64 KiB.
 */
final class ReadAhead extends InputStream {
    private static final int CHUNK = 1 << 16;
    private static final int DEPTH = 8;

    private record Chunk(byte[] bytes, int length, IOException error) {
        static final Chunk END = new Chunk(new byte[0], -1, null);
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread reader;
    private Chunk current = new Chunk(new byte[0], 0, null);
    private int position;

    ReadAhead(InputStream source) {
        reader = new Thread(() -> pump(source), "har-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream source) {
        try {
            while (true) {
                byte[] buffer = new byte[CHUNK];
                int n = source.readNBytes(buffer, 0, CHUNK);
                if (n > 0) {
                    queue.put(new Chunk(buffer, n, null));
                }
                if (n < CHUNK) {
                    queue.put(Chunk.END);
                    return;
                }
            }
        } catch (IOException e) {
            offer(new Chunk(null, -1, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void offer(Chunk chunk) {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current.length() >= 0 && position == current.length()) {
            current = next();
            position = 0;
        }
        if (current.length() < 0) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    private Chunk next() throws IOException {
        try {
            Chunk chunk = queue.take();
            if (chunk.error() != null) {
                throw chunk.error();
            }
            if (chunk.length() < 0) {
                queue.put(Chunk.END); // later reads see the end again
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
    }

    /** Stops the reader thread; the source itself belongs to the caller. */
    @Override
    public void close() {
        reader.interrupt();
    }
}
