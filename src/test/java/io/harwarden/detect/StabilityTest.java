package io.harwarden.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StabilityTest {
    /** A clock the test moves by hand. */
    private final ManualClock clock = new ManualClock();
    private final Stability<String> stability = new Stability<>(clock, Duration.ofSeconds(2));
    private final Instant t0 = Instant.parse("2025-12-31T23:59:59Z");

    @Test
    void aFileStillBeingWrittenIsNotComplete() {
        assertFalse(stability.isComplete("a.har", 100, t0));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(stability.isComplete("a.har", 200, t0.plusSeconds(1)), "grew");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(stability.isComplete("a.har", 200, t0.plusSeconds(1)), "quiet for only one second");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(stability.isComplete("a.har", 200, t0.plusSeconds(1)), "quiet for two seconds");
    }

    @Test
    void aTouchedFileStartsOver() {
        stability.isComplete("a.har", 100, t0);
        clock.advance(Duration.ofSeconds(3));
        assertFalse(stability.isComplete("a.har", 100, t0.plusSeconds(3)));
        stability.forget("a.har");
        assertEquals(0, stability.tracked());
    }

    @Test
    void aZeroQuietPeriodAcceptsAtOnce() {
        assertTrue(new Stability<String>(clock, Duration.ZERO).isComplete("a.har", 1, t0));
    }
}
