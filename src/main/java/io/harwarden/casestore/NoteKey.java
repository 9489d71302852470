package io.harwarden.casestore;

/**
 * Identifies one note so that appending it twice (after a crash or a retry) writes it once. The store embeds the key
 * in the note, where a person may see it: it must hold no secret.
 */
public record NoteKey(String value) {
    public NoteKey {
        if (value == null || !value.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new IllegalArgumentException("a note key is 1-128 characters of [A-Za-z0-9._:-]");
        }
    }
}
