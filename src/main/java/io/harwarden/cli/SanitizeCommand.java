package io.harwarden.cli;

import io.harwarden.files.FileNames;
import io.harwarden.har.HarInputException;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.LeakDetectedException;
import io.harwarden.har.PolicyFile;
import io.harwarden.har.SanitizeException;
import io.harwarden.har.SanitizeReport;
import io.harwarden.har.SanitizerPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code sanitize IN OUT [--report R.json] [--policy P.json] [--max-string-length N] [--strict] [--progress]}. */
final class SanitizeCommand {
    static final String USAGE = "sanitize IN.har OUT.har [--report R.json] [--policy P.json] "
            + "[--max-string-length N] [--strict] [--progress]   (IN or OUT may be - for stdin/stdout)";

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    SanitizeCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    void run(List<String> raw) throws Exception {
        Args args = Args.parse(raw, Set.of("--report", "--policy", "--max-string-length"), Set.of("--progress", "--strict"));
        if (args.positional().size() != 2) {
            throw new CliException(2, "usage: " + USAGE);
        }
        String in = args.positional().get(0);
        String out = args.positional().get(1);
        SanitizerPolicy policy = policy(args);
        HarSanitizer sanitizer = new HarSanitizer(args.flag("--strict") ? policy.withEntropy(true) : policy);
        boolean progress = args.flag("--progress") || System.console() != null && !in.equals("-");
        SanitizeReport report = out.equals("-") ? toStdout(sanitizer, in, progress)
                : toFile(sanitizer, in, FileNames.of(out), progress);
        String reportPath = args.option("--report");
        if (reportPath != null) {
            Files.createDirectories(FileNames.of(reportPath).toAbsolutePath().getParent());
            Outputs.publish(reportPath, stdout, o -> {
                o.write((report.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
                return null;
            });
        }
        stderr.println("sanitized " + report.entries() + " entries, " + report.redactions() + " values redacted");
    }

    private SanitizeReport toFile(HarSanitizer sanitizer, String in, Path out, boolean progress)
            throws CliException, IOException {
        try (InputStream input = open(in, progress)) {
            try {
                return sanitizer.sanitizeToFile(input, out);
            } finally {
                if (input instanceof Progress p) {
                    p.finish();
                }
            }
        } catch (SanitizeException e) {
            throw failure(e);
        }
    }

    /** Stdout cannot be taken back, so the sanitized copy goes to a temporary file first and is copied once clean. */
    private SanitizeReport toStdout(HarSanitizer sanitizer, String in, boolean progress)
            throws CliException, IOException {
        Path dir = Files.createTempDirectory("harwarden-sanitize");
        Path temp = dir.resolve("out.har");
        try {
            SanitizeReport report = toFile(sanitizer, in, temp, progress);
            Files.copy(temp, stdout);
            stdout.flush();
            return report;
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(dir);
        }
    }

    private InputStream open(String in, boolean progress) throws CliException, IOException {
        if (in.equals("-")) {
            return stdin;
        }
        Path path = FileNames.of(in);
        if (Files.isDirectory(path)) {
            throw new CliException(2, "cannot read " + in + ": it is a directory");
        }
        try {
            InputStream file = Files.newInputStream(path);
            return progress ? new Progress(file, Files.size(path), "sanitizing", stderr) : file;
        } catch (NoSuchFileException e) {
            throw new CliException(2, "cannot read " + in + ": no such file");
        }
    }

    private static SanitizerPolicy policy(Args args) throws CliException, IOException {
        SanitizerPolicy policy = SanitizerPolicy.defaults();
        String file = args.option("--policy");
        if (file != null) {
            try {
                policy = PolicyFile.read(FileNames.of(file));
            } catch (NoSuchFileException e) {
                throw new CliException(2, "cannot read policy " + file + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new CliException(2, e.getMessage());
            }
        }
        String max = args.option("--max-string-length");
        if (max != null) {
            try {
                policy = policy.withLimits(Integer.parseInt(max), policy.maxNestingDepth());
            } catch (IllegalArgumentException e) {
                throw new CliException(2, "--max-string-length: " + (e instanceof NumberFormatException
                        ? "not a whole number" : e.getMessage()));
            }
        }
        return policy;
    }

    private static CliException failure(SanitizeException e) {
        if (e instanceof HarInputException) {
            return new CliException(2, "cannot sanitize: " + e.getMessage());
        }
        if (e instanceof LeakDetectedException) {
            return new CliException(3, "refused to publish: " + e.getMessage());
        }
        return new CliException(1, e.getMessage());
    }
}
