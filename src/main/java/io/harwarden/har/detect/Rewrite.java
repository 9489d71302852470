package io.harwarden.har.detect;

/**
 * Builds a copy of a string with non-overlapping replacements applied left to right; allocates nothing until the
 * first replacement, so an untouched string comes back as the same instance.
 */
public final class Rewrite {
    private final String source;
    private StringBuilder out;
    private int copied;

    public Rewrite(String source) {
        this.source = source;
    }

    /** Replaces {@code [start, end)}; a replacement that overlaps an earlier one is ignored. */
    public void replace(int start, int end, String replacement) {
        if (start < copied) {
            return;
        }
        if (out == null) {
            out = new StringBuilder(source.length() + 32);
        }
        out.append(source, copied, start).append(replacement);
        copied = end;
    }

    boolean changed() {
        return out != null;
    }

    public String result() {
        if (out == null) {
            return source;
        }
        return out.append(source, copied, source.length()).toString();
    }
}
