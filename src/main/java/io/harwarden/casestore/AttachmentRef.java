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
 * @param uploader the account that uploaded it, as the store identifies accounts; empty when the store does not say
 */
public record AttachmentRef(CaseId caseId, String id, String name, long size, Instant modified, String description,
        String uploader) {
    /** The start of the description HAR Warden gives each of its uploads. */
    public static final String OUTPUT_MARK = "HAR Warden: ";

    /** An attachment of a store that does not name uploaders. */
    public AttachmentRef(CaseId caseId, String id, String name, long size, Instant modified, String description) {
        this(caseId, id, name, size, modified, description, "");
    }

    /** True when the description carries HAR Warden's mark (which alone proves nothing: anyone can write it). */
    public boolean markedAsOutput() {
        return description.startsWith(OUTPUT_MARK);
    }
}
