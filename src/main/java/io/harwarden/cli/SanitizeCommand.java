package io.harwarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harwarden.files.FileNames;
import io.harwarden.har.HarInputException;
import io.harwarden.har.HarObserver;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.LeakDetectedException;
import io.harwarden.har.PolicyFile;
import io.harwarden.har.SanitizeException;
import io.harwarden.har.SanitizeReport;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.triage.Triage;
import io.harwarden.triage.TriageReport;
import io.harwarden.triage.TriageTap;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sanitize IN OUT [--report R.json] [--policy P.json] [--max-string-length N] [--strict] [--progress]}. */
@Command(name = "sanitize", mixinStandardHelpOptions = true, description = "Writes a sanitized copy of a HAR file, "
        + "only once the fail-closed re-scan found it clean.")
final class SanitizeCommand implements Callable<Integer> {

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    @Parameters(index = "0", paramLabel = "IN.har", description = "the HAR file, or - for stdin")
    String in;
    @Parameters(index = "1", paramLabel = "OUT.har", description = "the sanitized copy, or - for stdout")
    String out;
    @Option(names = "--report", paramLabel = "R.json", description = "a JSON report: what was redacted, and the triage")
    String reportPath;
    @Option(names = "--policy", paramLabel = "P.json", description = "a policy file")
    String policyFile;
    @Option(names = "--max-string-length", paramLabel = "N", description = "longest string value, in characters")
    Integer maxStringLength;
    @Option(names = "--strict", description = "also redact high-entropy tokens no rule knows")
    boolean strict;
    @Option(names = "--progress", description = "a progress line on stderr (shown anyway on a terminal)")
    boolean showProgress;

    SanitizeCommand(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws Exception {
        SanitizerPolicy policy = policy();
        HarSanitizer sanitizer = new HarSanitizer(strict ? policy.withEntropy(true) : policy);
        boolean progress = showProgress || System.console() != null && !in.equals("-");
        // the report also tells what the capture shows: triage reads the entries in the sanitizer's own pass
        TriageTap triage = reportPath == null ? null
                : new Triage(Triage.Options.defaults(), sanitizer::sanitizeText).tap();
        HarObserver observer = triage == null ? HarObserver.NONE : triage;
        SanitizeReport report = out.equals("-") ? toStdout(sanitizer, in, progress, observer)
                : toFile(sanitizer, in, FileNames.of(out), progress, observer);
        TriageReport triaged = triage == null ? null : triage.finish(null);
        if (reportPath != null) {
            ObjectMapper mapper = new ObjectMapper(); // only for a report: making one takes a tenth of a second
            ObjectNode json = (ObjectNode) mapper.readTree(report.toJson());
            if (triaged != null) {
                json.set("triage", mapper.valueToTree(triaged));
            }
            Files.createDirectories(FileNames.of(reportPath).toAbsolutePath().getParent());
            String text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
            Outputs.publish(reportPath, stdout, text.getBytes(StandardCharsets.UTF_8));
        }
        stderr.println("sanitized " + report.entries() + " entries, " + report.redactions() + " values redacted");
        return 0;
    }

    private SanitizeReport toFile(HarSanitizer sanitizer, String in, Path out, boolean progress,
            HarObserver triage) throws CliException, IOException {
        InputStream opened = open(in, progress);
        try (opened) {
            try {
                return sanitizer.sanitizeToFile(opened, out, triage);
            } finally {
                if (opened instanceof Progress p) {
                    p.finish();
                }
            }
        } catch (SanitizeException e) {
            throw failure(e);
        }
    }

    /** Stdout cannot be taken back, so the sanitized copy goes to a temporary file first and is copied once clean. */
    private SanitizeReport toStdout(HarSanitizer sanitizer, String in, boolean progress, HarObserver triage)
            throws CliException, IOException {
        Path dir = Files.createTempDirectory("harwarden-sanitize");
        Path temp = dir.resolve("out.har");
        try {
            SanitizeReport report = toFile(sanitizer, in, temp, progress, triage);
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

    private SanitizerPolicy policy() throws CliException, IOException {
        SanitizerPolicy policy = SanitizerPolicy.defaults();
        String file = policyFile;
        if (file != null) {
            try {
                policy = PolicyFile.read(FileNames.of(file));
            } catch (NoSuchFileException e) {
                throw new CliException(2, "cannot read policy " + file + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new CliException(2, e.getMessage());
            }
        }
        if (maxStringLength != null) {
            try {
                policy = policy.withLimits(maxStringLength, policy.maxNestingDepth());
            } catch (IllegalArgumentException e) {
                throw new CliException(2, "--max-string-length: " + e.getMessage());
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
