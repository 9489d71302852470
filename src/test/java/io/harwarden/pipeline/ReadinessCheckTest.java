package io.harwarden.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import io.harwarden.detect.ManualClock;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.RecipientKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness goes down, with its reason, when the pipeline stalls, and comes back when it moves again. */
class ReadinessCheckTest {
    @TempDir
    Path root;

    private final AtomicReference<Optional<Instant>> oldest = new AtomicReference<>(Optional.empty());

    private ReadinessCheck check(Watchdog watchdog, Clock clock) throws Exception {
        return new ReadinessCheck(new FilesystemCaseStore(root), new PgpEncryptor(RecipientKeys.load(
                Path.of("keys-example/demo-public.asc")), EncryptionOptions.DEFAULT), watchdog, oldest::get, 2,
                Duration.ofMinutes(30), clock);
    }

    @Test
    void everyWorkerHeldPastItsBudgetIsAStall() throws Exception {
        Watchdog watchdog = new Watchdog(new Watchdog.Budget(Duration.ofMillis(50), Duration.ZERO),
                Duration.ofMinutes(1), Clock.systemUTC());
        ReadinessCheck check = check(watchdog, Clock.systemUTC());
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        Watchdog.Watch one = watchdog.start("a.har on case 1", 10);
        Watchdog.Watch two = watchdog.start("b.har on case 1", 10); // neither comes back: stuck where no stop reaches
        await().atMost(Duration.ofSeconds(10)).until(() -> watchdog.overBudget() == 2);
        HealthCheckResponse down = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertTrue(down.getData().orElseThrow().get("reason").toString().contains("all 2 workers"), down.toString());
        one.close();
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus(), "one worker is free again");
        two.close();
        watchdog.close();
    }

    @Test
    void aFileWaitingLongerThanTheLimitIsAStall() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
        Watchdog watchdog = new Watchdog(new Watchdog.Budget(Duration.ofMinutes(2), Duration.ZERO),
                Duration.ofMinutes(1), clock);
        ReadinessCheck check = check(watchdog, clock);
        oldest.set(Optional.of(clock.instant()));
        clock.advance(Duration.ofMinutes(29));
        assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
        clock.advance(Duration.ofMinutes(2));
        HealthCheckResponse down = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertTrue(down.getData().orElseThrow().get("reason").toString().contains("31 minutes ago"), down.toString());
        watchdog.close();
    }
}
