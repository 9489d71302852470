package io.harwarden.har.walk;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.NameKind;
import io.harwarden.har.detect.NameRules;
import io.harwarden.har.detect.Rewrite;
import io.harwarden.har.detect.SecretValues;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code multipart/form-data} bodies: each field judged by its {@code name}, files and other parts scanned as text,
 * and everything outside the parts (a preamble, an epilogue, part headers, a body with no parts at all) scanned too.
 */
public final class Multipart {
    private final NameRules rules;
    private final SecretValues secrets;

    Multipart(NameRules rules, SecretValues secrets) {
        this.rules = rules;
        this.secrets = secrets;
    }

    /** The sanitized body; {@code partScanner} handles parts whose name is not secret. */
    String sanitize(String body, String mimeType, Location at, java.util.function.BiFunction<String, String, String> partScanner) {
        String boundary = MimeTypes.parameter(mimeType, "boundary");
        if (boundary == null) {
            boundary = guessBoundary(body);
        }
        if (boundary == null || boundary.isEmpty() || body.indexOf("--" + boundary) < 0) {
            return partScanner.apply(body, "text/plain");
        }
        String delimiter = "--" + boundary;
        Rewrite out = new Rewrite(body);
        int pos = body.indexOf(delimiter);
        outside(body, 0, pos, at, partScanner, out);
        while (pos >= 0) {
            int partStart = pos + delimiter.length();
            int next = body.indexOf(delimiter, partStart);
            if (next < 0) {
                outside(body, partStart, body.length(), at, partScanner, out); // the epilogue
                break;
            }
            part(body, partStart, next, at, partScanner, out);
            pos = next;
        }
        return out.result();
    }

    /** Text that belongs to no part's content: scanned as text. */
    private static void outside(String body, int start, int end, Location at,
            java.util.function.BiFunction<String, String, String> partScanner, Rewrite out) {
        if (end > start) {
            String text = body.substring(start, end);
            String scanned = partScanner.apply(text, "text/plain");
            if (!scanned.equals(text)) {
                out.replace(start, end, scanned);
            }
        }
    }

    private void part(String body, int start, int end, Location at,
            java.util.function.BiFunction<String, String, String> partScanner, Rewrite out) {
        int headersEnd = body.indexOf("\r\n\r\n", start);
        int sepLen = 4;
        if (headersEnd < 0 || headersEnd > end) {
            headersEnd = body.indexOf("\n\n", start);
            sepLen = 2;
        }
        if (headersEnd < 0 || headersEnd > end) {
            outside(body, start, end, at, partScanner, out); // no headers: not a part, but text all the same
            return;
        }
        outside(body, start, headersEnd, at, partScanner, out);
        // judged as written, as the re-scan will read them
        String headers = partScanner.apply(body.substring(start, headersEnd), "text/plain");
        int contentStart = headersEnd + sepLen;
        int contentEnd = end;
        if (contentEnd >= 2 && body.startsWith("\r\n", contentEnd - 2)) {
            contentEnd -= 2;
        } else if (contentEnd >= 1 && body.charAt(contentEnd - 1) == '\n') {
            contentEnd -= 1;
        }
        if (contentEnd <= contentStart) {
            return;
        }
        String content = body.substring(contentStart, contentEnd);
        String name = headerParameter(headers, "name");
        Optional<Category> category = name == null ? Optional.empty() : rules.param(name);
        String sanitized = category.isPresent()
                ? secrets.redact(content, category.get(), at, NameKind.FORM_FIELD, name)
                : partScanner.apply(content, headerValue(headers, "content-type"));
        if (!sanitized.equals(content)) {
            out.replace(contentStart, contentEnd, sanitized);
        }
    }

    private static String headerValue(String headers, String name) {
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String headerParameter(String headers, String parameter) {
        String disposition = headerValue(headers, "content-disposition");
        return disposition == null ? null : MimeTypes.parameter(disposition, parameter);
    }

    private static String guessBoundary(String body) {
        if (!body.startsWith("--")) {
            return null;
        }
        int eol = body.indexOf('\n');
        if (eol < 3) {
            return null;
        }
        return body.substring(2, eol).strip();
    }
}
