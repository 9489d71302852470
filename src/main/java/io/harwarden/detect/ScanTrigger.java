package io.harwarden.detect;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns change notifications into early scans: one at once, so that a new file's first observation (and so its
 * detection time) does not wait for the periodic scan, and one when {@code settle} has passed since the last change,
 * so that a finished upload is seen complete as soon as its quiet period is over. Bursts of changes coalesce.
 */
final class ScanTrigger implements Runnable {
    private final ScheduledExecutorService timer;
    private final Runnable scan;
    private final Duration settle;
    private ScheduledFuture<?> immediate;
    private ScheduledFuture<?> settled;

    ScanTrigger(ScheduledExecutorService timer, Runnable scan, Duration settle) {
        this.timer = timer;
        this.scan = scan;
        this.settle = settle;
    }

    /** Something changed. */
    @Override
    public synchronized void run() {
        if (immediate == null || immediate.isDone()) {
            immediate = timer.schedule(scan, 0, TimeUnit.MILLISECONDS);
        }
        if (settled != null) {
            settled.cancel(false);
        }
        settled = timer.schedule(scan, settle.toMillis(), TimeUnit.MILLISECONDS);
    }
}
