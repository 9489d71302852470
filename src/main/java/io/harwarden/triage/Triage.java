package io.harwarden.triage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * HAR triage: reads a HAR (the original, inside the trust boundary) once, streaming, and tells support what it shows:
 * the failed calls with their tracking ids and error texts, the slow calls and why, auth, CORS and network problems,
 * and what the capture lacks. Every text it takes from the file goes through {@code scrub} (the sanitizer's
 * detectors) before it goes into the report; facts about secrets (an expired token) never carry the secret.
 */
public final class Triage {
    private final Options options;
    private final UnaryOperator<String> scrub;
    private final KnownNames names;

    /**
     * @param trackingHeaders header names to read as tracking ids besides the known ones
     * @param searchUrl a log search link with {@code {id}} where the id goes, or null
     * @param maxFailed failed calls listed in full
     * @param maxSlow slowest calls listed
     */
    public record Options(List<String> trackingHeaders, String searchUrl, int maxFailed, int maxSlow) {
        public static Options defaults() {
            return new Options(List.of(), null, 50, 10);
        }
    }

    /** @param scrub replaces whatever the sanitizer would redact in a text */
    public Triage(Options options, UnaryOperator<String> scrub) {
        this.options = options;
        this.scrub = scrub;
        java.util.Set<String> read = new java.util.HashSet<>(HarEntry.READ);
        read.addAll(TrackingIds.HEADERS);
        options.trackingHeaders().forEach(h -> read.add(h.strip().toLowerCase(java.util.Locale.ROOT)));
        this.names = new KnownNames(read);
    }

    /**
     * Triage for one original read by the sanitizer: give it to {@link io.harwarden.har.HarSanitizer#sanitizeToFile}
     * and {@link TriageTap#finish finish} it when the sanitizer returns or throws.
     */
    public TriageTap tap() {
        return new TriageTap(options, scrub, names);
    }

    /** Reads {@code original} to its end (or to where it stops being a HAR) and reports. */
    public TriageReport analyze(InputStream original) throws IOException {
        TriageCollector collector = new TriageCollector(options, scrub);
        EntryStream.Capture capture = EntryStream.read(original, names, collector::add);
        return collector.report(capture);
    }
}
