package io.harwarden.har;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Extra names a policy redacts or keeps, on top of the built-in rules; matched case-insensitively. */
public record NameList(Set<String> redact, Set<String> keep) {
    public static final NameList EMPTY = new NameList(Set.of(), Set.of());

    public NameList {
        redact = lower(redact);
        keep = lower(keep);
    }

    public boolean redacts(String lowerName) {
        return redact.contains(lowerName);
    }

    public boolean keeps(String lowerName) {
        return keep.contains(lowerName);
    }

    boolean isEmpty() {
        return redact.isEmpty() && keep.isEmpty();
    }

    private static Set<String> lower(Set<String> names) {
        return names == null ? Set.of()
                : names.stream().map(String::trim).filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
