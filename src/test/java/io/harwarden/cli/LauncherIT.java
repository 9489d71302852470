package io.harwarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./harwarden} launcher, on the built jar (failsafe, after package): the README's way to run the tools. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("harwarden").toAbsolutePath();

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Path dir, List<String> command, String javaOpts) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("HARWARDEN_JAVA_OPTS");
        if (javaOpts != null) {
            builder.environment().put("HARWARDEN_JAVA_OPTS", javaOpts);
        }
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher finished");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void sanitizesThroughTheJarWithItsJitOptionsFromAnyDirectory(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.har");
        try (InputStream sample = getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            Files.copy(sample, in);
        }
        Run run = run(dir, List.of(LAUNCHER.toString(), "sanitize", "in.har", "out.har"), "-XX:+PrintFlagsFinal");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s*intx FreqInlineSize\\s+= 100\\s.*")), "flag");
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s*intx InlineSmallCode\\s+= 1000\\s.*")), "flag");
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s*bool UseParallelGC\\s+= true\\s.*")), "flag");
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s*intx Tier4InvocationThreshold\\s+= 15000\\s.*")),
                "flag");
        String sanitized = Files.readString(dir.resolve("out.har"), StandardCharsets.UTF_8);
        assertTrue(sanitized.contains("\"log\""));
        assertFalse(sanitized.equals(Files.readString(in, StandardCharsets.UTF_8)), "something was redacted");
    }

    @Test
    void optionsFromTheEnvironmentComeLastSoTheyWin(@TempDir Path dir) throws Exception {
        Run run = run(dir, List.of(LAUNCHER.toString(), "--version"),
                "-XX:+PrintFlagsFinal -XX:FreqInlineSize=200");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s*intx FreqInlineSize\\s+= 200\\s.*")), "flag");
    }

    @Test
    void withoutABuiltJarItSaysHowToBuildOneInOneLine(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("harwarden");
        Files.copy(LAUNCHER, copy, StandardCopyOption.COPY_ATTRIBUTES);
        Run run = run(dir, List.of(copy.toString(), "sanitize", "a.har", "b.har"), null);

        assertEquals(1, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("harwarden: no built jar at ") && run.err().contains("./mvnw -B package"),
                run.err());
        assertFalse(Files.exists(dir.resolve("b.har")));
    }
}
