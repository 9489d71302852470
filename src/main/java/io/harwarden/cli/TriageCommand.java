package io.harwarden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.harwarden.files.FileNames;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.triage.Triage;
import io.harwarden.triage.TriageReport;
import io.harwarden.triage.TriageText;
import io.harwarden.triage.Waterfall;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code triage IN.har [--json] [--svg OUT.svg] [--fail-on 5xx|4xx|any] [--search-url URL] [--tracking-header NAME]...}:
 * a person's first look at a HAR (the failed calls, ids to search, findings, slow calls), or its JSON for a script,
 * and the waterfall picture of its failed and slowest calls. Nothing
 * secret is printed: every text from the file goes through the sanitizer's detectors.
 */
final class TriageCommand {
    static final String USAGE = "triage IN.har [--json] [--svg OUT.svg] [--fail-on 5xx|4xx|any] [--search-url URL] "
            + "[--tracking-header NAME]...   (IN may be - for stdin; exit 5 when --fail-on matches)";
    /** The capture shows failed calls at or above {@code --fail-on}. */
    static final int FAILURES_FOUND = 5;

    private final InputStream stdin;
    private final PrintStream stdout;

    TriageCommand(InputStream stdin, PrintStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    int run(List<String> raw) throws Exception {
        Args args = Args.parse(raw, Set.of("--fail-on", "--search-url", "--tracking-header", "--svg"), Set.of("--json"));
        if (args.positional().size() != 1) {
            throw new CliException(2, "usage: " + USAGE);
        }
        String failOn = args.option("--fail-on");
        if (failOn != null && !Set.of("5xx", "4xx", "any").contains(failOn.toLowerCase(Locale.ROOT))) {
            throw new CliException(2, "--fail-on: one of 5xx, 4xx, any");
        }
        Triage triage = new Triage(new Triage.Options(args.all("--tracking-header"), args.option("--search-url"), 200,
                10), new HarSanitizer(SanitizerPolicy.defaults())::sanitizeText);
        TriageReport report;
        try (InputStream in = open(args.positional().get(0))) {
            report = triage.analyze(in);
        }
        if (report.capture().entries() == 0 && report.capture().problem() != null) {
            throw new CliException(2, "cannot triage: " + report.capture().problem());
        }
        String svg = args.option("--svg");
        if (svg != null) {
            String picture = Waterfall.svg(report);
            if (picture != null) {
                Outputs.publish(svg, stdout, o -> {
                    o.write(picture.getBytes(StandardCharsets.UTF_8));
                    return null;
                });
            }
        }
        if (args.flag("--json")) {
            stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            stdout.print(TriageText.terminal(report));
        }
        stdout.flush();
        return failOn != null && matches(report, failOn.toLowerCase(Locale.ROOT)) ? FAILURES_FOUND : 0;
    }

    private static boolean matches(TriageReport report, String failOn) {
        return switch (failOn) {
            case "5xx" -> report.serverErrors() > 0;
            case "4xx" -> report.serverErrors() + report.clientErrors() > 0;
            default -> report.failedTotal() > 0;
        };
    }

    private InputStream open(String in) throws CliException, IOException {
        if (in.equals("-")) {
            return stdin;
        }
        Path path = FileNames.of(in);
        if (Files.isDirectory(path)) {
            throw new CliException(2, "cannot read " + in + ": it is a directory");
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new CliException(2, "cannot read " + in + ": no such file");
        }
    }
}
