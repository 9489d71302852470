package io.harwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;
    private Path probe;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyProbe() throws Exception {
        probe = dir.resolve("in.har");
        try (InputStream in = getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            Files.copy(in, probe);
        }
    }

    private int run(InputStream stdin, String... args) {
        return Cli.run(args, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The temporary file beside OUT once took OUT's name and more: a name near the 255-byte limit could not work. */
    @Test
    void anOutputNameAtTheLengthLimitWorks() throws Exception {
        Path target = dir.resolve("é".repeat(125) + ".har"); // 254 bytes
        assertEquals(0, run("sanitize", probe.toString(), target.toString()), stderr());
        assertFalse(Files.readString(target).contains("S05xApiKeySecret"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "the input and the output, nothing else");
        }
    }

    @Test
    void helpAfterACommandPrintsTheUsageInsteadOfFailing() {
        for (String command : new String[] {"sanitize", "triage", "encrypt", "decrypt", "verify-audit", "add-user"}) {
            out.reset();
            assertEquals(0, run(command, "--help"), stderr());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(command + " "), out.toString(StandardCharsets.UTF_8));
        }
        assertEquals("", stderr());
    }

    /** picocli: one line per usage error, naming the command's help; a file named @x is a file, not a list. */
    @Test
    void usageErrorsAreOneLineAndAnAtFileIsAFile() throws Exception {
        assertEquals(2, run("sanitize", probe.toString()));
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().startsWith("harwarden: Missing required parameter: 'OUT.har' (sanitize --help for the "
                + "options)"), stderr());
        err.reset();
        assertEquals(2, run("sanitize", probe.toString(), "o.har", "--max-string-length", "lots"));
        assertTrue(stderr().contains("'lots' is not an int"), stderr());
        err.reset();
        Path at = Path.of("@cli-test-" + ProcessHandle.current().pid() + ".har"); // in the working folder: the name
        Files.copy(probe, at);                                                     // starts with @ as given
        try {
            assertEquals(0, run("sanitize", at.toString(), dir.resolve("o.har").toString()), stderr());
        } finally {
            Files.deleteIfExists(at);
        }
        out.reset();
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("triage"), "the commands are listed");
    }

    /** Reproduction from the hostile battery: seven bytes once hung the sanitizer for good. */
    @Test
    void sevenBytesOfClosingBracketsAreAOneLineErrorNotAHang() throws Exception {
        Path seven = dir.resolve("x.har");
        Files.writeString(seven, "]]\"a\":1");
        int exit = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> run("sanitize", seven.toString(), dir.resolve("o.har").toString()));
        assertEquals(2, exit);
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().startsWith("harwarden: cannot sanitize: not valid JSON"), stderr());
        assertFalse(Files.exists(dir.resolve("o.har")));
    }

    @Test
    void sanitizesAFileAndWritesTheReport() throws Exception {
        Path target = dir.resolve("out.har");
        Path report = dir.resolve("report.json");
        assertEquals(0, run("sanitize", probe.toString(), target.toString(), "--report", report.toString()));
        String sanitized = Files.readString(target);
        assertFalse(sanitized.contains("S05xApiKeySecret"));
        assertTrue(sanitized.contains("KEEPreqid-123"));
        String json = Files.readString(report);
        assertTrue(json.contains("\"entries\" : 7"), json);
        assertFalse(json.contains("S05xApiKeySecret"));
        assertTrue(stderr().contains("7 entries"), stderr());
    }

    @Test
    void stdinToStdout() throws Exception {
        assertEquals(0, run(Files.newInputStream(probe), "sanitize", "-", "-"));
        String sanitized = out.toString(StandardCharsets.UTF_8);
        assertTrue(sanitized.startsWith("{\"log\""), sanitized.substring(0, 20));
        assertFalse(sanitized.contains("S01opaqueBearerSecret"));
    }

    @Test
    void badInputExitsTwoWithOneLineAndNoOutputFile() throws Exception {
        Path bad = dir.resolve("bad.har");
        Files.writeString(bad, "{\"log\": {\"entries\": [ {\"request\": {\"headers\": [{\"value\": \"Bearer Tr0ub4dor");
        Path target = dir.resolve("never.har");
        assertEquals(2, run("sanitize", bad.toString(), target.toString(), "--report", dir.resolve("r.json").toString()));
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().startsWith("harwarden: cannot sanitize: the JSON ends before"), stderr());
        assertFalse(stderr().contains("Tr0ub4dor"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "only the two inputs remain");
        }
    }

    @Test
    void badInputOnStdinWritesNothingToStdout() {
        assertEquals(2, run(new ByteArrayInputStream("not json".getBytes(StandardCharsets.UTF_8)), "sanitize", "-", "-"));
        assertEquals(0, out.size());
    }

    @Test
    void missingFileAndUsageErrors() {
        assertEquals(2, run("sanitize", dir.resolve("nope.har").toString(), dir.resolve("o.har").toString()));
        assertTrue(stderr().contains("no such file"), stderr());
        assertEquals(2, run("sanitize", probe.toString()));
        assertEquals(2, run("sanitize", probe.toString(), "o.har", "--bogus"));
    }

    @Test
    void policyFileAddsNames() throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"redact\": {\"params\": [\"page\"]}, \"keep\": {\"headers\": [\"x-api-key\"]}}");
        Path target = dir.resolve("out.har");
        assertEquals(0, run("sanitize", probe.toString(), target.toString(), "--policy", policy.toString()));
        String sanitized = Files.readString(target);
        assertFalse(sanitized.contains("page=2"));
        assertTrue(sanitized.contains("S05xApiKeySecret"), "kept by policy");
        Files.writeString(policy, "{\"redact\": {\"params\": \"page\"}}");
        assertEquals(2, run("sanitize", probe.toString(), target.toString(), "--policy", policy.toString()));
        assertTrue(stderr().contains("must be an array"), stderr());
    }
}
