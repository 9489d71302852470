package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where jobs survive a restart. Every {@link #save} is durable when it returns; a job is saved after each step, so
 * a restarted daemon resumes at the first step not recorded.
 */
public interface JobJournal {

    Optional<Job> find(String jobId);

    void save(Job job);

    /** True if the attachment is one of HAR Warden's own outputs (recorded when uploaded), not a customer file. */
    boolean isOutput(CaseId caseId, String attachmentId);

    /**
     * True if the attachment is one of HAR Warden's own outputs: recorded when uploaded, or the planned output of an
     * unfinished job on the same case (its name or "name (n)", and its size). The second covers an upload that a
     * crash cut off before it was recorded, which the detector must not take for a customer's file.
     */
    boolean isOutput(AttachmentRef attachment);

    /** Where detection on {@code store} got to: everything changed before it was handled. Empty at first. */
    Optional<Instant> detectionCursor(String store);

    /** Records the detection cursor durably (it survives a restart, so a restart does not re-list everything). */
    void saveDetectionCursor(String store, Instant position);
}
