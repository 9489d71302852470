package io.harwarden.detect;

/**
 * A HAR upload seen on a case, as it travels on the {@code uploads} channel (plain values, so that a broker can carry
 * it as JSON later).
 *
 * @param store the store's type
 * @param caseId the case
 * @param attachmentId the attachment's id in the store
 * @param name its file name
 * @param size its size in bytes
 */
public record UploadEvent(String store, String caseId, String attachmentId, String name, long size) {
}
