package io.harwarden.triage;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * The header names triage reads, matched against the parser's current string without making a String of it: a
 * capture has a few dozen headers per call and triage needs a handful, so the rest are skipped undecoded.
 */
final class KnownNames {
    private static final int LONGEST = 64;
    /** The names by their length: a header's name is compared only with names as long as it. */
    private final String[][] byLength = new String[LONGEST + 1][];

    KnownNames(Set<String> names) {
        for (int length = 0; length <= LONGEST; length++) {
            int l = length;
            String[] same = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).filter(n -> n.length() == l).distinct()
                    .toArray(String[]::new);
            byLength[length] = same.length == 0 ? null : same;
        }
    }

    /** The known name (lower case) the parser's current string is, in any case, or null. */
    String match(JsonParser p) throws IOException {
        int length = p.getTextLength();
        String[] candidates = length > LONGEST ? null : byLength[length];
        if (candidates == null) {
            return null;
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (String n : candidates) {
            if (equalsIgnoreCase(chars, offset, n)) {
                return n;
            }
        }
        return null;
    }

    /** The known name (lower case) {@code name} is, in any case, or null. */
    String match(String name) {
        int length = name.length();
        String[] candidates = length > LONGEST ? null : byLength[length];
        if (candidates == null) {
            return null;
        }
        char first = Character.toLowerCase(name.charAt(0));
        char last = Character.toLowerCase(name.charAt(length - 1));
        for (String n : candidates) { // most names differ at one end: the whole comparison only for the rest
            if (n.charAt(0) == first && n.charAt(length - 1) == last && name.regionMatches(true, 0, n, 0, length)) {
                return n;
            }
        }
        return null;
    }

    private static boolean equalsIgnoreCase(char[] chars, int offset, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            char c = chars[offset + i];
            if (c != lower.charAt(i) && Character.toLowerCase(c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
