package io.harwarden.exception;

import io.harwarden.pipeline.StoredManifest;

/**
 * A processed file an exception can be asked for: its job, case, name and the manifest of its sanitized copy.
 *
 * @param encryptedAttachment the id of the encrypted original on the case; its name, size and SHA-256 follow
 * @param entries how many entries the file holds
 * @param sanitizedAttachment the id of the sanitized copy on the case, or null when there is none (its name follows)
 */
public record ProcessedFile(String jobId, String caseId, String fileName, String encryptedAttachment,
        String encryptedName, long encryptedSize, String encryptedSha256, int entries, StoredManifest manifest,
        String sanitizedAttachment, String sanitizedName) {
}
