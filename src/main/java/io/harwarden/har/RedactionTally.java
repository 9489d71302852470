package io.harwarden.har;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counts of redactions per category and location, and the names they happened under. Never holds a value. */
public final class RedactionTally {
    /** Caps the names kept per kind so that a hostile file cannot grow the report without bound. */
    static final int MAX_NAMES_PER_KIND = 200;

    private final Map<Category, Long> byCategory = new EnumMap<>(Category.class);
    private final Map<Location, Long> byLocation = new EnumMap<>(Location.class);
    private final Map<NameKind, Set<String>> names = new EnumMap<>(NameKind.class);
    private long total;
    /**
     * Redactions since the outermost {@link #begin()}, so that a tentative pass (a body that turns out not to be JSON)
     * can be undone; tentative passes nest (a JSON document inside a JSON string).
     */
    private List<Entry> journal;
    private int tentative;

    private record Entry(Category category, Location location, NameKind kind, String addedName) {
    }

    public void record(Category category, Location location, NameKind kind, String name) {
        total++;
        byCategory.merge(category, 1L, Long::sum);
        byLocation.merge(location, 1L, Long::sum);
        String added = null;
        if (kind != null && name != null) {
            Set<String> set = names.computeIfAbsent(kind, k -> new HashSet<>());
            if (set.size() < MAX_NAMES_PER_KIND && set.add(name)) {
                added = name;
            }
        }
        if (journal != null) {
            journal.add(new Entry(category, location, kind, added));
        }
    }

    /** The sum of several tallies (one per thread of a file), with the same cap on names. */
    static RedactionTally merged(List<RedactionTally> parts) {
        RedactionTally sum = new RedactionTally();
        for (RedactionTally part : parts) {
            sum.total += part.total;
            part.byCategory.forEach((k, v) -> sum.byCategory.merge(k, v, Long::sum));
            part.byLocation.forEach((k, v) -> sum.byLocation.merge(k, v, Long::sum));
            part.names.forEach((kind, set) -> {
                Set<String> into = sum.names.computeIfAbsent(kind, k -> new HashSet<>());
                for (String name : set) {
                    if (into.size() >= MAX_NAMES_PER_KIND) {
                        break;
                    }
                    into.add(name);
                }
            });
        }
        return sum;
    }

    /** Starts a tentative pass; returns the mark to {@link #commit} or {@link #rollback} it with. */
    public int begin() {
        if (journal == null) {
            journal = new ArrayList<>();
        }
        tentative++;
        return journal.size();
    }

    public void commit(int mark) {
        end();
    }

    /** Undoes every redaction recorded since {@code mark}. */
    public void rollback(int mark) {
        List<Entry> undone = journal.subList(mark, journal.size());
        for (Entry e : undone) {
            total--;
            byCategory.merge(e.category(), -1L, Long::sum);
            byLocation.merge(e.location(), -1L, Long::sum);
            if (e.addedName() != null) {
                names.get(e.kind()).remove(e.addedName());
            }
        }
        byCategory.values().removeIf(v -> v == 0);
        byLocation.values().removeIf(v -> v == 0);
        undone.clear();
        end();
    }

    /** Whether a tentative pass is open. */
    public boolean isTentative() {
        return tentative > 0;
    }

    /** Redactions recorded since the outermost tentative pass began (a mark as {@link #begin()} returns). */
    public int tentativeSize() {
        return journal == null ? 0 : journal.size();
    }

    private void end() {
        if (--tentative == 0) {
            journal = null;
        }
    }

    public long total() {
        return total;
    }

    public Map<Category, Long> byCategory() {
        return Map.copyOf(byCategory);
    }

    public Map<Location, Long> byLocation() {
        return Map.copyOf(byLocation);
    }

    public Map<NameKind, Set<String>> names() {
        Map<NameKind, Set<String>> copy = new EnumMap<>(NameKind.class);
        names.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return copy;
    }
}
