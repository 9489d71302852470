package io.harwarden.pipeline;

import io.harwarden.TestDatabases;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * HAR Warden as a platform team runs it for scale-out, on one machine: real daemon processes (the built fast-jar, the
 * kafka profile) sharing a folder of cases, a PostgreSQL journal (zonky's server) and a Kafka broker (KRaft, in this
 * JVM). For the replica suite and the replica benchmark; needs {@code target/quarkus-app} (run after {@code package}).
 */
public final class ReplicaCluster implements AutoCloseable {
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    /** Partitions of the uploads topic: more than the replicas, so that a rebalance has something to move. */
    static final int PARTITIONS = 6;
    private static final Pattern FINISHED = Pattern.compile("finished \\S+ on case \\S+: DONE");
    /** The broker's own INFO lines would bury the test's output (held here: the log manager keeps loggers weakly). */
    private static final List<Logger> QUIET = Stream.of("kafka", "org.apache.kafka", "state.change.logger")
            .map(Logger::getLogger).toList();

    private final Path dir;
    private final Path cases;
    private final String jdbcUrl;
    private final EmbeddedKafkaBroker broker;
    private final List<Daemon> daemons = new ArrayList<>();

    private ReplicaCluster(Path dir, String jdbcUrl, EmbeddedKafkaBroker broker) throws IOException {
        this.dir = dir;
        this.cases = Files.createDirectories(dir.resolve("cases"));
        this.jdbcUrl = jdbcUrl;
        this.broker = broker;
    }

    /** A broker with the topics made, an empty database and an empty folder of cases under {@code dir} (emptied). */
    public static ReplicaCluster start(Path dir) throws IOException {
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        String jdbcUrl = TestDatabases.freshPostgresUrl();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true).start();
        try (KafkaCompanion companion = new KafkaCompanion(broker.getAdvertisedListeners())) {
            companion.topics().createAndWait("harwarden-uploads", PARTITIONS);
            companion.topics().createAndWait("harwarden-dead-letters", 1);
            companion.topics().createAndWait("harwarden-settled", 1);
        }
        return new ReplicaCluster(dir, jdbcUrl, broker);
    }

    public Path cases() {
        return cases;
    }

    /** A running daemon and its log. */
    public final class Daemon {
        private final String name;
        private final Process process;
        private final Path log;

        private Daemon(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        public String name() {
            return name;
        }

        /** What it logged so far. */
        public String log() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Files it took to the end (its log's "finished … DONE" lines). */
        public int finished() throws IOException {
            Matcher m = FINISHED.matcher(log());
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }

        /** {@code kill -9}: no shutdown hook, no lease given back, no offset committed. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        public boolean alive() {
            return process.isAlive();
        }

        /** Whether it holds a file in the middle of its steps now (spill files in its work folder). */
        public boolean midFile() throws IOException {
            Path work = dir.resolve("work-" + name);
            if (!Files.isDirectory(work)) {
                return false;
            }
            try (Stream<Path> spills = Files.list(work)) {
                return spills.findAny().isPresent();
            }
        }
    }

    /** Starts a replica named {@code name} and waits until it listens. */
    public Daemon launch(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        for (Map.Entry<String, String> setting : settings(name).entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemon daemon = new Daemon(name, process, log);
        daemons.add(daemon);
        Awaitility.await(name + " listening").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " ended at its start: " + daemon.log());
                    }
                    return daemon.log().contains("Listening on");
                });
        return daemon;
    }

    /** The settings a platform team would give each replica (here as system properties). */
    private Map<String, String> settings(String name) {
        return Map.ofEntries(
                Map.entry("quarkus.profile", "kafka"),
                Map.entry("kafka.bootstrap.servers", broker.getAdvertisedListeners()),
                Map.entry("quarkus.datasource.active", "false"),
                Map.entry("quarkus.datasource.postgresql.active", "true"),
                Map.entry("quarkus.datasource.postgresql.jdbc.url", jdbcUrl),
                Map.entry("quarkus.http.port", "0"),
                Map.entry("harwarden.store.filesystem.root", cases.toString()),
                Map.entry("harwarden.pipeline.work-dir", dir.resolve("work-" + name).toString()),
                Map.entry("harwarden.pipeline.instance", name),
                // the demo key, on purpose: these files are made up; a real deployment refuses it
                Map.entry("harwarden.pgp.allow-demo-key", "true"),
                Map.entry("harwarden.exceptions.users-file", dir.resolve("users-" + name + ".properties").toString()),
                Map.entry("harwarden.exceptions.first-run-admin", "false"),
                // short, so that a killed replica's work passes to the survivor within the test's patience
                Map.entry("harwarden.pipeline.time-budget", "20s"),
                Map.entry("harwarden.detect.leader-lease", "6s"),
                Map.entry("harwarden.detect.quiet-period", "300ms"),
                Map.entry("harwarden.detect.resume-interval", "10s"),
                Map.entry("mp.messaging.incoming.uploads-in.session.timeout.ms", "8000"),
                Map.entry("mp.messaging.incoming.uploads-in.heartbeat.interval.ms", "1000"));
    }

    /** Drops {@code perCase} copies of {@code har} on each of {@code caseCount} cases, as a customer's upload would. */
    public List<Path> drop(int caseCount, int perCase, byte[] har) throws IOException {
        List<Path> dropped = new ArrayList<>();
        for (int c = 0; c < caseCount; c++) {
            Path caseDir = Files.createDirectories(cases.resolve(String.format("CASE-%03d", c)));
            for (int f = 0; f < perCase; f++) {
                Path part = caseDir.resolve(".upload-" + f + ".tmp");
                Files.write(part, har);
                dropped.add(Files.move(part, caseDir.resolve(String.format("session-%03d.har", f))));
            }
        }
        return dropped;
    }

    /** Files whose note is on their case (each file's note names it once). */
    public int noted() throws IOException {
        int n = 0;
        try (Stream<Path> dirs = Files.list(cases)) {
            for (Path caseDir : dirs.toList()) {
                Path notes = caseDir.resolve(".harwarden/notes.md");
                if (Files.exists(notes)) {
                    n += count(Files.readString(notes), "HAR Warden processed");
                }
            }
        }
        return n;
    }

    static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    @Override
    public void close() throws InterruptedException {
        for (Daemon daemon : daemons) {
            if (daemon.alive()) {
                daemon.process.destroy(); // SIGTERM: a clean stop
                daemon.process.waitFor();
            }
        }
        broker.close();
    }
}
