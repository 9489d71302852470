package io.harwarden.notes;

import java.time.Instant;

/**
 * A note for one event of an exception request: who did what when, what was asked and why; never content.
 *
 * @param event the audit event's label ({@code requested}, {@code approved}, ...)
 * @param what the scope in words ({@code 2 marker values}, {@code entries 0, 2}, {@code the whole file})
 * @param text the justification (requested), comment (decisions) or reason (refused), or null
 * @param recipient the key a release was encrypted to, or null
 * @param sha256 the SHA-256 of the released bytes, or null
 */
public record ExceptionNote(String requestId, String event, String actor, Instant at, String fileName, String what,
        String text, String recipient, String sha256, long auditRecord, String auditHash) {
}
