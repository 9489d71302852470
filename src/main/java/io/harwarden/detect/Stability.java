package io.harwarden.detect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells when a file that is still being written has finished: it counts as complete once its size and modification
 * time have not changed for the quiet period. The JDK cannot tell whether another process still writes a file, so
 * this is the observable substitute. Not thread-safe: one detector owns one instance.
 */
public final class Stability<K> {
    private final Clock clock;
    private final Duration quietPeriod;
    private final Map<K, Seen> seen = new HashMap<>();

    private record Seen(long size, Instant modified, Instant since, Instant first) {
    }

    public Stability(Clock clock, Duration quietPeriod) {
        this.clock = clock;
        this.quietPeriod = quietPeriod;
    }

    /** Records an observation; true when the file has looked the same for the whole quiet period. */
    public boolean isComplete(K key, long size, Instant modified) {
        Instant now = clock.instant();
        Seen previous = seen.get(key);
        if (previous == null || previous.size() != size || !previous.modified().equals(modified)) {
            seen.put(key, new Seen(size, modified, now, previous == null ? now : previous.first()));
            return quietPeriod.isZero();
        }
        return !now.isBefore(previous.since().plus(quietPeriod));
    }

    /** When the file was first observed, or now for a file never observed. */
    public Instant firstSeen(K key) {
        Seen s = seen.get(key);
        return s == null ? clock.instant() : s.first();
    }

    /** Forgets a file (processed, or gone). */
    public void forget(K key) {
        seen.remove(key);
    }

    int tracked() {
        return seen.size();
    }
}
