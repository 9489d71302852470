package io.harwarden.har.detect;

/**
 * Where a base64 key that a format found really ends. Keys are pasted wrapped at 64 or 76 columns, indented under a
 * YAML key or a JSON string's {@code \n} escapes, so the format sees only the first line; the rest of the key is every
 * following line that holds nothing but base64, and the padding.
 */
final class Base64Lines {
    /** Shortest line counted as a continuation; shorter ones are the last line only when they end in padding. */
    private static final int MIN_LINE = 4;

    private Base64Lines() {
    }

    /** The end of the key that a format found at {@code [start, end)}; the line break it ended on is not the key's. */
    static int end(String s, int start, int end) {
        while (end > start + 1 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        int at = padding(s, end);
        if (at > end) {
            return at; // padded: the key ends here
        }
        while (true) {
            int line = afterBreak(s, at);
            if (line < 0) {
                return at;
            }
            while (line < s.length() && (s.charAt(line) == ' ' || s.charAt(line) == '\t')) {
                line++;
            }
            int run = line;
            while (run < s.length() && isBase64(s.charAt(run))) {
                run++;
            }
            int padded = padding(s, run);
            boolean lineEnds = padded == s.length() || afterBreak(s, padded) >= 0 || endsLast(s.charAt(padded));
            if (!lineEnds || run - line < MIN_LINE && padded == run || run == line) {
                return at;
            }
            at = padded;
            if (padded > run) {
                return at;
            }
        }
    }

    /** Where the text of the line after a break at {@code i} starts (past its indentation), or {@code i}. */
    static int nextLine(String s, int i) {
        int line = afterBreak(s, i);
        if (line < 0) {
            return i;
        }
        while (line < s.length() && (s.charAt(line) == ' ' || s.charAt(line) == '\t')) {
            line++;
        }
        return line;
    }

    private static int padding(String s, int i) {
        int end = i;
        while (end < s.length() && end - i < 2 && s.charAt(end) == '=') {
            end++;
        }
        return end;
    }

    /** The offset after a line break at {@code i} (a real one or a {@code \n} escape), or -1. */
    static int afterLineBreak(String s, int i) {
        return afterBreak(s, i);
    }

    private static int afterBreak(String s, int i) {
        if (s.startsWith("\r\n", i) || s.startsWith("\\r\\n", i)) {
            return i + (s.charAt(i) == '\\' ? 4 : 2);
        }
        if (i < s.length() && (s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            return i + 1;
        }
        if (s.startsWith("\\n", i)) {
            return i + 2;
        }
        return -1;
    }

    /** What may follow the last line: the end of a quoted string or of an element, or blanks. */
    private static boolean endsLast(char c) {
        return c == '"' || c == '\'' || c == '`' || c == '<' || c == ' ' || c == '\t';
    }

    private static boolean isBase64(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }
}
