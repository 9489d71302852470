package io.harwarden.casestore;

/** What a case store can do beyond the common contract. */
public enum Capability {
    /** Deleting an attachment removes its bytes (not only a link to them, not a soft delete with undo). */
    TRUE_DELETE,
    /** Deleting moves an attachment to a recycle bin, where an administrator can restore it for a time (Salesforce). */
    RECYCLE_BIN,
    /** The store can only redact an attachment's content, not remove it (Zendesk). */
    REDACT_ONLY,
    /** Notes can be made visible to agents only. */
    PRIVATE_NOTES,
    /** The store reports a SHA-256 of uploaded content, so uploads need not be read back. */
    REPORTS_SHA256,
    /** An attachment is listed only once it is complete, so detection need not wait for it to settle. */
    ATOMIC_UPLOADS
}
