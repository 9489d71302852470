package io.harwarden.har.detect;

import java.util.Map;

/** The ASCII characters a run of a {@link Shape} may hold: a named class, or a set such as {@code [A-Za-z0-9_.-]}. */
public final class CharClass {
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("digit", "0-9"), Map.entry("lower", "a-z"), Map.entry("upper", "A-Z"),
            Map.entry("alpha", "A-Za-z"), Map.entry("alnum", "A-Za-z0-9"), Map.entry("upperdigit", "A-Z0-9"),
            Map.entry("lowerdigit", "a-z0-9"), Map.entry("hex", "0-9a-f"), Map.entry("HEX", "0-9A-F"),
            Map.entry("hexany", "0-9a-fA-F"), Map.entry("b64", "A-Za-z0-9+/"), Map.entry("b64url", "A-Za-z0-9_-"));

    private final String spec;
    private final int id;
    private final boolean[] members = new boolean[128];

    private CharClass(String spec, String ranges, int id) {
        this.spec = spec;
        this.id = id;
        for (int i = 0; i < ranges.length(); i++) {
            char from = ranges.charAt(i);
            if (from >= 128) {
                throw new IllegalArgumentException("only ASCII characters in a class: " + spec);
            }
            if (i + 2 < ranges.length() && ranges.charAt(i + 1) == '-') {
                char to = ranges.charAt(i + 2);
                if (to < from || to >= 128) {
                    throw new IllegalArgumentException("bad range in " + spec);
                }
                for (char c = from; c <= to; c++) {
                    members[c] = true;
                }
                i += 2;
            } else {
                members[from] = true;
            }
        }
    }

    /**
     * A class by name ({@code alnum}, {@code hex}, ...) or as {@code [...]}; {@code id} numbers it among the classes of
     * one catalogue (see {@link RunCache}).
     */
    static CharClass of(String spec, int id) {
        if (spec.startsWith("[") && spec.endsWith("]") && spec.length() > 2) {
            return new CharClass(spec, spec.substring(1, spec.length() - 1), id);
        }
        String ranges = NAMED.get(spec);
        if (ranges == null) {
            throw new IllegalArgumentException("unknown character class " + spec + " (known: " + NAMED.keySet() + ")");
        }
        return new CharClass(spec, ranges, id);
    }

    int id() {
        return id;
    }

    public boolean contains(char c) {
        return c < 128 && members[c];
    }

    /** The members, in code order (for generating examples). */
    public String members() {
        StringBuilder out = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            if (members[c]) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The spec it was made from, which also identifies it. */
    public String spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec;
    }
}
