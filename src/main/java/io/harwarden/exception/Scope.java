package io.harwarden.exception;

import java.util.Locale;

/** What a request asks to see of an original, smallest first. */
public enum Scope {
    /** The values behind named markers of the sanitized copy. */
    MARKERS,
    /** Chosen entries, unsanitized, as a HAR holding only those entries. */
    ENTRIES,
    /** The whole original. */
    FILE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
