package io.harwarden.casestore;

/**
 * What the store reports after an upload, for verification before anything is deleted.
 *
 * @param attachment the new attachment
 * @param sha256 the SHA-256 the store computed over what it stored, hex, or null when the store reports none (the
 *     pipeline then reads the attachment back)
 */
public record Uploaded(AttachmentRef attachment, String sha256) {
}
