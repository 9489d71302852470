package io.harwarden.har.walk;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.Markers;
import io.harwarden.har.NameKind;
import io.harwarden.har.detect.NameRules;
import io.harwarden.har.detect.Rewrite;
import io.harwarden.har.detect.SecretValues;
import io.harwarden.har.detect.TextScanner;
import io.harwarden.har.detect.UrlCodec;
import java.util.Optional;

/**
 * {@code name=value&name=value} text: URL query strings and fragments, and form-encoded bodies. A value whose name
 * is secret becomes a marker computed over its decoded form, so the same secret in {@code url} and
 * {@code queryString[]} (or {@code postData.text} and {@code postData.params[]}) gets the same marker.
 */
public final class FormFields {
    private final NameRules rules;
    private final SecretValues secrets;
    private final TextScanner scanner;

    FormFields(NameRules rules, SecretValues secrets, TextScanner scanner) {
        this.rules = rules;
        this.secrets = secrets;
        this.scanner = scanner;
    }

    String sanitize(String text, Location at, NameKind kind) {
        Rewrite out = new Rewrite(text);
        int len = text.length();
        int start = 0;
        while (start <= len) {
            int amp = text.indexOf('&', start);
            int end = amp < 0 ? len : amp;
            field(text, start, end, at, kind, out);
            start = end + 1;
        }
        return out.result();
    }

    /** One {@code name=value}: the name gets the shape rules (a token can be a name), the value the name's rule. */
    private void field(String text, int start, int end, Location at, NameKind kind, Rewrite out) {
        if (start >= end) {
            return;
        }
        int eq = text.indexOf('=', start);
        if (eq < 0 || eq >= end) {
            String piece = text.substring(start, end);
            String scanned = scanner.scan(piece, at);
            if (scanned != piece) {
                out.replace(start, end, scanned);
            }
            return;
        }
        String decodedName = UrlCodec.decode(text.substring(start, eq));
        String name = scanner.scan(decodedName, at);
        if (name != decodedName && !name.equals(decodedName)) {
            out.replace(start, eq, UrlCodec.encode(name));
        }
        String raw = text.substring(eq + 1, end);
        String sanitized = encodedValue(name, raw, at, kind); // judged by the name as written, as the re-scan will
        if (!sanitized.equals(raw)) {
            out.replace(eq + 1, end, sanitized);
        }
    }

    /** The sanitized form of a still-encoded value. */
    private String encodedValue(String name, String raw, Location at, NameKind kind) {
        if (raw.isEmpty() || Markers.isMarker(raw)) {
            return raw;
        }
        String decoded = UrlCodec.decode(raw);
        String sanitized = value(name, decoded, at, kind);
        return sanitized.equals(decoded) ? raw : UrlCodec.encode(sanitized);
    }

    /** The sanitized form of a decoded value (as in {@code queryString[]} and {@code params[]}). */
    public String value(String name, String value, Location at, NameKind kind) {
        if (value.isEmpty()) {
            return value;
        }
        Optional<Category> category = rules.param(name);
        if (category.isPresent()) {
            String decoded = UrlCodec.decode(value);
            return SecretValues.isRedacted(decoded) ? value
                    : secrets.redact(decoded, category.get(), at, kind, name);
        }
        return scanner.scan(name, value, at);
    }
}
