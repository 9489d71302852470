package io.harwarden.bench;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import io.harwarden.detect.DetectConfig;
import io.harwarden.har.HarGenerator;
import io.harwarden.har.HarSanitizer;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pipeline.FileProcessor;
import io.harwarden.pipeline.JobJournal;
import io.harwarden.pipeline.PipelineEvents;
import io.harwarden.pipeline.Step;
import io.harwarden.pipeline.Watchdog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The daemon's benchmark, printed as figures (not a timed test; its name keeps it out of {@code ./mvnw verify}):
 *
 * <ol>
 * <li>one 100 MB HAR file through the seven steps on the filesystem store, against sanitizing it alone (with the
 * fail-closed re-scan, as the pipeline does) and encrypting it alone; goal: end to end within 1.3 times the slower
 * of the two, which the single read of the original makes possible;</li>
 * <li>1,000 HAR files of about 200 KB dropped into ten case folders of the running daemon: files per minute, and the
 * time from each file appearing to its plaintext being deleted (median and p99).</li>
 * </ol>
 *
 * Run with {@code bench/pipeline.sh}.
 */
@QuarkusTest
class PipelineBenchmark {
    private static final Path WORK = Path.of("bench-work");
    private static final Path WATCHED = Path.of("target/test-data/cases");

    @Inject
    HarSanitizer sanitizer;
    @Inject
    PgpEncryptor encryptor;
    @Inject
    JobJournal journal;
    @Inject
    DetectConfig detect;
    @ConfigProperty(name = "smallrye.messaging.worker.harwarden-pipeline.max-concurrency")
    int workers;

    @Test
    void run() throws Exception {
        System.out.printf(Locale.ROOT, "%nPipeline benchmark: JVM %s, max heap %d MB, %d cores%n",
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        oneLargeFile();
        if (!Boolean.getBoolean("harwarden.bench.large-only")) {
            manySmallFiles(1000, 0, "dropped at once");
            manySmallFiles(200, 50, "one every 50 ms, below capacity");
        }
    }

    private void oneLargeFile() throws Exception {
        Path har = generate(WORK.resolve("generated-100MB.har"), 100L << 20, 42);
        double mb = Files.size(har) / 1e6;
        Path scratch = Files.createDirectories(WORK.resolve("pipeline"));
        FilesystemCaseStore store = new FilesystemCaseStore(Files.createDirectories(scratch.resolve("cases")));
        Map<Step, Double> steps = new java.util.EnumMap<>(Step.class);
        PipelineEvents stepTimes = new PipelineEvents() {
            @Override
            public void stepFinished(Step step, java.time.Duration took) {
                steps.put(step, took.toNanos() / 1e9);
            }
        };
        FileProcessor processor = new FileProcessor(store, sanitizer, encryptor, journal, scratch.resolve("work"),
                Clock.systemUTC(), CaseNotes.Language.EN, "https://example.com/request", stepTimes,
                new Watchdog(new Watchdog.Budget(Duration.ofHours(1), Duration.ZERO), Duration.ofHours(1),
                        Clock.systemUTC()));
        Map<Step, Double> bestSteps = Map.of();
        Took sanitize = new Took(Double.MAX_VALUE, 0);
        Took encrypt = new Took(Double.MAX_VALUE, 0);
        Took endToEnd = new Took(Double.MAX_VALUE, 0);
        int rounds = Integer.getInteger("harwarden.bench.rounds", 5);
        for (int round = 0; round <= rounds; round++) { // the first round warms up; then the best, interleaved
            Took s = took(() -> {
                try (InputStream in = Files.newInputStream(har)) {
                    sanitizer.sanitizeToFile(in, scratch.resolve("sanitized.har"));
                }
            });
            Took e = took(() -> {
                try (InputStream in = Files.newInputStream(har);
                        OutputStream out = Files.newOutputStream(scratch.resolve("encrypted.pgp"))) {
                    encryptor.encrypt(in, out, har.getFileName().toString(), Instant.now());
                }
            });
            Path caseDir = Files.createDirectories(store.root().resolve("BENCH-" + UUID.randomUUID()));
            Files.copy(har, caseDir.resolve("large.har"));
            AttachmentRef original = store.attachments(new CaseId(caseDir.getFileName().toString())).get(0);
            Took p = took(() -> processor.process(original));
            deleteTree(caseDir);
            if (round > 0) {
                sanitize = s.wall() < sanitize.wall() ? s : sanitize;
                encrypt = e.wall() < encrypt.wall() ? e : encrypt;
                if (p.wall() < endToEnd.wall()) {
                    endToEnd = p;
                    bestSteps = Map.copyOf(steps);
                }
            }
        }
        double slower = Math.max(sanitize.wall(), encrypt.wall());
        System.out.printf(Locale.ROOT, "%n%s (%.1f MB), best of %d, %d sanitizer thread(s) per file:%n",
                har.getFileName(), mb, rounds, sanitizer.threads());
        print("sanitize alone (with re-scan)", sanitize, mb);
        print("encrypt alone", encrypt, mb);
        print("seven steps, filesystem store", endToEnd, mb);
        System.out.printf(Locale.ROOT, "  end to end / slower of the two: %.2f (goal <= 1.3)%n", endToEnd.wall() / slower);
        // with fewer cores than busy threads the work is summed, not overlapped: this is the floor the cores allow
        double floor = Math.max(slower, endToEnd.cpu() / Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  CPU-bound floor here (seven steps' CPU / %d cores): %.2f s, ratio %.2f%n",
                Runtime.getRuntime().availableProcessors(), floor, floor / slower);
        StringBuilder split = new StringBuilder("  its steps:");
        new java.util.TreeMap<>(bestSteps).forEach((step, t) -> split.append(String.format(Locale.ROOT, " %s %.2f s,",
                step.name().toLowerCase(Locale.ROOT), t)));
        System.out.println(split.substring(0, split.length() - 1));
    }

    private static void print(String what, Took took, double mb) {
        System.out.printf(Locale.ROOT, "  %-31s %6.2f s  %6.1f MB/s  CPU %5.2f s (%.1f cores busy)%n", what,
                took.wall(), mb / took.wall(), took.cpu(), took.cpu() / took.wall());
    }

    /** {@code count} files dropped {@code gapMillis} apart; prints files/min and appearing-to-deletion latency. */
    private void manySmallFiles(int count, long gapMillis, String how) throws Exception {
        Path source = Files.createDirectories(WORK.resolve("small"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(generate(source.resolve("small-" + i + ".har"), 200L << 10, 1000 + i));
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<Path, Long> dropped = new java.util.concurrent.ConcurrentHashMap<>();
        long start = System.nanoTime();
        Thread dropper = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    Path dir = Files.createDirectories(WATCHED.resolve("BENCH-" + run + "-" + (i % 10)));
                    Path target = dir.resolve("small-" + i + ".har");
                    Path part = dir.resolve("small-" + i + ".har.part");
                    Files.copy(files.get(i), part);
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE); // appears whole, as an upload does
                    dropped.put(target, System.nanoTime());
                    if (gapMillis > 0) {
                        Thread.sleep(gapMillis);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        dropper.start();
        double[] latencies = new double[count];
        int done = 0;
        long deadline = System.nanoTime() + 5L * 60 * 1_000_000_000L;
        while (done < count && System.nanoTime() < deadline) { // deletions are seen within 20 ms
            for (var it = dropped.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Path, Long> e = it.next();
                if (!Files.exists(e.getKey())) {
                    latencies[done++] = (System.nanoTime() - e.getValue()) / 1e9;
                    it.remove();
                }
            }
            Thread.sleep(20);
        }
        dropper.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies, 0, done);
        System.out.printf(Locale.ROOT, "%n%d HAR files of about %d KB (%.1f MB) in 10 cases, %s; %d files at once,"
                + " quiet period %d ms:%n", count, (bytes / count) >> 10, bytes / 1e6, how, workers,
                detect.quietPeriod().toMillis());
        System.out.printf(Locale.ROOT, "  %d of %d finished in %.1f s: %.0f files/min, %.1f MB/s%n", done, count,
                seconds, done / seconds * 60, bytes / 1e6 / seconds);
        if (done > 0) {
            System.out.printf(Locale.ROOT, "  appearing -> plaintext deleted: median %.2f s, p99 %.2f s, max %.2f s%n",
                    latencies[done / 2], latencies[Math.min(done - 1, (int) Math.ceil(done * 0.99) - 1)],
                    latencies[done - 1]);
        }
    }

    private static Path generate(Path file, long size, long seed) throws Exception {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                new HarGenerator(seed, 1, s -> { }, s -> { }).write(out, size, Integer.MAX_VALUE);
            }
            Files.move(part, file);
        }
        return file;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        return took(work).wall();
    }

    /** Wall time and the whole process's CPU time (all threads) of one piece of work, in seconds. */
    private record Took(double wall, double cpu) {
    }

    private static Took took(Work work) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        work.run();
        return new Took((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
    }
}
