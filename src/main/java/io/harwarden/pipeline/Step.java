package io.harwarden.pipeline;

/** How far one HAR file has come; each step is recorded before the next begins. */
public enum Step {
    /** Seen on the case, nothing done yet. */
    DETECTED,
    /** Read once: hashed, sanitized and encrypted into spill files (safe content only). */
    READ,
    /** The sanitized copy is on the case and verified (or there is none: the file could not be sanitized). */
    SANITIZED_UPLOADED,
    /** The encrypted original is on the case and verified. */
    ENCRYPTED_UPLOADED,
    /** The plaintext original is gone from the case. */
    PLAINTEXT_DELETED,
    /** The case note is written: finished. */
    DONE,
    /** The original left the case before it could be read again, and nothing more can be done: finished. */
    ABANDONED;

    /** Whether the plaintext this job read is gone from the case by its doing (or it finished otherwise). */
    public boolean plaintextGone() {
        return ordinal() >= PLAINTEXT_DELETED.ordinal();
    }

    public boolean finished() {
        return this == DONE || this == ABANDONED;
    }
}
