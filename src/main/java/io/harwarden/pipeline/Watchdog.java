package io.harwarden.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Gives every file in progress a time budget that grows with its size. A file past its budget is stopped: the
 * actions its steps registered run (the sanitizer is cancelled, streams are closed), so its worker is freed and its
 * helper threads end; the file is then reported like any failing file and tried again later. A file slower than
 * {@code slowAfter} is logged once, in one line. Shutting down stops every file the same way.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Watchdog.class);

    /** A file's budget: {@code base} plus {@code perMib} for every MiB of it. */
    public record Budget(Duration base, Duration perMib) {
        Duration of(long bytes) {
            return base.plus(perMib.multipliedBy(Math.max(0, bytes) >> 20));
        }
    }

    private final Budget budget;
    private final Duration slowAfter;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "harwarden-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final Set<Watch> running = ConcurrentHashMap.newKeySet();

    public Watchdog(Budget budget, Duration slowAfter, Clock clock) {
        this.budget = budget;
        this.slowAfter = slowAfter;
        this.clock = clock;
    }

    /** Starts watching one attempt at a file of {@code bytes}; {@code what} names it in log lines (no content). */
    public Watch start(String what, long bytes) {
        Duration allowed = budget.of(bytes);
        Instant now = clock.instant();
        Watch watch = new Watch(what, allowed, now, now.plus(allowed));
        running.add(watch);
        watch.timers.add(timer.schedule(() -> watch.stop("over its time budget of " + seconds(allowed)),
                allowed.toMillis(), TimeUnit.MILLISECONDS));
        if (slowAfter.compareTo(allowed) < 0) {
            watch.timers.add(timer.schedule(() -> LOG.infof("still working on %s after %s (time budget %s)", what,
                    seconds(slowAfter), seconds(allowed)), slowAfter.toMillis(), TimeUnit.MILLISECONDS));
        }
        return watch;
    }

    /** Files whose budget has run out and whose worker has not come back: a stalled worker each. */
    public int overBudget() {
        Instant now = clock.instant();
        return (int) running.stream().filter(w -> !now.isBefore(w.deadline)).count();
    }

    /** How many files are being worked on now. */
    public int running() {
        return running.size();
    }

    /** How long the file worked on longest has been at it; zero when none is. */
    public Duration oldest() {
        Instant now = clock.instant();
        return running.stream().map(w -> Duration.between(w.started, now)).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /** Stops every file in progress (at shutdown: they resume at the next start). */
    public void stopAll(String why) {
        running.forEach(w -> w.stop(why));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    /** One attempt at one file; close it when the attempt ends, however it ends. */
    public final class Watch implements AutoCloseable {
        private final String what;
        private final Duration allowed;
        private final Instant started;
        private final Instant deadline;
        private final List<ScheduledFuture<?>> timers = new ArrayList<>(2);
        private final List<Runnable> onStop = new ArrayList<>();
        private String stopped;

        private Watch(String what, Duration allowed, Instant started, Instant deadline) {
            this.what = what;
            this.allowed = allowed;
            this.started = started;
            this.deadline = deadline;
        }

        /** Runs {@code action} if this attempt is stopped (at once if it has been already). */
        public void onStop(Runnable action) {
            synchronized (this) {
                if (stopped == null) {
                    onStop.add(action);
                    return;
                }
            }
            action.run();
        }

        /** Why this attempt was stopped, or null while it may go on. */
        public synchronized String stopped() {
            return stopped;
        }

        public Duration allowed() {
            return allowed;
        }

        void stop(String why) {
            List<Runnable> actions;
            synchronized (this) {
                if (stopped != null || !running.contains(this)) {
                    return;
                }
                stopped = why;
                actions = List.copyOf(onStop);
            }
            LOG.warnf("stopping work on %s: %s", what, why);
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.debugf("an action stopping %s failed: %s", what, e.getClass().getSimpleName());
                }
            }
        }

        @Override
        public void close() {
            running.remove(this);
            timers.forEach(t -> t.cancel(false));
        }
    }
}
