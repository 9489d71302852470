package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.OnBothDatabases;
import io.harwarden.TestDatabases;
import io.harwarden.detect.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/** Job leases on both databases the daemon runs on: one holder at a time, taken over only once a lease ended. */
class JdbcJobLeasesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path dir;

    @OnBothDatabases
    void oneProcessHoldsAJobUntilItGivesItBack(String database) {
        DataSource ds = TestDatabases.fresh(database, dir);
        ManualClock clock = new ManualClock(NOW);
        JdbcJobLeases a = new JdbcJobLeases(ds, clock, "replica-a");
        JdbcJobLeases b = new JdbcJobLeases(ds, clock, "replica-b");
        assertTrue(a.take("job-1", NOW.plusSeconds(120)));
        assertFalse(b.take("job-1", NOW.plusSeconds(120)), "held by a");
        assertTrue(a.take("job-1", NOW.plusSeconds(180)), "a may take its own again");
        assertTrue(b.take("job-2", NOW.plusSeconds(120)), "another job is another lease");
        b.release("job-1");
        assertFalse(b.take("job-1", NOW.plusSeconds(120)), "b cannot give back what a holds");
        a.release("job-1");
        assertTrue(b.take("job-1", NOW.plusSeconds(120)));
    }

    @OnBothDatabases
    void theLeaseOfAProcessThatDiedEndsAtItsTime(String database) {
        DataSource ds = TestDatabases.fresh(database, dir);
        ManualClock clock = new ManualClock(NOW);
        JdbcJobLeases dead = new JdbcJobLeases(ds, clock, "killed");
        JdbcJobLeases survivor = new JdbcJobLeases(ds, clock, "survivor");
        assertTrue(dead.take("job-1", NOW.plusSeconds(60)));
        clock.advance(Duration.ofSeconds(59));
        assertFalse(survivor.take("job-1", NOW.plusSeconds(200)));
        clock.advance(Duration.ofSeconds(2));
        assertTrue(survivor.take("job-1", NOW.plusSeconds(200)), "past its time");
        dead.release("job-1");
        assertFalse(new JdbcJobLeases(ds, clock, "third").take("job-1", NOW.plusSeconds(200)), "still the survivor's");
    }

    @OnBothDatabases
    void manyProcessesRacingForANewJobLetExactlyOneHaveIt(String database) throws Exception {
        DataSource ds = TestDatabases.fresh(database, dir);
        ManualClock clock = new ManualClock(NOW);
        int racers = 8;
        for (int round = 0; round < 20; round++) {
            String job = "job-" + round;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<Boolean>> took = new ArrayList<>();
                for (int r = 0; r < racers; r++) {
                    JdbcJobLeases leases = new JdbcJobLeases(ds, clock, "replica-" + r);
                    took.add(pool.submit(() -> {
                        start.await();
                        return leases.take(job, NOW.plusSeconds(60));
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> f : took) {
                    winners += f.get() ? 1 : 0;
                }
                assertEquals(1, winners, job);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
