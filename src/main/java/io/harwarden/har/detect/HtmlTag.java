package io.harwarden.har.detect;

import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.Markers;

/** The scanner's tag rule: hidden inputs and meta tags that carry tokens, and SAML signature values. */
public final class HtmlTag {
    private HtmlTag() {
    }

    /** Hidden inputs and meta tags whose name says CSRF/token/secret; and SAML {@code SignatureValue} elements. */
    static int tag(String s, int i, int maxTag, TextScanner scanner, Rewrite out, Location at) {
        int nameStart = i + 1;
        int nameEnd = nameStart;
        while (nameEnd < s.length() && nameEnd - nameStart < 64
                && (Character.isLetterOrDigit(s.charAt(nameEnd)) || s.charAt(nameEnd) == ':'
                        || s.charAt(nameEnd) == '-' || s.charAt(nameEnd) == '_')) {
            nameEnd++;
        }
        if (nameEnd == nameStart) {
            return -1;
        }
        String name = s.substring(nameStart, nameEnd);
        String local = name.substring(name.indexOf(':') + 1);
        if (local.equals("SignatureValue")) {
            return signatureValue(s, nameEnd, maxTag, scanner, out, at);
        }
        if (local.equalsIgnoreCase("input")) {
            return redactAttribute(s, nameEnd, maxTag, "value", scanner, out, at);
        }
        if (local.equalsIgnoreCase("meta")) {
            return redactAttribute(s, nameEnd, maxTag, "content", scanner, out, at);
        }
        return -1;
    }

    private static int signatureValue(String s, int afterName, int maxTag, TextScanner scanner, Rewrite out,
            Location at) {
        int open = s.indexOf('>', afterName);
        if (open < 0 || open - afterName > maxTag) {
            return -1;
        }
        int close = s.indexOf("</", open + 1);
        if (close < 0) {
            return -1;
        }
        String attributes = s.substring(afterName, open + 1); // skipped by the scanner: scanned here
        String scanned = scanner.scan(attributes, at);
        if (scanned != attributes) {
            out.replace(afterName, open + 1, scanned);
        }
        String value = s.substring(open + 1, close).strip();
        if (!value.isEmpty() && !Markers.isMarker(value)) {
            out.replace(open + 1, close, scanner.redactor().mark(value, Category.SAML_SIGNATURE, at));
        }
        return close;
    }


    /**
     * Redacts the {@code valueAttribute} of the tag whose attributes start at {@code from} when the tag's
     * {@code name} (or {@code id}, {@code property}) names a secret. Returns the offset past the value when it
     * redacted (having scanned the text before the value), else -1 so that the scanner goes on inside the tag.
     */
    static int redactAttribute(String s, int from, int maxTag, String valueAttribute, TextScanner scanner,
            Rewrite out, Location at) {
        int limit = Math.min(s.length(), from + maxTag);
        String name = null;
        int valueStart = -1;
        int valueEnd = -1;
        int i = from;
        while (i < limit) {
            char c = s.charAt(i);
            if (c == '>') {
                break;
            }
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            int attrStart = i;
            while (i < limit && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                i++;
            }
            String attr = s.substring(attrStart, i);
            if (i >= limit || s.charAt(i) != '=') {
                continue;
            }
            i++;
            int start;
            int end;
            if (i < limit && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                char quote = s.charAt(i);
                start = i + 1;
                end = s.indexOf(quote, start);
                if (end < 0 || end > limit) {
                    return -1;
                }
                i = end + 1;
            } else {
                start = i;
                while (i < limit && s.charAt(i) > ' ' && s.charAt(i) != '>') {
                    i++;
                }
                end = i;
            }
            if (attr.equalsIgnoreCase(valueAttribute)) {
                valueStart = start;
                valueEnd = end;
            } else if (name == null && (attr.equalsIgnoreCase("name") || attr.equalsIgnoreCase("id")
                    || attr.equalsIgnoreCase("property"))) {
                name = s.substring(start, end);
            }
        }
        if (name == null || valueStart < 0 || valueEnd <= valueStart) {
            return -1;
        }
        String value = s.substring(valueStart, valueEnd);
        String redacted = scanner.redactNamedValue(value, name, at);
        if (redacted.equals(value)) {
            return -1;
        }
        String before = s.substring(from, valueStart); // the scanner goes on after the value: what comes first is
        String scanned = scanner.scan(before, at);      // scanned here, as any text is
        if (scanned != before) {
            out.replace(from, valueStart, scanned);
        }
        out.replace(valueStart, valueEnd, redacted);
        return valueEnd;
    }
}
