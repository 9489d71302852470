package io.harwarden.detect;

import java.time.Instant;

/**
 * A HAR upload seen on a case, as it travels from the {@code uploads-out} channel to {@code uploads-in} (plain values, so that a broker can carry
 * it as JSON later).
 *
 * @param store the store's type
 * @param caseId the case
 * @param attachmentId the attachment's id in the store
 * @param name its file name
 * @param size its size in bytes
 * @param detectedAt when the detector first saw the file (before it was complete)
 * @param jobId the unfinished job this event resumes, or null for an upload seen on its case
 */
public record UploadEvent(String store, String caseId, String attachmentId, String name, long size,
        Instant detectedAt, String jobId) {

    /** An upload seen on its case. */
    public UploadEvent(String store, String caseId, String attachmentId, String name, long size, Instant detectedAt) {
        this(store, caseId, attachmentId, name, size, detectedAt, null);
    }
}
