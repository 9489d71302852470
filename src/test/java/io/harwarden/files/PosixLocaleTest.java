package io.harwarden.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under a POSIX locale ({@code LC_ALL=C}, as in many containers) Java cannot turn a non-ASCII name into a path;
 * the CLI and the filesystem store must still handle such files. Each check runs in a JVM started with that locale.
 */
class PosixLocaleTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private static Run java(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends");
        return new Run(p.exitValue(), out);
    }

    /** A path with these raw name bytes, made the way a non-Java program would (whatever this JVM's locale). */
    private static Path raw(Path parent, String percentEncoded) {
        return Path.of(URI.create(parent.toUri().toString() + percentEncoded));
    }

    @Test
    void theCliSanitizesAFileWithANonAsciiName() throws Exception {
        Path in = raw(dir, "%E6%97%A5%E6%9C%AC%20caf%C3%A9.har"); // "日本 café.har"
        Files.writeString(in, "{\"log\":{\"entries\":[{\"request\":{\"headers\":[{\"name\":\"Authorization\","
                + "\"value\":\"Bearer LocaleSecret42\"}]}}]}}");
        Run run = java(dir, "io.harwarden.HarWardenMain", "sanitize", "日本 café.har", "出力.har");
        assertEquals(0, run.exit(), run.out());
        Path out = raw(dir, "%E5%87%BA%E5%8A%9B.har"); // "出力.har"
        assertTrue(Files.exists(out), run.out());
        assertTrue(!Files.readString(out).contains("LocaleSecret42"));
    }

    @Test
    void theFilesystemStoreHandlesNamesThatAreNotAsciiOrNotEvenUtf8() throws Exception {
        Path caseDir = Files.createDirectories(raw(dir, "CASE-%C3%A9"));
        Files.writeString(raw(caseDir, "r%C3%A9sum%C3%A9.har"), "one");
        Files.writeString(raw(caseDir, "latin1-%E9t%E9.har"), "two!"); // ISO-8859-1 bytes: not UTF-8
        Run run = java(dir, PosixLocaleProbe.class.getName(), dir.toString());
        assertEquals(0, run.exit(), run.out());
        assertEquals(2, run.out().lines().filter(l -> l.startsWith("handled")).count(), run.out());
        try (Stream<Path> left = Files.list(caseDir)) {
            List<String> names = left.map(p -> FileNames.encodedName(p)).sorted().toList();
            // the copy of the latin-1 file is named as its name reads in UTF-8, each stray byte a U+FFFD
            assertEquals(List.of(".harwarden", "latin1-%EF%BF%BDt%EF%BF%BD.har.copy", "r%C3%A9sum%C3%A9.har.copy"),
                    names, "both originals deleted, both copies written");
        }
    }
}
