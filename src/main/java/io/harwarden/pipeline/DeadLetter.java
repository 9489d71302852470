package io.harwarden.pipeline;

import java.time.Instant;

/**
 * A HAR file given up after the retry budget, as it goes out on the {@code dead-letters-out} channel. The safety
 * invariant holds (the plaintext is either still on its case or deleted after both copies were verified), and the file
 * is tried again later. Plain values only: never content.
 *
 * @param store the store's type
 * @param caseId the case
 * @param attachmentId the attachment
 * @param name its file name
 * @param size its size in bytes
 * @param detectedAt when it was first seen
 * @param failedAt when it was given up
 * @param reason the last error, one line, with no value from the file
 * @param retryAt when it will be tried again
 * @param lastStep the last step recorded for it ({@link Step}), or null when none was
 */
public record DeadLetter(String store, String caseId, String attachmentId, String name, long size,
        Instant detectedAt, Instant failedAt, String reason, Instant retryAt, String lastStep) {

    /** Where the file is now, in words for the log. */
    public String state() {
        if (lastStep != null && Step.valueOf(lastStep).plaintextGone()) {
            return "the plaintext is deleted and both copies are on the case; only the note is missing";
        }
        if (Step.ENCRYPTED_UPLOADED.name().equals(lastStep) || Step.SANITIZED_UPLOADED.name().equals(lastStep)) {
            return "HAR Warden has not deleted the plaintext; copies made so far are on the case";
        }
        return "HAR Warden has not changed anything on the case";
    }
}
