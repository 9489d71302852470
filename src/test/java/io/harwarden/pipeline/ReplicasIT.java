package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two HAR Warden processes in one consumer group, on Kafka and PostgreSQL, sharing a folder of cases: every file is
 * processed exactly once (one sanitized copy, one encrypted copy, one note), also when one of them is killed with
 * {@code kill -9} in the middle of the batch. Runs after {@code package}, on the built jar.
 */
class ReplicasIT {
    private static final int CASES = 20;
    private static final int PER_CASE = 10;
    private static byte[] har;

    @BeforeAll
    static void jar() throws IOException {
        assumeTrue(Files.exists(ReplicaCluster.JAR), "the replica suite runs on the built jar: run it with `./mvnw "
                + "verify` (after package), not alone");
        try (InputStream in = ReplicasIT.class.getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            har = in.readAllBytes();
        }
    }

    @Test
    void twoInstancesInOneGroupProcessEachOf200FilesExactlyOnce() throws Exception {
        try (ReplicaCluster cluster = ReplicaCluster.start(Path.of("target/replicas-it/both"))) {
            ReplicaCluster.Daemon a = cluster.launch("replica-a");
            ReplicaCluster.Daemon b = cluster.launch("replica-b");
            cluster.drop(CASES, PER_CASE, har);
            awaitAll(cluster, Duration.ofMinutes(4));
            assertEachFileOnce(cluster);
            assertTrue(a.finished() > 0 && b.finished() > 0, "both replicas took a share: " + a.finished() + " and "
                    + b.finished());
            assertEquals(CASES * PER_CASE, a.finished() + b.finished(), "each file finished by one of them");
        }
    }

    @Test
    void oneInstanceKilledMidBatchLosesNothingAndTheSurvivorFinishesEveryFileOnce() throws Exception {
        try (ReplicaCluster cluster = ReplicaCluster.start(Path.of("target/replicas-it/kill"))) {
            ReplicaCluster.Daemon doomed = cluster.launch("replica-a");
            ReplicaCluster.Daemon survivor = cluster.launch("replica-b");
            cluster.drop(CASES, PER_CASE, har);
            Awaitility.await("the batch under way on both").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> doomed.finished() >= 10 && survivor.finished() >= 10 && doomed.midFile());
            doomed.kill();
            int noted = cluster.noted();
            assertTrue(noted < CASES * PER_CASE, "killed in the middle of the batch: " + noted + " done");

            awaitAll(cluster, Duration.ofMinutes(5));
            assertEachFileOnce(cluster);
            assertFalse(doomed.alive());
            assertTrue(survivor.finished() > 0);
        }
    }

    private static void awaitAll(ReplicaCluster cluster, Duration patience) {
        Awaitility.await("every file's note").atMost(patience).pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.noted() >= CASES * PER_CASE && plaintexts(cluster).isEmpty());
    }

    /** One sanitized copy, one encrypted copy and one note per file; no plaintext left; nothing else on the cases. */
    private static void assertEachFileOnce(ReplicaCluster cluster) throws IOException {
        assertEquals(CASES * PER_CASE, cluster.noted());
        for (int c = 0; c < CASES; c++) {
            Path caseDir = cluster.cases().resolve(String.format("CASE-%03d", c));
            List<String> expected = new ArrayList<>();
            String notes = Files.readString(caseDir.resolve(".harwarden/notes.md"));
            for (int f = 0; f < PER_CASE; f++) {
                String name = String.format("session-%03d", f);
                expected.add(name + ".har.pgp");
                expected.add(name + ".sanitized.har");
                assertEquals(1, ReplicaCluster.count(notes, "HAR Warden processed " + name + ".har ("),
                        "one note for " + caseDir.getFileName() + "/" + name);
            }
            assertEquals(expected.stream().sorted().toList(), names(caseDir), "on " + caseDir.getFileName());
        }
    }

    private static List<Path> plaintexts(ReplicaCluster cluster) throws IOException {
        try (Stream<Path> all = Files.walk(cluster.cases())) {
            return all.filter(p -> p.getFileName().toString().matches("session-\\d+\\.har")).toList();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
