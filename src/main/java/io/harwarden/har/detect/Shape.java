package io.harwarden.har.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A credential format as a sequence of literals and runs of a character class, written like
 * {@code SG.{b64url:22}.{b64url:43}} (see the catalogue's README). Matching is anchored at a literal (the prefix) that a
 * multi-pattern search found, and is deterministic: a variable run must be followed by a literal that cannot continue
 * it, or end the shape, so a match never backtracks.
 */
public final class Shape {
    private static final int MAX_RUN = 65_536;

    /** One piece of a shape. */
    sealed interface Segment permits Literal, Run {
    }

    record Literal(String text) implements Segment {
    }

    record Run(CharClass cls, int min, int max) implements Segment {
        boolean fixed() {
            return min == max;
        }
    }

    private final String text;
    private final List<Segment> segments;
    /** The index of the anchor literal in {@link #segments}, or -1 when the shape has no literal to anchor at. */
    private final int anchor;
    /** The length of the fixed runs before the anchor (when {@link #leadingRun} is null). */
    private final int beforeAnchor;
    /** A variable run that opens the shape right before its anchor ({@code {digit:8-10}:AA…}), matched backwards. */
    private final Run leadingRun;
    /** The lenient form after a distinctive prefix (see {@link Leniency}), or null. */
    private final Run lenient;

    private Shape(String text, List<Segment> segments, Function<String, CharClass> classes) {
        this.text = text;
        this.segments = List.copyOf(segments);
        int found = -1;
        int before = 0;
        Run leading = null;
        for (int i = 0; i < segments.size() && found < 0; i++) {
            if (segments.get(i) instanceof Literal) {
                found = i;
            } else if (segments.get(i) instanceof Run run && run.fixed()) {
                before += run.min();
            } else if (i == 0 && segments.size() > 1 && segments.get(1) instanceof Literal) {
                leading = (Run) segments.get(0);
            } else {
                break; // a variable run elsewhere before any literal: no anchor
            }
        }
        this.anchor = found;
        this.beforeAnchor = before;
        this.leadingRun = leading;
        check();
        this.lenient = Leniency.run(this.segments, classes);
    }

    /** Parses a shape; {@code classes} gives the class for a spec, shared across a catalogue. */
    static Shape parse(String text, Function<String, CharClass> classes) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                literal.append(text.charAt(++i));
            } else if (c == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed { in shape " + text);
                }
                if (literal.length() > 0) {
                    segments.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                segments.add(run(text.substring(i + 1, close), classes, text));
                i = close;
            } else if (c == '}') {
                throw new IllegalArgumentException("unescaped } in shape " + text);
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            segments.add(new Literal(literal.toString()));
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("empty shape");
        }
        return new Shape(text, segments, classes);
    }

    private static Run run(String spec, Function<String, CharClass> classes, String shape) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a run is {CLASS:N} or {CLASS:N-M}: " + shape);
        }
        String counts = spec.substring(colon + 1);
        int dash = counts.indexOf('-');
        try {
            int min = Integer.parseInt(dash < 0 ? counts : counts.substring(0, dash));
            int max = dash < 0 ? min : Integer.parseInt(counts.substring(dash + 1));
            if (min < 1 || max < min || max > MAX_RUN) {
                throw new IllegalArgumentException("run lengths must be 1 <= N <= M <= " + MAX_RUN + ": " + shape);
            }
            return new Run(classes.apply(spec.substring(0, colon)), min, max);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad run length in " + shape);
        }
    }

    /** The rules that keep matching deterministic; a shape that breaks one is refused when it is loaded. */
    private void check() {
        for (int i = leadingRun != null ? 1 : 0; i + 1 < segments.size(); i++) { // a leading run is read backwards
            if (segments.get(i) instanceof Run run && !run.fixed()) {
                Segment next = segments.get(i + 1);
                if (!(next instanceof Literal literal) || run.cls().contains(literal.text().charAt(0))) {
                    throw new IllegalArgumentException("a variable run must be followed by a literal it cannot "
                            + "continue, or end the shape: " + text);
                }
            }
        }
    }

    /** The literal the search looks for, or null when the shape has none (it is then matched only whole). */
    public String anchor() {
        return anchor < 0 ? null : ((Literal) segments.get(anchor)).text();
    }

    /**
     * The end of the match whose anchor starts at {@code anchorStart}, or -1. The match starts at
     * {@link #start(CharSequence, int)}; it must not continue a word before it, and its last run must end where the text's run does.
     */
    int matchEnd(CharSequence s, int anchorStart, RunCache runs) {
        int start = start(s, anchorStart);
        if (start < 0 || start > 0 && startsMidWord(s.charAt(start - 1))) {
            return -1;
        }
        if (leadingRun != null) {
            return matchFrom(s, anchorStart, anchor, runs);
        }
        int p = start;
        for (int i = 0; i < anchor; i++) {
            Run run = (Run) segments.get(i);
            for (int k = 0; k < run.min(); k++) {
                if (!run.cls().contains(s.charAt(p + k))) {
                    return -1;
                }
            }
            p += run.min();
        }
        return matchFrom(s, p, anchor, runs);
    }

    /**
     * The end of the lenient match at {@code anchorStart}: the prefix, then one run of the characters the rest of the
     * shape may hold, of about its length (see {@link Leniency}); or -1.
     */
    int lenientEnd(CharSequence s, int anchorStart, RunCache runs) {
        if (lenient == null || anchorStart > 0 && startsMidWord(s.charAt(anchorStart - 1))) {
            return -1;
        }
        int from = anchorStart + ((Literal) segments.get(0)).text().length();
        int end = runs.end(lenient.cls(), s, from);
        int n = end - from;
        return n >= lenient.min() && n <= lenient.max() && Leniency.looksRandom(s, from, end) ? end : -1;
    }

    /** The fewest characters any match has, lenient ones included. */
    public int shortestMatch() {
        int strict = minimalLength();
        return lenient == null ? strict : Math.min(strict, ((Literal) segments.get(0)).text().length() + lenient.min());
    }

    private boolean startsMidWord(char before) {
        return Character.isLetterOrDigit(before);
    }

    /** Matches segments from {@code index} on at {@code p}; returns the end, or -1. */
    private int matchFrom(CharSequence s, int p, int index, RunCache runs) {
        for (int i = index; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment instanceof Literal literal) {
                String t = literal.text();
                if (p + t.length() > s.length() || !regionMatches(s, p, t)) {
                    return -1;
                }
                p += t.length();
            } else {
                Run run = (Run) segment;
                int end = runs.end(run.cls(), s, p);
                int n = end - p;
                if (n < run.min()) {
                    return -1;
                }
                if (run.fixed() && i + 1 < segments.size()) {
                    p += run.min(); // a fixed run may be followed by a class that continues it
                } else if (n > run.max()) {
                    return -1; // longer than the format allows: another token
                } else {
                    p = end;
                }
            }
        }
        if (segments.get(segments.size() - 1) instanceof Literal last && p < s.length()
                && Character.isLetterOrDigit(last.text().charAt(last.text().length() - 1))
                && Character.isLetterOrDigit(s.charAt(p))) {
            return -1;
        }
        return p;
    }

    /** Where the match whose anchor starts at {@code anchorStart} starts, or -1 when nothing fits before it. */
    /** The fewest characters a match can have. */
    public int minimalLength() {
        int n = 0;
        for (Segment segment : segments) {
            n += segment instanceof Literal literal ? literal.text().length() : ((Run) segment).min();
        }
        return n;
    }

    int start(CharSequence s, int anchorStart) {
        if (leadingRun == null) {
            return anchorStart - beforeAnchor;
        }
        int start = anchorStart;
        int limit = Math.max(0, anchorStart - leadingRun.max() - 1);
        while (start > limit && leadingRun.cls().contains(s.charAt(start - 1))) {
            start--;
        }
        int n = anchorStart - start;
        boolean longer = start > 0 && leadingRun.cls().contains(s.charAt(start - 1));
        return n < leadingRun.min() || longer ? -1 : start;
    }

    /** Whether the whole of {@code value} is one match (for values judged by the name they are given under). */
    boolean matchesWhole(String value, RunCache runs) {
        if (anchor < 0) {
            runs.reset();
            return matchFrom(value, 0, 0, runs) == value.length();
        }
        runs.reset();
        int at = value.indexOf(anchor(), leadingRun == null ? beforeAnchor : leadingRun.min());
        return at >= 0 && start(value, at) == 0 && matchEnd(value, at, runs) == value.length();
    }

    private static boolean regionMatches(CharSequence s, int p, String t) {
        for (int k = 0; k < t.length(); k++) {
            if (s.charAt(p + k) != t.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A made-up value of this shape, for tests: random characters of each run, of a random allowed length. */
    public String example(Random random) {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Literal literal) {
                out.append(literal.text());
            } else {
                Run run = (Run) segment;
                String members = run.cls().members();
                int n = run.min() + random.nextInt(Math.min(run.max(), run.min() + 64) - run.min() + 1);
                for (int k = 0; k < n; k++) {
                    out.append(members.charAt(random.nextInt(members.length())));
                }
            }
        }
        return out.toString();
    }

    List<Segment> segments() {
        return segments;
    }

    @Override
    public String toString() {
        return text;
    }
}
