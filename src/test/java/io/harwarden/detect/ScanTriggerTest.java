package io.harwarden.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class ScanTriggerTest {
    @Test
    void aBurstOfChangesGivesAnEarlyScanAndOneScanAfterItSettles() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        List<Long> scans = new CopyOnWriteArrayList<>();
        try {
            ScanTrigger trigger = new ScanTrigger(timer, () -> scans.add(System.nanoTime()), Duration.ofMillis(1000));
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                trigger.run();
                Thread.sleep(50);
            }
            long lastChange = System.nanoTime() - 50_000_000L;
            Thread.sleep(2500);
            assertTrue(scans.get(0) - start < 800_000_000L, "an early scan right after the first change");
            long settled = scans.get(scans.size() - 1);
            assertTrue(settled - lastChange >= 950_000_000L, "the last scan waits for the quiet period after the burst");
            assertEquals(1, scans.stream().filter(t -> t - lastChange >= 950_000_000L).count(), "one settled scan");
            assertTrue(scans.size() <= 6, "changes coalesce: " + scans.size());
        } finally {
            timer.shutdownNow();
        }
    }
}
