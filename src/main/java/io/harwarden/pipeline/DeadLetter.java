package io.harwarden.pipeline;

import java.time.Instant;

/**
 * A HAR file given up after the retry budget, as it goes out on the {@code dead-letters-out} channel. The file stays
 * on its case as it was (the safety invariant holds) and is tried again later. Plain values only: never content.
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
 */
public record DeadLetter(String store, String caseId, String attachmentId, String name, long size,
        Instant detectedAt, Instant failedAt, String reason, Instant retryAt) {
}
