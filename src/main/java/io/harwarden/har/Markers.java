package io.harwarden.har;

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

    /** True if the value starts with a marker, i.e. it was redacted already. */
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
    static String strip(String text) {
        return text.indexOf(PREFIX) < 0 ? text : WHOLE.matcher(text).replaceAll("");
    }

    public static boolean isMarker(String value) {
        return value.startsWith(PREFIX) && WHOLE.matcher(value).matches();
    }
}
