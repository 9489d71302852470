package io.harwarden.exception.audit;

import java.time.Instant;

/**
 * One record of the chain as stored: its place, when it was written, what it says, the hash of the record before it
 * ({@link AuditChain#GENESIS} for the first) and its own hash, the SHA-256 of {@link #body()}.
 *
 * @param body the record's canonical JSON, which holds every other field; the hash is taken over exactly these bytes
 */
public record AuditRecord(long seq, Instant at, AuditEntry entry, String previous, String hash, String body) {
}
