package io.harwarden.triage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.harwarden.har.HarObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One entry as triage reads it, field by field, from whichever reader walks the file (its own parser, or the
 * sanitizer's pass): both keep the same bounded parts with the same rules.
 */
final class EntryBuilder {
    /** Longest response text kept for error messages (longer ones are not an error message a person reads). */
    static final int MAX_BODY = 64 * 1024;
    private static final int MAX_VALUE = 4096;
    private static final int MAX_HEADERS = 100;
    /** Headers whose presence alone counts: their values (cookies) are never kept. */
    static final Set<String> PRESENCE_ONLY = Set.of("cookie");

    final int index;
    String started;
    double time = -1;
    String method = "";
    String url = "";
    final List<HarEntry.Header> requestHeaders = new ArrayList<>();
    int status = -1;
    boolean statusSeen;
    final List<HarEntry.Header> responseHeaders = new ArrayList<>();
    String mimeType = "";
    String body;
    boolean hasBody;
    double[] phases;
    String error;

    EntryBuilder(int index) {
        this.index = index;
    }

    void status(double status) {
        this.status = (int) status;
        this.statusSeen = true;
    }

    void error(String text) {
        error = text == null || text.isBlank() ? null : text;
    }

    /** A {@code timings} object begins: its phases start unmeasured. */
    void timings() {
        phases = new double[] {-1, -1, -1, -1, -1, -1, -1, -1};
    }

    /** @param phase one of {@code timings}' phases, {@code BLOCKED} to {@code RECEIVE} */
    void phase(HarObserver.Field phase, double ms) {
        if (phases != null) {
            phases[phase.ordinal() - HarObserver.Field.BLOCKED.ordinal()] = ms;
        }
    }

    /** Whether a body read now would be kept: the call failed, or its status is not known yet. */
    boolean wantsBody() {
        return !statusSeen || status >= 400 || status <= 0;
    }

    /** A response text, kept when short, textual and wanted. */
    void body(String text, boolean base64) {
        hasBody = true;
        body = !base64 && text != null && text.length() <= MAX_BODY && wantsBody() ? text : null;
    }

    /** A header whose name is one triage reads ({@code known}, lower case); the others are never passed here. */
    void header(boolean response, String known, String value) {
        List<HarEntry.Header> into = response ? responseHeaders : requestHeaders;
        if (into.size() < MAX_HEADERS && value != null) {
            into.add(new HarEntry.Header(known, PRESENCE_ONLY.contains(known) ? "" : cut(value)));
        }
    }

    HarEntry build() {
        if (statusSeen && status >= 0 && status < 400 && error == null) {
            body = null; // the status came after the text: not a failed call after all
        }
        Timings timings = phases == null ? null : new Timings(phases[0], phases[1], phases[2], phases[3], phases[4],
                phases[5], phases[6], phases[7]);
        return new HarEntry(index, started, time, method == null ? "" : method, url == null ? "" : url,
                List.copyOf(requestHeaders), Math.max(status, 0), List.copyOf(responseHeaders),
                mimeType == null ? "" : mimeType, body, hasBody, timings, error);
    }

    /** The scalar at the parser, as bounded text; null for null, objects and arrays. Does not move the parser. */
    static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null || t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY || t == JsonToken.VALUE_NULL) {
            return null;
        }
        return cut(p.getText());
    }

    /** A number, or -1 for anything else (Chrome has written {@code "status": "error"}). Does not move the parser. */
    static double number(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Double.parseDouble(p.getText().strip());
            } catch (NumberFormatException notANumber) {
                return -1;
            }
        }
        return -1;
    }

    /** {@code log.creator} as one line: name and version, either of which may be missing. */
    static String creator(String name, String version) {
        return ((name == null ? "" : cut(name)) + " " + (version == null ? "" : cut(version))).strip();
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE);
    }
}
