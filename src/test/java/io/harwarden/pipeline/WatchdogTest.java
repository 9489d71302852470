package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harwarden.detect.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    @Test
    void theOldestFileInProgressIsTheAlertsFigure() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
        try (Watchdog watchdog = new Watchdog(new Watchdog.Budget(Duration.ofHours(1), Duration.ZERO),
                Duration.ofHours(1), clock)) {
            assertEquals(Duration.ZERO, watchdog.oldest(), "none in progress");
            Watchdog.Watch first = watchdog.start("first.har on case A", 10);
            clock.advance(Duration.ofSeconds(90));
            Watchdog.Watch second = watchdog.start("second.har on case B", 10);
            clock.advance(Duration.ofSeconds(30));
            assertEquals(2, watchdog.running());
            assertEquals(Duration.ofSeconds(120), watchdog.oldest());
            first.close();
            assertEquals(Duration.ofSeconds(30), watchdog.oldest());
            second.close();
            assertEquals(Duration.ZERO, watchdog.oldest());
        }
    }
}
