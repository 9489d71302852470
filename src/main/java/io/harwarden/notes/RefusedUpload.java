package io.harwarden.notes;

/**
 * What the note says when the case system refused one of HAR Warden's uploads (over its size limit, say), so the
 * plaintext had to stay on the case.
 *
 * @param fileName the customer's HAR file, still on the case
 * @param sizeBytes its size
 * @param copyName the copy the case system refused
 * @param reason the case system's own words, as HAR Warden reported them (never file content)
 */
public record RefusedUpload(String fileName, long sizeBytes, String copyName, String reason) {

    /** The size in a unit a person reads at a glance. */
    public String size() {
        return CaseNote.readable(sizeBytes);
    }
}
