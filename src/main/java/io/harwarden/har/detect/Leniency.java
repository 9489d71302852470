package io.harwarden.har.detect;

import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The lenient form of a format with a distinctive prefix. A format's exact lengths and alphabets come from one
 * source; vendors change them and scanners' rules disagree (a token documented as 36 characters is issued with 40, a
 * hex part turns alphanumeric). A prefix like {@code glsa_} or {@code dt0c01.} is specific enough that what follows it
 * is the credential whatever its exact structure: the prefix, then one run of any character the rest of the shape
 * may hold, at least three quarters of its shortest length and holding a digit (no prose word does).
 */
final class Leniency {
    private static final int MIN_RUN = 8;
    private static final int MAX_RUN = 65_536;
    /** Shortest anchor that is distinctive without a separator in it. */
    private static final int PLAIN_ANCHOR = 6;
    /** Runs this long without a digit are still taken (random base64 of this length has one but rarely). */
    private static final int NO_DIGIT_NEEDED = 40;

    private Leniency() {
    }

    /** The lenient run for a shape that opens with a distinctive literal, or null. */
    static Shape.Run run(List<Shape.Segment> segments, Function<String, CharClass> classes) {
        if (!(segments.get(0) instanceof Shape.Literal prefix) || segments.size() < 2 || !distinctive(prefix.text())) {
            return null;
        }
        TreeSet<Character> members = new TreeSet<>();
        long min = 0;
        long max = 0;
        for (Shape.Segment segment : segments.subList(1, segments.size())) {
            if (segment instanceof Shape.Literal literal) {
                literal.text().chars().forEach(c -> members.add((char) c));
                min += literal.text().length();
                max += literal.text().length();
            } else {
                Shape.Run run = (Shape.Run) segment;
                run.cls().members().chars().forEach(c -> members.add((char) c));
                min += run.min();
                max += run.max();
            }
        }
        members.removeIf(c -> c <= ' ' || c == '"' || c == '\'' || c == '\\');
        if (members.isEmpty()) {
            return null;
        }
        StringBuilder spec = new StringBuilder("[");
        members.stream().filter(c -> c != '-').forEach(spec::append);
        if (members.contains('-')) {
            spec.append('-'); // last, so that it is not read as a range
        }
        spec.append(']');
        int lenientMin = (int) Math.max(MIN_RUN, (min * 3 + 3) / 4);
        int lenientMax = (int) Math.min(MAX_RUN, Math.max(max * 2, max + 64));
        return new Shape.Run(classes.apply(spec.toString()), lenientMin, Math.max(lenientMin, lenientMax));
    }

    /**
     * A prefix with a separator in it ({@code sk_}, {@code sl.}, {@code dt0c01.}), or a long one; a URL only with its
     * host and the start of its path ({@code https://hooks.slack.com/services/}), never a bare scheme.
     */
    static boolean distinctive(String prefix) {
        int scheme = prefix.indexOf("://");
        if (scheme >= 0) {
            int slash = prefix.indexOf('/', scheme + 3);
            return slash > 0 && prefix.lastIndexOf('.', slash) > scheme + 3;
        }
        if (prefix.length() >= PLAIN_ANCHOR) {
            return true;
        }
        if (prefix.length() < 3) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (!Character.isLetterOrDigit(prefix.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the run holds a digit, as random tokens do and words do not (or is too long to be a word). */
    static boolean looksRandom(CharSequence s, int from, int end) {
        if (end - from >= NO_DIGIT_NEEDED) {
            return true;
        }
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }
}
