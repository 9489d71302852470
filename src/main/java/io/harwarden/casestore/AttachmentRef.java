package io.harwarden.casestore;

import java.time.Instant;

/**
 * An attachment on a case as the store lists it.
 *
 * @param caseId the case it is attached to
 * @param id the store's id for it (unique within the case)
 * @param name its file name as uploaded
 * @param size its size in bytes
 * @param modified when it was last changed (uploaded)
 * @param description the store's description or comment, empty if none (HAR Warden marks its outputs there)
 */
public record AttachmentRef(CaseId caseId, String id, String name, long size, Instant modified, String description) {
}
