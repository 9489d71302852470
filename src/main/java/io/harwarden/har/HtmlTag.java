package io.harwarden.har;

/** Reads the attributes of one HTML start tag, for hidden inputs and meta tags that carry tokens. */
final class HtmlTag {
    private HtmlTag() {
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
