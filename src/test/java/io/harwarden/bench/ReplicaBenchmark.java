package io.harwarden.bench;

import io.harwarden.pipeline.ReplicaCluster;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Files per minute through real daemons on Kafka and PostgreSQL (the replica suite's cluster): 1,000 small HAR files
 * (12.8 KB, secrets in every place) dropped on 50 cases, timed from the drop to the last note, with one replica and
 * with two. Run by {@code bench/replicas.sh} after {@code package}.
 */
public final class ReplicaBenchmark {
    private static final int CASES = 50;
    private static final int PER_CASE = 20;

    private ReplicaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        byte[] har;
        try (InputStream in = ReplicaBenchmark.class.getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            har = in.readAllBytes();
        }
        System.out.printf("%d files of %.1f KB on %d cases, %d CPUs%n", CASES * PER_CASE, har.length / 1024.0, CASES,
                Runtime.getRuntime().availableProcessors());
        for (int replicas = 1; replicas <= 2; replicas++) {
            Path dir = Path.of("target/replica-bench/" + replicas);
            try (ReplicaCluster cluster = ReplicaCluster.start(dir)) {
                for (int r = 0; r < replicas; r++) {
                    cluster.launch("replica-" + (char) ('a' + r));
                }
                long start = System.nanoTime();
                cluster.drop(CASES, PER_CASE, har);
                Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> cluster.noted() >= CASES * PER_CASE);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%d replica%s: %5.1f s, %6.0f files/min%n", replicas, replicas == 1 ? " " : "s",
                        seconds, CASES * PER_CASE / seconds * 60);
            }
        }
        System.exit(0); // the embedded PostgreSQL's shutdown hook ends it
    }

}
