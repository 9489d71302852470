package io.harwarden.exception.audit;

/** The outcome of checking the chain from its first record to its head. */
public sealed interface AuditVerdict {
    /** Every record is where it was written, unchanged, and the head names the last one. */
    record Intact(long records, String head) implements AuditVerdict {
    }

    /**
     * The first record found wrong, and why (edited, deleted, moved, added outside the log).
     *
     * @param record the sequence number of that record
     */
    record Broken(long record, String reason) implements AuditVerdict {
    }
}
