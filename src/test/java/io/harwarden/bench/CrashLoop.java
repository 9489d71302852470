package io.harwarden.bench;

import io.harwarden.har.HarGenerator;
import io.harwarden.pgp.DemoKey;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The files and the final check of {@code bench/crash-loop.sh}. {@code drop ROOT N SEED} writes N HAR files into ten
 * cases (sizes from 2 KB to 2 MB, one in ten broken, names that repeat across cases) and records each one's SHA-256
 * in {@code ROOT/../expected.tsv}; {@code again ROOT} drops a second upload under the name of every fifth file that
 * is already processed; {@code big ROOT MB} drops one file of about MB megabytes; {@code pending ROOT} prints how many plaintext files are left; {@code check ROOT WORK} checks
 * that every file has exactly one encrypted copy that decrypts to it, one sanitized copy if it could be sanitized,
 * one note, that no plaintext is left, and that the work folder is empty. Prints one line per problem; exit 1 if any.
 */
public final class CrashLoop {
    private static final int CASES = 10;

    private CrashLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        switch (args[0]) {
            case "drop" -> drop(root, Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "again" -> again(root);
            case "big" -> big(root, Integer.parseInt(args[2]));
            case "pending" -> System.out.println(plaintexts(root).size());
            case "check" -> System.exit(check(root, Path.of(args[2])) ? 0 : 1);
            default -> throw new IllegalArgumentException("drop | again | pending | check");
        }
    }

    private static Path expected(Path root) {
        return root.toAbsolutePath().getParent().resolve("expected.tsv");
    }

    private static void drop(Path root, int files, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < files; i++) {
            Path dir = Files.createDirectories(root.resolve("CASE-" + (i % CASES)));
            String name = "host-" + (i / CASES) + ".example.com.har"; // the same names in every case
            byte[] content = content(random, i);
            write(dir.resolve(name), content);
            manifest.append(dir.getFileName()).append('\t').append(name).append('\t').append(sha256(content))
                    .append('\t').append(i % 10 == 9 ? "broken" : "har").append('\n');
        }
        Files.writeString(expected(root), manifest);
    }

    /** A second, different upload under the name of every fifth file already processed (its plaintext is gone). */
    private static void again(Path root) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(expected(root)));
        Random random = new Random(lines.size());
        int dropped = 0;
        for (int i = 0; i < lines.size(); i += 5) {
            String[] f = lines.get(i).split("\t");
            Path target = root.resolve(f[0]).resolve(f[1]);
            if (Files.exists(target) || f.length > 4) {
                continue;
            }
            byte[] content = content(random, i);
            write(target, content);
            lines.add(f[0] + '\t' + f[1] + '\t' + sha256(content) + '\t' + f[3] + "\tagain");
            dropped++;
        }
        Files.write(expected(root), lines);
        System.out.println(dropped);
    }

    /** One large file, for a stop in the middle of a file. */
    private static void big(Path root, int megabytes) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new BufferedOutputStream(out)) {
            new HarGenerator(7, 1, s -> { }, s -> { }).write(o, (long) megabytes << 20, 1_000_000);
        }
        byte[] content = out.toByteArray();
        Path target = Files.createDirectories(root.resolve("CASE-BIG")).resolve("big.example.com.har");
        write(target, content);
        Files.writeString(expected(root), "CASE-BIG\tbig.example.com.har\t" + sha256(content) + "\thar\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** Written beside the target, then moved in: a case system shows an upload only once it is whole. */
    private static void write(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".part");
        Files.write(temp, content);
        Files.move(temp, target);
    }

    private static byte[] content(Random random, int i) throws IOException {
        long size = 2_000L << random.nextInt(11); // 2 KB to 2 MB
        var out = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new BufferedOutputStream(out)) {
            new HarGenerator(random.nextLong(), 1, s -> { }, s -> { }).write(o, size, 10_000);
        }
        byte[] har = out.toByteArray();
        return i % 10 == 9 ? java.util.Arrays.copyOf(har, har.length / 2) : har; // cut short: not sanitizable
    }

    private static List<Path> plaintexts(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".har")
                    && !p.getFileName().toString().endsWith(".sanitized.har")
                    && !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static boolean check(Path root, Path work) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, List<String[]>> byCase = new HashMap<>();
        for (String line : Files.readAllLines(expected(root))) {
            String[] f = line.split("\t");
            byCase.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
        }
        for (Path left : plaintexts(root)) {
            problems.add("plaintext left: " + root.relativize(left));
        }
        int files = 0;
        for (var entry : byCase.entrySet()) {
            Path dir = root.resolve(entry.getKey());
            Map<String, Integer> decrypted = new HashMap<>();
            int sanitizedCopies = 0;
            try (Stream<Path> listed = Files.list(dir)) {
                for (Path p : listed.toList()) {
                    String name = p.getFileName().toString();
                    if (name.contains(".har.pgp")) {
                        try (InputStream in = Files.newInputStream(p)) {
                            decrypted.merge(sha256(DemoKey.decrypt(in)), 1, Integer::sum);
                        }
                    } else if (name.contains(".sanitized.har")) {
                        sanitizedCopies++;
                    } else if (name.startsWith(".") && !name.equals(".harwarden")) {
                        problems.add("stray file: " + root.relativize(p));
                    }
                }
            }
            String notes = Files.readString(dir.resolve(".harwarden/notes.md"), StandardCharsets.UTF_8);
            int expectedSanitized = 0;
            for (String[] f : entry.getValue()) {
                files++;
                int copies = decrypted.getOrDefault(f[2], 0);
                if (copies != 1) {
                    problems.add(copies + " encrypted copies of " + f[0] + "/" + f[1] + (f.length > 4 ? " (again)" : ""));
                }
                expectedSanitized += f[3].equals("har") ? 1 : 0;
            }
            if (sanitizedCopies != expectedSanitized) {
                problems.add(entry.getKey() + ": " + sanitizedCopies + " sanitized copies for " + expectedSanitized
                        + " sanitizable files");
            }
            int notesWritten = notes.split("HAR Warden processed", -1).length - 1;
            if (notesWritten != entry.getValue().size()) {
                problems.add(entry.getKey() + ": " + notesWritten + " notes for " + entry.getValue().size() + " files");
            }
        }
        try (Stream<Path> left = Files.list(work)) {
            left.forEach(p -> problems.add("left in the work folder: " + p.getFileName()));
        }
        problems.forEach(System.out::println);
        System.out.println(files + " files checked, " + problems.size() + " problems");
        return problems.isEmpty();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
