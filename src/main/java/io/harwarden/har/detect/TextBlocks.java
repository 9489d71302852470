package io.harwarden.har.detect;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.Markers;

/**
 * Secrets that only the shape of a whole block of text gives away, redacted before the line-by-line rules run: the
 * values under {@code data:} and {@code stringData:} of a Kubernetes Secret in YAML (their keys are file names such as
 * {@code tls.key}, their values base64), and the private lines and MAC of a PuTTY private key file.
 */
public final class TextBlocks {
    private final Redactor redactor;

    TextBlocks(Redactor redactor) {
        this.redactor = redactor;
    }

    /** The text with such blocks redacted; the same instance when it holds none. */
    String redact(String s, Location at) {
        String result = s;
        if (s.contains("Secret") && s.contains("kind:")) {
            result = kubernetesSecret(result, at);
        }
        if (result.contains("Private-Lines:")) {
            result = puttyKey(result, at);
        }
        return result;
    }

    /** Every value of a {@code data:} or {@code stringData:} block of a YAML document whose kind is Secret. */
    private String kubernetesSecret(String s, Location at) {
        if (!hasLine(s, "kind: Secret")) {
            return s;
        }
        Rewrite out = new Rewrite(s);
        int blockIndent = -1;
        int scalarIndent = -1;
        for (int start = 0; start < s.length(); ) {
            int end = lineEnd(s, start);
            String line = s.substring(start, end);
            int indent = indent(line);
            String content = line.strip();
            if (scalarIndent >= 0 && !content.isEmpty() && indent > scalarIndent) {
                replace(s, out, start + line.indexOf(content), content, at); // a line of a block scalar's value
            } else if (blockIndent >= 0 && (content.isEmpty() || indent > blockIndent)) {
                scalarIndent = -1;
                int colon = content.indexOf(':');
                if (colon > 0) {
                    int valueStart = start + line.indexOf(content) + colon + 1;
                    String value = s.substring(valueStart, end).strip();
                    if (value.startsWith("|") || value.startsWith(">")) {
                        scalarIndent = indent;
                    } else if (!value.isEmpty()) {
                        replace(s, out, s.indexOf(value, valueStart), value, at);
                    }
                }
            } else {
                scalarIndent = -1;
                blockIndent = content.equals("data:") || content.equals("stringData:") ? indent : -1;
            }
            start = end + 1;
        }
        return out.result();
    }

    private void replace(String s, Rewrite out, int start, String value, Location at) {
        if (!Markers.isMarker(value)) {
            out.replace(start, start + value.length(), redactor.mark(value, Category.SECRET, at));
        }
    }

    /**
     * The base64 lines after {@code Private-Lines: N} (as many as there are, up to N: a line holding a colon is the
     * next header) and the {@code Private-MAC:} or {@code Private-Hash:} value, of every key in the text. Lines may be
     * broken by {@code \n} escapes (a key pasted into a script or a header). The line breaks between the private lines
     * go with them, so the re-scan reads one marker line and stops there.
     */
    private String puttyKey(String s, Location at) {
        Rewrite out = null;
        for (int header = s.indexOf("Private-Lines:"); header >= 0; header = s.indexOf("Private-Lines:", header + 1)) {
            int count = lineCount(s, header + 14);
            int bodyStart = Base64Lines.afterLineBreak(s, keyLineEnd(s, header));
            if (count < 1 || bodyStart < 0) {
                continue;
            }
            int bodyEnd = bodyStart;
            int next = bodyStart;
            for (int n = 0; n < count && next >= 0 && next < s.length(); n++) {
                int end = keyLineEnd(s, next);
                String line = s.substring(next, end).strip();
                if (line.isEmpty() || line.indexOf(':') >= 0 || Markers.isMarker(line)) {
                    break;
                }
                bodyEnd = end;
                next = Base64Lines.afterLineBreak(s, end);
            }
            if (out == null) {
                out = new Rewrite(s);
            }
            if (bodyEnd > bodyStart) {
                out.replace(bodyStart, bodyEnd, redactor.mark(s.substring(bodyStart, bodyEnd), Category.PRIVATE_KEY, at));
            }
            redactValueLine(s, next < 0 ? bodyEnd : next, "Private-MAC:", out, at);
            redactValueLine(s, next < 0 ? bodyEnd : next, "Private-Hash:", out, at);
        }
        return out == null ? s : out.result();
    }

    private static int lineCount(String s, int from) {
        int end = keyLineEnd(s, from);
        try {
            return Integer.parseInt(s.substring(from, end).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The value after {@code label} when the line at {@code from} starts with it. */
    private void redactValueLine(String s, int from, String label, Rewrite out, Location at) {
        if (from < 0 || !s.startsWith(label, from)) {
            return;
        }
        int v = from + label.length();
        while (v < s.length() && s.charAt(v) == ' ') {
            v++;
        }
        int end = keyLineEnd(s, v);
        String value = s.substring(v, end).strip();
        if (!value.isEmpty() && !Markers.isMarker(value)) {
            out.replace(v, v + value.length(), redactor.mark(value, Category.PRIVATE_KEY, at));
        }
    }

    private static boolean hasLine(String s, String content) {
        for (int start = 0; start < s.length(); ) {
            int end = lineEnd(s, start);
            if (s.substring(start, end).strip().equals(content)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static int lineEnd(String s, int from) {
        int nl = s.indexOf('\n', from);
        return nl < 0 ? s.length() : nl;
    }

    /** Where a key file's line at {@code from} ends: at a line break, a {@code \n} escape, or the end of the text. */
    private static int keyLineEnd(String s, int from) {
        int nl = s.indexOf('\n', from);
        int escaped = s.indexOf("\\n", from);
        int end = nl < 0 ? s.length() : nl;
        if (escaped >= 0 && escaped < end) {
            end = escaped;
        }
        return end > from && s.charAt(end - 1) == '\r' ? end - 1 : end;
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
