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

    /** The base64 lines after {@code Private-Lines: N}, and the {@code Private-MAC:} value. */
    private String puttyKey(String s, Location at) {
        Rewrite out = new Rewrite(s);
        int at0 = s.indexOf("Private-Lines:");
        int lineEnd = lineEnd(s, at0);
        int count;
        try {
            count = Integer.parseInt(s.substring(at0 + 14, lineEnd).strip());
        } catch (NumberFormatException e) {
            return s;
        }
        int bodyStart = Math.min(s.length(), lineEnd + 1);
        int bodyEnd = bodyStart;
        for (int i = 0; i < count && bodyEnd < s.length(); i++) {
            bodyEnd = Math.min(s.length(), lineEnd(s, bodyEnd) + 1);
        }
        String body = s.substring(bodyStart, bodyEnd).strip();
        if (!body.isEmpty() && !Markers.isMarker(body)) {
            out.replace(bodyStart, bodyEnd, redactor.mark(body, Category.PRIVATE_KEY, at) + "\n");
        }
        int mac = s.indexOf("Private-MAC:", bodyEnd);
        if (mac >= 0) {
            int macEnd = lineEnd(s, mac);
            String value = s.substring(mac + 12, macEnd).strip();
            if (!value.isEmpty() && !Markers.isMarker(value)) {
                int v = s.indexOf(value, mac + 12);
                out.replace(v, v + value.length(), redactor.mark(value, Category.PRIVATE_KEY, at));
            }
        }
        return out.result();
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

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
