package io.harwarden.har.detect;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the catalogue's credentials in strings, for one thread. {@link #find} runs the anchors' automaton once over the
 * string and confirms each hit; the matches come back in order, without overlaps (the earliest, then the longest).
 */
public final class Matcher {
    private static final Credential[] NONE = {};
    private static final int NAMES_REMEMBERED = 8192;

    private final Catalogue catalogue;
    private final RunCache runs;
    private final Map<String, Credential[]> byName = new HashMap<>();
    private int count;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private Credential[] found = new Credential[16];

    Matcher(Catalogue catalogue) {
        this.catalogue = catalogue;
        this.runs = new RunCache(catalogue.classes());
    }

    /** Finds the credentials in {@code s}; read them with {@link #start}, {@link #end} and {@link #credential}. */
    public int find(String s) {
        count = 0;
        if (s.length() < catalogue.shortest()) {
            return 0; // too short to hold any format (most header values, keys, numbers)
        }
        runs.reset();
        catalogue.anchors().parseText(s, (AhoCorasickDoubleArrayTrie.IHit<Credential[]>) (begin, end, candidates) -> {
            for (Credential c : candidates) {
                int matchEnd = c.shape().matchEnd(s, begin, runs);
                if (matchEnd > 0) {
                    add(c.shape().start(s, begin), matchEnd, c);
                } else if ((matchEnd = c.shape().lenientEnd(s, begin, runs)) > 0) {
                    add(begin, matchEnd, c);
                }
            }
        });
        if (count > 1) {
            resolveOverlaps();
        }
        return count;
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public Credential credential(int i) {
        return found[i];
    }

    /**
     * A credential that needs a keyword, recognised because {@code name} (a key, header or parameter name) holds one
     * of its keywords and the whole {@code value} has its shape; or null.
     */
    public Credential keyed(String name, String value) {
        if (name == null || value.length() < 8) {
            return null;
        }
        for (Credential c : keywordedFor(name)) {
            if (c.shape().matchesWhole(value, runs)) {
                return c;
            }
        }
        return null;
    }

    /** The keyword formats one of whose keywords is in {@code name}; names repeat, so the answer is remembered. */
    private Credential[] keywordedFor(String name) {
        Credential[] known = byName.get(name);
        if (known != null) {
            return known;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        List<Credential> found = new ArrayList<>(0);
        for (Credential c : catalogue.keyworded()) {
            for (String keyword : c.keywords()) {
                if (lower.contains(keyword)) {
                    found.add(c);
                    break;
                }
            }
        }
        if (byName.size() >= NAMES_REMEMBERED) {
            byName.clear(); // a hostile file cannot grow it without bound
        }
        Credential[] result = found.isEmpty() ? NONE : found.toArray(Credential[]::new);
        byName.put(name, result);
        return result;
    }

    private void add(int start, int end, Credential c) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            found = Arrays.copyOf(found, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        found[count] = c;
        count++;
    }

    /** Sorts by start (longest first at equal starts) and drops matches inside an earlier one. */
    private void resolveOverlaps() {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> starts[a] != starts[b] ? Integer.compare(starts[a], starts[b])
                : Integer.compare(ends[b], ends[a]));
        int[] s = new int[count];
        int[] e = new int[count];
        Credential[] c = new Credential[count];
        int kept = 0;
        int reach = -1;
        for (int i : order) {
            if (starts[i] >= reach) {
                s[kept] = starts[i];
                e[kept] = ends[i];
                c[kept] = found[i];
                reach = ends[i];
                kept++;
            }
        }
        System.arraycopy(s, 0, starts, 0, kept);
        System.arraycopy(e, 0, ends, 0, kept);
        System.arraycopy(c, 0, found, 0, kept);
        count = kept;
    }
}
