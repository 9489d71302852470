package io.harwarden.har.detect;

/**
 * Where a run of one class's characters ends, remembered for the string being scanned. Every anchor inside one run
 * finds the same end, so however many anchors a run holds (a 10 MB line of {@code ya29.ya29.…}), each character is
 * looked at once per class: matching stays linear in the string's length.
 */
final class RunCache {
    private final int[] from;
    private final int[] to;
    private final int[] generation;
    private int current = 1;

    RunCache(int classes) {
        from = new int[classes];
        to = new int[classes];
        generation = new int[classes];
    }

    /** Forgets every run: a new string is being scanned. */
    void reset() {
        current++;
    }

    /** The index of the first character at or after {@code start} that is not in {@code cls}. */
    int end(CharClass cls, CharSequence s, int start) {
        int k = cls.id();
        if (generation[k] == current && from[k] <= start && start < to[k]) {
            return to[k];
        }
        int end = start;
        int length = s.length();
        while (end < length && cls.contains(s.charAt(end))) {
            end++;
        }
        if (end > start) {
            generation[k] = current;
            from[k] = start;
            to[k] = end;
        }
        return end;
    }
}
