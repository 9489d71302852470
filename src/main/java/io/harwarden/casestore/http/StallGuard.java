package io.harwarden.casestore.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that fails when no byte arrives for the timeout. The JDK client's timeout ends with the response
 * headers, so without this a server that stops sending mid-body would hold a pipeline worker for ever. When it fires
 * it closes the body (the client then ends the stream as if it were complete) and the next read throws instead.
 */
public final class StallGuard extends FilterInputStream {
    private final long timeoutNanos;
    private final String system;
    private final String what;
    private final ScheduledFuture<?> watch;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;

    /** {@code system} names the case system in the failure ("Redmine stopped sending ..."). */
    public StallGuard(InputStream body, Duration timeout, String system, String what,
            ScheduledExecutorService watchdog) {
        super(body);
        this.system = system;
        this.timeoutNanos = timeout.toNanos();
        this.what = what;
        long period = Math.max(50, timeout.toMillis() / 4);
        this.watch = watchdog.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (System.nanoTime() - lastProgress > timeoutNanos) {
            stalled = true;
            watch.cancel(false);
            try {
                in.close();
            } catch (IOException e) {
                // closing is all that is wanted; the reader learns of the stall either way
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** After a stall the reader hears of the stall, not what the closed body says ("closed", or a quiet end). */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw stalled ? stall() : e;
        }
        if (stalled) {
            throw stall();
        }
        if (n > 0) {
            lastProgress = System.nanoTime();
        } else if (n < 0) {
            watch.cancel(false);
        }
        return n;
    }

    private IOException stall() {
        return new IOException(system + " stopped sending during " + what + " for more than "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
    }

    @Override
    public void close() throws IOException {
        watch.cancel(false);
        in.close();
    }
}
