package io.harwarden.har;

import io.harwarden.har.walk.Rules;
import java.util.regex.Pattern;

/**
 * The redaction marker {@code [REDACTED:<category>:<8 hex>]}. Rules skip values that already are markers, which makes
 * sanitizing idempotent and lets the fail-closed re-scan treat any would-be redaction of the output as a leak.
 */
public final class Markers {
    public static final String PREFIX = "[REDACTED:";
    private static final Pattern WHOLE = Pattern.compile("\\[REDACTED:[a-z0-9-]+:[0-9a-f]{8}]");

    private Markers() {
    }

    public static String format(Category category, String hex8) {
        return PREFIX + category.label() + ':' + hex8 + ']';
    }

    /**
     * The index just past the whole marker that starts at {@code from}, or -1. Only a whole marker counts: text that
     * merely starts like one is text like any other, and a rule that skipped it would skip what follows.
     */
    public static int end(CharSequence value, int from) {
        if (!startsWithMarker(value, from)) {
            return -1;
        }
        int i = from + PREFIX.length();
        int categoryStart = i;
        while (i < value.length() && i - categoryStart < 40 && isCategoryChar(value.charAt(i))) {
            i++;
        }
        if (i == categoryStart || i >= value.length() || value.charAt(i) != ':') {
            return -1;
        }
        i++;
        for (int hex = 0; hex < 8; hex++, i++) {
            if (i >= value.length() || !isHex(value.charAt(i))) {
                return -1;
            }
        }
        return i < value.length() && value.charAt(i) == ']' ? i + 1 : -1;
    }

    private static boolean isCategoryChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    /** True if the value starts with a marker's prefix (a whole marker or not: see {@link #end}). */
    public static boolean startsWithMarker(CharSequence value, int from) {
        int len = PREFIX.length();
        if (value.length() - from < len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (value.charAt(from + i) != PREFIX.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The text without its markers: a marker never names anything (a key may be one, after its token was redacted). */
    public static String strip(String text) {
        return text.indexOf(PREFIX) < 0 ? text : WHOLE.matcher(text).replaceAll("");
    }

    public static boolean isMarker(String value) {
        return value.startsWith(PREFIX) && WHOLE.matcher(value).matches();
    }
}
