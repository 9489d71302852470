package io.harwarden.casestore;

import java.time.Duration;
import java.time.Instant;

/** Where a polling store starts when asked for the changes since a time. */
public final class Lookback {
    private Lookback() {
    }

    /**
     * {@code now - lookback} for a scan from the beginning ({@link Instant#EPOCH}: the first start, a full scan), which
     * would otherwise ask a case system for all its history; any other time as it is, however old (after a long
     * outage the cursor is old, and what was uploaded meanwhile must still be found).
     */
    public static Instant start(Instant since, Instant now, Duration lookback) {
        return since.equals(Instant.EPOCH) ? now.minus(lookback) : since;
    }
}
