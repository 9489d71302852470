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
 * @param version what tells this upload from another one later put under the same id (a file's inode where ids are
 *     names); empty where ids are never reused
 */
public record AttachmentRef(CaseId caseId, String id, String name, long size, Instant modified, String description,
        String uploader, String version) {
    /** The start of the description HAR Warden gives each of its uploads. */
    public static final String OUTPUT_MARK = "HAR Warden: ";

    public AttachmentRef {
        uploader = uploader == null ? "" : uploader;
        version = version == null ? "" : version; // journals written before versions existed
    }

    /** An attachment of a store that does not name uploaders. */
    public AttachmentRef(CaseId caseId, String id, String name, long size, Instant modified, String description) {
        this(caseId, id, name, size, modified, description, "", "");
    }

    /** An attachment of a store whose ids are never reused. */
    public AttachmentRef(CaseId caseId, String id, String name, long size, Instant modified, String description,
            String uploader) {
        this(caseId, id, name, size, modified, description, uploader, "");
    }

    /**
     * This upload as opposed to any other ever put under the same id: the store's version, the size and the time.
     * A file replaced under the same name, or an id reused after a case system's database was restored, differs.
     */
    public String revision() {
        return version + '|' + size + '|' + modified.getEpochSecond() + '.' + modified.getNano();
    }

    /** Whether {@code other} is this very upload (same case, id and revision). */
    public boolean sameUpload(AttachmentRef other) {
        return caseId.equals(other.caseId) && id.equals(other.id) && revision().equals(other.revision());
    }

    /** True when the description carries HAR Warden's mark (which alone proves nothing: anyone can write it). */
    public boolean markedAsOutput() {
        return description.startsWith(OUTPUT_MARK);
    }
}
