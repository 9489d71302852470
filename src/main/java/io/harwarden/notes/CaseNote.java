package io.harwarden.notes;

import java.time.Instant;
import java.util.List;

/**
 * What one processed HAR file's note says: names, sizes, times, hashes, counts and fingerprints, never a value from
 * the file.
 *
 * @param fileName the original's name on the case
 * @param sizeBytes the original's size
 * @param detectedAt when the upload was detected
 * @param finishedAt when processing finished
 * @param originalSha256 SHA-256 of the original, hex
 * @param sanitized the sanitized copy, or null when none could be made
 * @param sanitizeFailure why no sanitized copy exists (one line), or null
 * @param encryptedName name of the encrypted original on the case
 * @param recipients fingerprints of the keys the original is encrypted to
 * @param plaintextRemoval what happened to the plaintext original
 * @param exceptionUrl where to request the original
 * @param triage the triage section (what the capture shows support), or null
 */
public record CaseNote(String fileName, long sizeBytes, Instant detectedAt, Instant finishedAt, String originalSha256,
        SanitizedCopy sanitized, String sanitizeFailure, String encryptedName, List<String> recipients,
        PlaintextRemoval plaintextRemoval, String exceptionUrl, String triage) {

    /** A note without a triage section. */
    public CaseNote(String fileName, long sizeBytes, Instant detectedAt, Instant finishedAt, String originalSha256,
            SanitizedCopy sanitized, String sanitizeFailure, String encryptedName, List<String> recipients,
            PlaintextRemoval plaintextRemoval, String exceptionUrl) {
        this(fileName, sizeBytes, detectedAt, finishedAt, originalSha256, sanitized, sanitizeFailure, encryptedName,
                recipients, plaintextRemoval, exceptionUrl, null);
    }

    /**
     * The sanitized copy.
     *
     * @param name its name on the case
     * @param redactions how many values were redacted
     * @param categories redactions per category, most first
     */
    public record SanitizedCopy(String name, long redactions, List<Count> categories) {
    }

    /** A count of redactions of one category. */
    public record Count(String category, long count) {
    }

    /** What became of the plaintext original. */
    public enum PlaintextRemoval {
        DELETED,
        /** Deleted into the case system's recycle bin, where an administrator can restore it for a time. */
        RECYCLED,
        REDACTED
    }

    /** The size in a unit a person reads at a glance. */
    public String size() {
        return readable(sizeBytes);
    }

    static String readable(long sizeBytes) {
        if (sizeBytes < 1024) {
            return sizeBytes + " B";
        }
        if (sizeBytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", sizeBytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", sizeBytes / (1024.0 * 1024));
    }

    public boolean deleted() {
        return plaintextRemoval == PlaintextRemoval.DELETED;
    }

    public boolean recycled() {
        return plaintextRemoval == PlaintextRemoval.RECYCLED;
    }
}
