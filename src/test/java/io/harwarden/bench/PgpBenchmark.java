package io.harwarden.bench;

import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.PgpDecryptor;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.SecretKeys;
import io.harwarden.pgp.RecipientKeys;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Encrypts one file with HAR Warden and with {@code gpg --encrypt} to the same key with matching settings (AES-256,
 * SEIPDv1, no compression, then ZLIB level 1), and prints MB/s, their ratio and HAR Warden's peak heap. Run with
 * {@code bench/run.sh}, which uses {@code -Xmx64m} for this part.
 */
public final class PgpBenchmark {
    private PgpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path key = Path.of(args.length > 1 ? args[1] : "keys-example/demo-public.asc");
        Path work = in.toAbsolutePath().getParent();
        double mb = Files.size(in) / 1e6;
        System.out.printf(Locale.ROOT, "%nOpenPGP encryption of %s (%.1f MB), max heap %d MB%n", in.getFileName(), mb,
                Runtime.getRuntime().maxMemory() >> 20);
        Path home = Files.createTempDirectory("hw-bench-gpg");
        try {
            run(home, List.of("--import", key.toString()));
            String fingerprint = RecipientKeys.load(key).get(0).fingerprint();
            for (int level : new int[] {0, 1}) {
                encrypt(in, work.resolve("bench.pgp"), key, 0 == level ? 0 : level); // warm-up
                resetPeaks();
                double ours = encrypt(in, work.resolve("bench.pgp"), key, level);
                long heap = peakHeap();
                double theirs = gpg(home, in, work.resolve("bench.gpg"), fingerprint, level);
                String label = level == 0 ? "no compression" : "ZLIB level " + level;
                System.out.printf(Locale.ROOT, "  %-16s HAR Warden %7.1f MB/s (peak heap %d MB)   gpg %7.1f MB/s"
                        + "   ratio %.2f%n", label, mb / ours, heap >> 20, mb / theirs, theirs / ours);
            }
            System.out.println("  goal: ratio >= 0.7 without compression, constant memory");
            encrypt(in, work.resolve("bench.pgp"), key, 0);
            resetPeaks();
            double back = decrypt(work.resolve("bench.pgp"), key.resolveSibling("demo-secret.asc"),
                    key.resolveSibling("demo-passphrase.txt"));
            System.out.printf(Locale.ROOT, "  decryption       HAR Warden %7.1f MB/s (peak heap %d MB)%n", mb / back,
                    peakHeap() >> 20);
        } finally {
            Files.deleteIfExists(work.resolve("bench.pgp"));
            Files.deleteIfExists(work.resolve("bench.gpg"));
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all").start().waitFor();
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double encrypt(Path in, Path out, Path key, int level) throws Exception {
        PgpEncryptor encryptor = new PgpEncryptor(RecipientKeys.load(key), new EncryptionOptions(false, level, false));
        long start = System.nanoTime();
        try (InputStream is = new BufferedInputStream(Files.newInputStream(in), 1 << 16);
                OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            encryptor.encrypt(is, os, in.getFileName().toString(), Instant.now());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double decrypt(Path in, Path secretKey, Path passphraseFile) throws Exception {
        char[] passphrase = Files.readString(passphraseFile).strip().toCharArray();
        long start = System.nanoTime();
        try (SecretKeys keys = SecretKeys.load(secretKey, passphrase);
                InputStream is = new BufferedInputStream(Files.newInputStream(in), 1 << 16)) {
            new PgpDecryptor(keys).decrypt(is, OutputStream.nullOutputStream());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double gpg(Path home, Path in, Path out, String fingerprint, int level) throws Exception {
        List<String> args = new ArrayList<>(List.of("--trust-model", "always", "--cipher-algo", "AES256",
                "--compress-algo", level == 0 ? "none" : "zlib", "-z", String.valueOf(level), "--recipient",
                fingerprint, "--output", out.toString(), "--encrypt", in.toString()));
        long start = System.nanoTime();
        run(home, args);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void run(Path home, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--yes", "-q"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("gpg failed: " + String.join(" ", args));
        }
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
