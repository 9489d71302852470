package io.harwarden.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decides which attachments are HAR files: {@code .har} names in any case, and {@code .json}/{@code .txt} uploads
 * whose first bytes are a HAR document (a renamed HAR must not slip through).
 */
public final class HarRecognizer {
    /** How much of a file's start is read to sniff it. */
    static final int SNIFF_BYTES = 4096;

    private HarRecognizer() {
    }

    /** What a name alone says. */
    public enum ByName {
        HAR, MAYBE, NOT_HAR
    }

    public static ByName byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".har")) {
            return ByName.HAR;
        }
        if (lower.endsWith(".json") || lower.endsWith(".txt") || lower.endsWith(".har.json")
                || lower.endsWith(".log")) {
            return ByName.MAYBE;
        }
        return ByName.NOT_HAR;
    }

    /**
     * True if the stream starts like a HAR document: an object whose first member is {@code "log"} holding an object
     * with a HAR member ({@code version}, {@code creator}, {@code entries}, {@code pages}) near its start. Reads at
     * most {@value #SNIFF_BYTES} bytes.
     */
    public static boolean looksLikeHar(InputStream in) throws IOException {
        byte[] head = in.readNBytes(SNIFF_BYTES);
        String text = new String(head, StandardCharsets.UTF_8);
        int i = skipSpace(text, text.startsWith("\uFEFF") ? 1 : 0);
        if (i >= text.length() || text.charAt(i) != '{') {
            return false;
        }
        i = skipSpace(text, i + 1);
        if (!text.startsWith("\"log\"", i)) {
            return false;
        }
        i = skipSpace(text, i + 5);
        if (i >= text.length() || text.charAt(i) != ':') {
            return false;
        }
        i = skipSpace(text, i + 1);
        if (i >= text.length() || text.charAt(i) != '{') {
            return false;
        }
        String rest = text.substring(i);
        return rest.contains("\"version\"") || rest.contains("\"creator\"") || rest.contains("\"entries\"")
                || rest.contains("\"pages\"");
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
