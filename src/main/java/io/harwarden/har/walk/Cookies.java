package io.harwarden.har.walk;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.NameKind;
import io.harwarden.har.detect.NameRules;
import io.harwarden.har.detect.Rewrite;
import io.harwarden.har.detect.SecretValues;
import io.harwarden.har.detect.TextScanner;

/**
 * Cookie values: every value is redacted (a cookie is state the server gave a browser, and names do not say which
 * ones are sessions), unless the policy keeps that cookie name, and even then a value shaped like a secret is.
 * Names and attributes stay for troubleshooting.
 */
public final class Cookies {
    private final NameRules rules;
    private final SecretValues secrets;
    private final TextScanner scanner;

    Cookies(NameRules rules, SecretValues secrets, TextScanner scanner) {
        this.rules = rules;
        this.secrets = secrets;
        this.scanner = scanner;
    }

    /** A {@code Cookie} request header: {@code a=1; b=2}. A piece that is not {@code name=value} is scanned. */
    String cookieHeader(String header, Location at) {
        Rewrite out = new Rewrite(header);
        int start = 0;
        while (start < header.length()) {
            int semi = header.indexOf(';', start);
            int end = semi < 0 ? header.length() : semi;
            pair(header, start, end, at, out);
            start = end + 1;
        }
        return out.result();
    }

    /**
     * A {@code Set-Cookie} response header; several cookies may be joined by newlines. The attributes after the first
     * pair ({@code Path}, {@code Domain}, ...) are kept, and scanned like any text.
     */
    String setCookieHeader(String header, Location at) {
        Rewrite out = new Rewrite(header);
        int start = 0;
        while (start < header.length()) {
            int nl = header.indexOf('\n', start);
            int lineEnd = nl < 0 ? header.length() : nl;
            int semi = header.indexOf(';', start);
            int end = semi < 0 || semi > lineEnd ? lineEnd : semi;
            pair(header, start, end, at, out);
            if (end < lineEnd) {
                scanned(header, end, lineEnd, at, out);
            }
            start = lineEnd + 1;
        }
        return out.result();
    }

    /** One {@code cookies[]} element's value. */
    String value(String name, String value, Location at) {
        if (value.isEmpty()) {
            return value;
        }
        if (!rules.redactsCookie(name)) {
            return scanner.scan(value, at);
        }
        return secrets.redact(value, Category.COOKIE, at, NameKind.COOKIE, name);
    }

    /** One {@code name=value}: the value by the cookie rule, the name scanned; anything else scanned whole. */
    private void pair(String text, int start, int end, Location at, Rewrite out) {
        int eq = text.indexOf('=', start);
        if (eq < 0 || eq >= end) {
            scanned(text, start, end, at, out);
            return;
        }
        scanned(text, start, eq, at, out);
        String name = text.substring(start, eq).trim();
        int valueEnd = end;
        while (valueEnd > eq + 1 && text.charAt(valueEnd - 1) == '\r') {
            valueEnd--;
        }
        String value = text.substring(eq + 1, valueEnd);
        String redacted = value(name, value, at);
        if (!redacted.equals(value)) {
            out.replace(eq + 1, valueEnd, redacted);
        }
    }

    private void scanned(String text, int start, int end, Location at, Rewrite out) {
        String piece = text.substring(start, end);
        String result = scanner.scan(piece, at);
        if (result != piece) {
            out.replace(start, end, result);
        }
    }
}
