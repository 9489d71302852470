package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.harwarden.har.walk.HarWalker;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one sanitization did, for the case note and for audit: counts and names, never a value.
 *
 * @param policyVersion rules version, with a digest of custom names if any
 * @param harVersion {@code log.version} of the input, or null
 * @param creator {@code log.creator.name} of the input, or null
 * @param entries number of {@code log.entries}
 * @param redactions total number of values redacted
 * @param byCategory redactions per secret category label
 * @param byLocation redactions per HAR location label
 * @param redactedNames names (of headers, cookies, parameters, keys) whose values were redacted, per kind
 * @param inputBytes size of the original
 * @param inputSha256 SHA-256 of the original, hex
 * @param outputBytes size of the sanitized copy
 * @param outputSha256 SHA-256 of the sanitized copy, hex
 * @param durationMillis wall time of the sanitizing pass
 */
public record SanitizeReport(String policyVersion, String harVersion, String creator, int entries, long redactions,
        Map<String, Long> byCategory, Map<String, Long> byLocation, Map<String, Set<String>> redactedNames,
        long inputBytes, String inputSha256, long outputBytes, String outputSha256, long durationMillis) {

    static SanitizeReport of(SanitizerPolicy policy, HarWalker walker, RedactionTally tally, Hashing in,
            Hashing out, long durationMillis) {
        Map<String, Long> categories = new TreeMap<>();
        tally.byCategory().forEach((c, n) -> categories.put(c.label(), n));
        Map<String, Long> locations = new TreeMap<>();
        tally.byLocation().forEach((l, n) -> locations.put(l.label(), n));
        Map<String, Set<String>> names = new TreeMap<>();
        tally.names().forEach((k, v) -> names.put(k.label(), new TreeSet<>(v)));
        return new SanitizeReport(policy.version(), walker.harVersion(), walker.creator(), walker.entryCount(),
                tally.total(), categories, locations, names, in.bytes(), in.sha256(), out.bytes(), out.sha256(),
                durationMillis);
    }

    public String toJson() {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("policyVersion", policyVersion);
            g.writeStringField("harVersion", harVersion);
            g.writeStringField("creator", creator);
            g.writeNumberField("entries", entries);
            g.writeObjectFieldStart("redactions");
            g.writeNumberField("total", redactions);
            writeCounts(g, "byCategory", byCategory);
            writeCounts(g, "byLocation", byLocation);
            g.writeEndObject();
            g.writeObjectFieldStart("redactedNames");
            for (var e : redactedNames.entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String name : e.getValue()) {
                    g.writeString(name);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("input");
            g.writeNumberField("bytes", inputBytes);
            g.writeStringField("sha256", inputSha256);
            g.writeEndObject();
            g.writeObjectFieldStart("output");
            g.writeNumberField("bytes", outputBytes);
            g.writeStringField("sha256", outputSha256);
            g.writeEndObject();
            g.writeNumberField("durationMillis", durationMillis);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void writeCounts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (var e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
