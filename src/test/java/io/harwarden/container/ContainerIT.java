package io.harwarden.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.bench.ApiSessionGenerator;
import io.harwarden.exception.ReleaseFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image, built by {@code deploy/container/build.sh} from this build's jar and run for real under podman with a
 * mounted data folder and a mounted key: a HAR dropped on a case from the host goes through the seven steps (sanitized
 * copy, encrypted copy that decrypts to the original, plaintext gone, note); health answers; the process is not root;
 * a SIGTERM in the middle of a large file stops it, and the next start finishes that file once. The image refuses to
 * start on the committed demo key. Skipped, saying so, without podman ({@code .ci/run} installs it).
 */
class ContainerIT {
    private static final Path WORK = Path.of("target/container-it");
    private static final String IMAGE = "localhost/harwarden:it";
    private static final String NAME = "harwarden-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static Path data;
    private static Path keys;
    private static int port;

    @BeforeAll
    static void image() throws Exception {
        Assumptions.assumeTrue(onPath("podman") && onPath("mmdebstrap"), "podman or mmdebstrap is not installed: "
                + "the container suite is skipped (apt-get install podman runc mmdebstrap; .ci/run does)");
        assertEquals(0, run(Duration.ofMinutes(15), "deploy/container/build.sh", IMAGE).exit(), "the image builds");
        deleteTree(WORK);
        data = Files.createDirectories(WORK.resolve("data"));
        keys = Files.createDirectories(WORK.resolve("keys"));
        Files.copy(ReleaseFixtures.resource("x25519-public.asc"), keys.resolve("recipients.asc"));
        // case folders made before the start, so that the volume's :U gives them to the container's user
        Files.createDirectories(data.resolve("cases/CASE-1"));
        Files.createDirectories(data.resolve("cases/CASE-2"));
        // a read-only root with a writable /tmp, as deploy/kubernetes runs it
        Result started = podman("run", "-d", "--name", NAME, "--no-healthcheck", "--read-only", "--tmpfs", "/tmp",
                "-p", "127.0.0.1::8080",
                "-v", data.toAbsolutePath() + ":/data:U", "-v", keys.toAbsolutePath() + ":/keys:ro",
                "-e", "HARWARDEN_DETECT_QUIET_PERIOD=500ms", "-e", "HARWARDEN_DETECT_SCAN_INTERVAL=500ms", IMAGE);
        assertEquals(0, started.exit(), started.output());
        port = publishedPort();
        awaitReady();
    }

    /** The host port podman chose (no port is assumed free). */
    private static int publishedPort() throws Exception {
        String mapped = podman("port", NAME, "8080/tcp").output().strip();
        return Integer.parseInt(mapped.substring(mapped.lastIndexOf(':') + 1));
    }

    @AfterAll
    static void remove() throws Exception {
        if (onPath("podman")) {
            podman("rm", "-f", NAME);
        }
    }

    @Test
    void aHarDroppedOnACaseGoesThroughTheSevenStepsAsANonRootProcess() throws Exception {
        Path dir = data.resolve("cases/CASE-1");
        byte[] original;
        try (InputStream in = ContainerIT.class.getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            original = in.readAllBytes();
        }
        drop(dir, "session.har", original);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve(".harwarden/notes.md"))
                && !Files.exists(dir.resolve("session.har")));
        assertEquals(List.of("session.har.pgp", "session.sanitized.har"), names(dir));
        assertArrayEquals(original, ReleaseFixtures.openAsRequester(Files.readAllBytes(dir.resolve("session.har.pgp"))),
                "the encrypted copy is the original, for the mounted key");
        String sanitized = Files.readString(dir.resolve("session.sanitized.har"));
        assertTrue(sanitized.contains("[REDACTED:"), "the sanitized copy is sanitized");
        assertTrue(Files.readString(dir.resolve(".harwarden/notes.md")).contains("session.har"));

        assertEquals(200, status("/q/health/live"));
        assertEquals(200, status("/q/health/ready"));
        assertFalse(podman("logs", NAME).output().contains("temporary key"), "no session key in the log");
        Result id = podman("exec", NAME, "id", "-u");
        assertEquals("1001", id.output().strip(), "the daemon is not root");
        Result top = podman("top", NAME, "user", "comm");
        assertTrue(top.output().lines().anyMatch(l -> l.contains("java") && !l.startsWith("root")), top.output());
    }

    @Test
    void aStopInTheMiddleOfALargeFileFinishesItOnceAtTheNextStart() throws Exception {
        Path dir = data.resolve("cases/CASE-2");
        Path big = WORK.resolve("big.har");
        try (OutputStream out = Files.newOutputStream(big)) {
            new ApiSessionGenerator(7).write(out, 150L << 20);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> names(data.resolve("work")).isEmpty());
        drop(dir, "large.har", Files.readAllBytes(big));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !names(data.resolve("work")).isEmpty());
        Result stopped = podman("stop", "-t", "30", NAME);
        assertTrue(Files.exists(dir.resolve("large.har")), "stopped in the middle of the file, its plaintext still "
                + "there");
        assertEquals(0, stopped.exit(), stopped.output());
        String exit = podman("inspect", NAME, "--format", "{{.State.ExitCode}}").output().strip();
        assertTrue(exit.equals("0") || exit.equals("143"), "a clean stop on SIGTERM, not a kill: " + exit);

        assertEquals(0, podman("start", NAME).exit());
        port = publishedPort(); // a new one at each start
        awaitReady();
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(dir.resolve(".harwarden/notes.md"))
                && !Files.exists(dir.resolve("large.har")));
        assertEquals(List.of("large.har.pgp", "large.sanitized.har"), names(dir), "one of each, nothing half-done");
        assertArrayEquals(Files.readAllBytes(big), ReleaseFixtures.openAsRequester(Files.readAllBytes(
                dir.resolve("large.har.pgp"))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> names(data.resolve("work")).isEmpty());
    }

    /** The image runs the tools too, and has a font for the triage PNG. */
    @Test
    void theImageRunsTheTriageCommandAndDrawsItsPng() throws Exception {
        Path tools = Files.createDirectories(WORK.resolve("tools"));
        Files.writeString(tools.resolve("capture.har"), io.harwarden.triage.HarBuilder.seed().json());
        Result triage = podman("run", "--rm", "-v", tools.toAbsolutePath() + ":/work:U", IMAGE, "triage",
                "/work/capture.har", "--png", "/work/capture.png", "--fail-on", "5xx");
        assertEquals(5, triage.exit(), triage.output());
        assertTrue(triage.output().contains("| PATCH | 502 |"), triage.output());
        byte[] png = Files.readAllBytes(tools.resolve("capture.png"));
        assertEquals(0x89, png[0] & 0xff, "a PNG");
        assertEquals('P', png[1]);
    }

    @Test
    void theImageDoesNotStartOnTheDemoKey() throws Exception {
        Path demoKeys = Files.createDirectories(WORK.resolve("demo-keys"));
        Files.copy(Path.of("keys-example/demo-public.asc"), demoKeys.resolve("recipients.asc"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path demoData = Files.createDirectories(WORK.resolve("demo-data"));
        Result refused = podman("run", "--rm", "-v", demoData.toAbsolutePath() + ":/data:U", "-v",
                demoKeys.toAbsolutePath() + ":/keys:ro", IMAGE);
        assertNotEquals(0, refused.exit());
        assertTrue(refused.output().contains("harwarden: cannot start: harwarden.pgp.recipients is the public DEMO key"),
                refused.output());
    }

    private static void drop(Path dir, String name, byte[] content) throws IOException {
        Path part = dir.resolve(name + ".part");
        Files.write(part, content);
        Files.move(part, dir.resolve(name));
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> status("/q/health/ready") == 200);
    }

    private static int status(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            return c.getResponseCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result podman(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                ". deploy/container/podman-env.sh && exec podman \"$@\"", "podman"));
        command.addAll(List.of(args));
        return run(Duration.ofMinutes(3), command.toArray(String[]::new));
    }

    /** Runs a command; its output goes to a file, so that a command that hangs cannot hang the test past its time. */
    private static Result run(Duration timeout, String... command) throws Exception {
        Path log = Files.createTempFile("container-it", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
