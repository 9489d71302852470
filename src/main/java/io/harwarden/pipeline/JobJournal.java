package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs survive a restart. Every {@link #save} is durable when it returns; a job is saved after each step, so
 * a restarted daemon resumes at the first step not recorded. Everything is kept per store (its
 * {@link io.harwarden.casestore.CaseStore#key() key}), so two stores with the same case and file names never meet.
 */
public interface JobJournal {

    Optional<Job> find(String jobId);

    void save(Job job);

    /**
     * True if the attachment is one of HAR Warden's own outputs on {@code store}: recorded when uploaded (the same
     * upload, not only the same id), or the planned output of an unfinished job on the same case (its name or
     * "name (n)", and its size). The second covers an upload that a crash cut off before it was recorded, which the
     * detector must not take for a customer's file.
     */
    boolean isOutput(String store, AttachmentRef attachment);

    /** The job most recently saved for an attachment id on a case (the last of its uploads), if any. */
    Optional<Job> latest(String store, CaseId caseId, String attachmentId);

    /** The jobs on {@code store} that have not finished, oldest first: resumed at start and now and then. */
    List<Job> unfinished(String store);

    /** Where detection on {@code store} got to: everything changed before it was handled. Empty at first. */
    Optional<Instant> detectionCursor(String store);

    /** Records the detection cursor durably (it survives a restart, so a restart does not re-list everything). */
    void saveDetectionCursor(String store, Instant position);

    /** The jobs of a case on any store, newest first, at most {@code limit}. */
    List<Job> ofCase(CaseId caseId, int limit);

    /** Keeps the manifest of a job's sanitized copy (replacing the job's earlier one, from a read done again). */
    void saveManifest(StoredManifest manifest);

    /** The manifest of a job's sanitized copy, if it has one. */
    Optional<StoredManifest> manifest(String jobId);

    /** The manifest's counts only (its redactions and key left out), for listings of many files. */
    Optional<StoredManifest> manifestCounts(String jobId);
}
