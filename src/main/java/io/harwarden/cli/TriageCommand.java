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
import io.harwarden.triage.WaterfallPng;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triage IN.har [--json] [--svg OUT.svg] [--fail-on 5xx|4xx|any] [--search-url URL] [--tracking-header NAME]...}:
 * a person's first look at a HAR (the failed calls, ids to search, findings, slow calls), or its JSON for a script,
 * and the waterfall picture of its failed and slowest calls. Nothing
 * secret is printed: every text from the file goes through the sanitizer's detectors.
 */
@Command(name = "triage", mixinStandardHelpOptions = true, description = "Tells what a HAR shows: failed calls with their"
        + " tracking ids and error texts, slow calls, sign-in, CORS and network problems; nothing secret is printed.")
final class TriageCommand implements Callable<Integer> {
    /** The capture shows failed calls at or above {@code --fail-on}. */
    static final int FAILURES_FOUND = 5;

    private final InputStream stdin;
    private final PrintStream stdout;

    /** What {@code --fail-on} takes. */
    enum FailOn {
        ANY, XX4, XX5
    }

    @Parameters(index = "0", paramLabel = "IN.har", description = "the HAR file, or - for stdin")
    String in;
    @Option(names = "--json", description = "the whole result as JSON")
    boolean json;
    @Option(names = "--svg", paramLabel = "OUT.svg", description = "the waterfall picture of the failed and slowest calls")
    String svg;
    @Option(names = "--png", paramLabel = "OUT.png", description = "the same picture as PNG (needs a font on the machine)")
    String png;
    @Option(names = "--fail-on", paramLabel = "5xx|4xx|any", description = "exit 5 when calls failed so",
            converter = FailOnConverter.class)
    FailOn failOn;
    @Option(names = "--search-url", paramLabel = "URL", description = "a log search link per id, {id} where it goes")
    String searchUrl;
    @Option(names = "--tracking-header", paramLabel = "NAME", description = "another header carrying an id to search")
    List<String> trackingHeaders = new java.util.ArrayList<>();

    /** {@code 5xx}, {@code 4xx} or {@code any}, in any case. */
    static final class FailOnConverter implements picocli.CommandLine.ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "5xx" -> FailOn.XX5;
                case "4xx" -> FailOn.XX4;
                case "any" -> FailOn.ANY;
                default -> throw new picocli.CommandLine.TypeConversionException("one of 5xx, 4xx, any");
            };
        }
    }

    TriageCommand(InputStream stdin, PrintStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws Exception {
        Triage triage = new Triage(new Triage.Options(trackingHeaders, searchUrl, 200, 10),
                new HarSanitizer(SanitizerPolicy.defaults())::sanitizeText);
        TriageReport report;
        try (InputStream input = open(in)) {
            report = triage.analyze(input);
        }
        if (report.capture().entries() == 0 && report.capture().problem() != null) {
            throw new CliException(2, "cannot triage: " + report.capture().problem());
        }
        if (svg != null) {
            String picture = Waterfall.svg(report);
            if (picture != null) {
                Outputs.publish(svg, stdout, picture.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (png != null) {
            byte[] picture = WaterfallPng.png(report);
            if (picture == null && !report.waterfall().isEmpty()) {
                throw new CliException(1, "cannot draw the PNG: no font on this machine (--svg needs none)");
            }
            if (picture != null) {
                Outputs.publish(png, stdout, picture);
            }
        }
        if (json) {
            stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            stdout.print(TriageText.terminal(report));
        }
        stdout.flush();
        return failOn != null && matches(report, failOn) ? FAILURES_FOUND : 0;
    }

    private static boolean matches(TriageReport report, FailOn failOn) {
        return switch (failOn) {
            case XX5 -> report.serverErrors() > 0;
            case XX4 -> report.serverErrors() + report.clientErrors() > 0;
            case ANY -> report.failedTotal() > 0;
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
