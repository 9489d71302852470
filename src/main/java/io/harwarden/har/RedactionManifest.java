package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The list of what a sanitized copy redacted, read from the copy itself: per marker its entry, the JSON pointer of
 * the string that holds it in the copy, its category and the marker. Never a value: the copy holds none. Markers in a
 * base64 body are found in its decoded text. For a JWT whose signature was redacted, the kept payload's {@code exp}
 * tells whether the token had expired when its entry started. Written as JSON lines, one redaction per line, so a
 * file with a million redactions needs no more memory than one entry's.
 */
public final class RedactionManifest {
    private static final Pattern MARKER = Pattern.compile("\\[REDACTED:([a-z0-9-]+):[0-9a-f]{8}]");
    private static final byte[] MARKER_BYTES = Markers.PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SEGMENT = 100;
    /** Redactions held while an entry's start time is unknown; past this they go without their JWTs' expiry. */
    private static final int MAX_HELD = 10_000;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000).maxNumberLength(Integer.MAX_VALUE).build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    /**
     * One redaction.
     *
     * @param entry the index in {@code log.entries}, or -1 outside the entries (a page title)
     * @param expiredAtCapture for a JWT signature: whether the token's {@code exp} was before its entry started; null
     *        when unknown or not a JWT
     */
    public record Redaction(int entry, String pointer, String category, String marker, Boolean expiredAtCapture) {
    }

    /** The counts an approver sees, and how many entries the copy holds. */
    public record Summary(long redactions, Map<String, Long> byCategory, long expiredJwts, int entries) {
    }

    private RedactionManifest() {
    }

    /** Reads a sanitized HAR and writes its manifest to {@code jsonLines}. */
    public static Summary write(InputStream sanitizedHar, OutputStream jsonLines) throws IOException {
        Map<String, Long> byCategory = new TreeMap<>();
        long[] totals = new long[3];
        try (JsonParser in = JSON.createParser(sanitizedHar);
                JsonGenerator out = JSON.createGenerator(jsonLines)) {
            out.setRootValueSeparator(new SerializedString("\n"));
            EntryBuffer entry = new EntryBuffer(r -> {
                byCategory.merge(r.category(), 1L, Long::sum);
                totals[0]++;
                totals[1] += Boolean.TRUE.equals(r.expiredAtCapture()) ? 1 : 0;
                writeLine(out, r);
            });
            for (JsonToken t = in.nextToken(); t != null; t = in.nextToken()) {
                if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                    entry.string(in, t == JsonToken.FIELD_NAME);
                } else if (t == JsonToken.END_OBJECT && isEntry(in.getParsingContext())) { // an entry ended
                    entry.flush();
                    totals[2]++;
                }
            }
            entry.flush();
            out.writeRaw('\n');
        }
        return new Summary(totals[0], byCategory, totals[1], (int) totals[2]);
    }

    /** Reads manifest lines back, in the order they were written. */
    public static void read(InputStream jsonLines, Consumer<Redaction> each) throws IOException {
        try (JsonParser in = JSON.createParser(jsonLines)) {
            while (in.nextToken() == JsonToken.START_OBJECT) {
                int entry = -1;
                String pointer = null;
                String category = null;
                String marker = null;
                Boolean expired = null;
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String field = in.currentName();
                    JsonToken value = in.nextToken();
                    switch (field) {
                        case "entry" -> entry = in.getIntValue();
                        case "pointer" -> pointer = in.getText();
                        case "category" -> category = in.getText();
                        case "marker" -> marker = in.getText();
                        case "expired" -> expired = value == JsonToken.VALUE_NULL ? null : in.getBooleanValue();
                        default -> in.skipChildren();
                    }
                }
                each.accept(new Redaction(entry, pointer, category, marker, expired));
            }
        }
    }

    private static void writeLine(JsonGenerator out, Redaction r) {
        try {
            out.writeStartObject();
            out.writeNumberField("entry", r.entry());
            out.writeStringField("pointer", r.pointer());
            out.writeStringField("category", r.category());
            out.writeStringField("marker", r.marker());
            if (r.expiredAtCapture() != null) {
                out.writeBooleanField("expired", r.expiredAtCapture());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The context of an entry object: an element of the array {@code log.entries} of the root object. */
    private static boolean isEntry(JsonStreamContext context) {
        if (context == null || !context.inArray() || !"entries".equals(context.getParent().getCurrentName())) {
            return false;
        }
        JsonStreamContext log = context.getParent();
        return "log".equals(log.getParent().getCurrentName()) && log.getParent().getParent().inRoot();
    }

    /** The redactions of the entry being read, held until the entry ends so its start time is known. */
    private static final class EntryBuffer {
        private final Consumer<Redaction> sink;
        private final List<Redaction> held = new ArrayList<>();
        private final List<Long> expiries = new ArrayList<>();
        private Instant started;

        EntryBuffer(Consumer<Redaction> sink) {
            this.sink = sink;
        }

        void string(JsonParser in, boolean key) throws IOException {
            String text = in.getText();
            JsonStreamContext at = in.getParsingContext();
            if (!key && "startedDateTime".equals(at.getCurrentName()) && isEntry(at.getParent())) {
                started = instant(text);
            }
            if (text.contains(Markers.PREFIX)) {
                markers(text, at, key);
            } else if (!key && text.length() >= 16 && ("text".equals(at.getCurrentName())
                    || "data".equals(at.getCurrentName()))) {
                String decoded = decodedWithMarkers(text);
                if (decoded != null) {
                    markers(decoded, at, false);
                }
            }
        }

        private void markers(String text, JsonStreamContext at, boolean key) {
            Matcher m = MARKER.matcher(text);
            String pointer = null;
            int entry = -2;
            while (m.find()) {
                if (pointer == null) {
                    pointer = pointer(at, key);
                    entry = entryIndex(at);
                }
                String category = m.group(1);
                Redaction r = new Redaction(entry, pointer, category, m.group(), null);
                Long exp = category.equals("jwt-signature") ? jwtExpiry(text, m.start()) : null;
                if (held.isEmpty() && (started != null || entry < 0)) {
                    sink.accept(withExpiry(r, exp)); // the start time is known: nothing to wait for
                } else {
                    held.add(r);
                    expiries.add(exp);
                    if (held.size() >= MAX_HELD) {
                        release(); // an entry of very many markers: their JWTs' expiry stays unknown
                    }
                }
            }
        }

        private Redaction withExpiry(Redaction r, Long exp) {
            Boolean expired = exp == null || started == null || r.entry() < 0 ? null : exp < started.getEpochSecond();
            return expired == null ? r : new Redaction(r.entry(), r.pointer(), r.category(), r.marker(), expired);
        }

        /** Writes what is held, with what is known of the start time. */
        private void release() {
            for (int i = 0; i < held.size(); i++) {
                sink.accept(withExpiry(held.get(i), expiries.get(i)));
            }
            held.clear();
            expiries.clear();
        }

        void flush() {
            release();
            started = null;
        }
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A base64 body's text when it holds a marker, else null. */
    private static String decodedWithMarkers(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                    || c == '=' || c == '\r' || c == '\n')) {
                return null;
            }
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (int i = 0; i + MARKER_BYTES.length <= bytes.length; i++) {
            if (bytes[i] == '[' && Arrays.equals(bytes, i, i + MARKER_BYTES.length, MARKER_BYTES, 0,
                    MARKER_BYTES.length)) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The {@code exp} of the JWT whose signature's marker starts at {@code markerAt}, or null. */
    private static Long jwtExpiry(String text, int markerAt) {
        int payloadEnd = markerAt - 1;
        if (payloadEnd < 1 || text.charAt(payloadEnd) != '.') {
            return null;
        }
        int payloadStart = payloadEnd;
        while (payloadStart > 0 && isBase64Url(text.charAt(payloadStart - 1))) {
            payloadStart--;
        }
        try (JsonParser p = JSON.createParser(Base64.getUrlDecoder().decode(text.substring(payloadStart,
                payloadEnd)))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("exp") && value.isNumeric()) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
        } catch (IOException | IllegalArgumentException e) {
            return null; // not a JSON payload: expiry unknown
        }
        return null;
    }

    private static boolean isBase64Url(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static int entryIndex(JsonStreamContext at) {
        for (JsonStreamContext c = at; c != null; c = c.getParent()) {
            if (c.inObject() && isEntry(c.getParent())) {
                return c.getParent().getCurrentIndex();
            }
        }
        return -1;
    }

    /** The RFC 6901 pointer of the string (for a key: of the member it names), segments cut to a readable length. */
    private static String pointer(JsonStreamContext at, boolean key) {
        List<String> segments = new ArrayList<>();
        for (JsonStreamContext c = at; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                segments.add(Integer.toString(Math.max(0, c.getCurrentIndex())));
            } else if (c.getCurrentName() != null) {
                segments.add(c.getCurrentName());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = segments.size() - 1; i >= 0; i--) {
            String s = segments.get(i);
            if (s.length() > MAX_SEGMENT) {
                s = s.substring(0, MAX_SEGMENT) + "…";
            }
            b.append('/').append(s.replace("~", "~0").replace("/", "~1"));
        }
        return key ? b + "#key" : b.toString();
    }
}
