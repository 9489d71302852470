package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.triage.TriageReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The journal's record of one HAR file. Immutable: each step produces the next record.
 *
 * @param id stable id of the job (store, case, attachment and its revision)
 * @param store the key of the store ({@link io.harwarden.casestore.CaseStore#key()}) the job belongs to
 * @param original the attachment being processed
 * @param step the last step completed
 * @param detectedAt when it was first seen
 * @param originalSha256 SHA-256 of the original, once read
 * @param sanitized the verified sanitized copy, or its spill before upload; null when none could be made
 * @param sanitizeFailure why no sanitized copy exists, or null
 * @param redactionsByCategory counts from the sanitizer's report
 * @param encrypted the verified encrypted original, or its spill before upload
 * @param recipients fingerprints of the keys the original is encrypted to
 * @param triage what the original shows support (read with it), or null when there is none
 */
public record Job(String id, String store, AttachmentRef original, Step step, Instant detectedAt,
        String originalSha256, Output sanitized, String sanitizeFailure, Map<String, Long> redactionsByCategory,
        Output encrypted, List<String> recipients, TriageReport triage) {

    /** A job without triage (jobs written before triage, and tests). */
    public Job(String id, String store, AttachmentRef original, Step step, Instant detectedAt, String originalSha256,
            Output sanitized, String sanitizeFailure, Map<String, Long> redactionsByCategory, Output encrypted,
            List<String> recipients) {
        this(id, store, original, step, detectedAt, originalSha256, sanitized, sanitizeFailure, redactionsByCategory,
                encrypted, recipients, null);
    }

    public Job {
        store = store == null ? "" : store; // journals written before stores had keys
    }

    /**
     * One output: the spill file it was written to, its size and hash, and once uploaded, its attachment id.
     *
     * @param spill file name of the spill in the work folder
     * @param size bytes
     * @param sha256 hex
     * @param name the name it gets on the case
     * @param attachmentId the id on the case once uploaded and verified, else null
     * @param revision the uploaded attachment's {@link AttachmentRef#revision()}, once uploaded
     */
    public record Output(String spill, long size, String sha256, String name, String attachmentId, String revision) {
        public Output {
            revision = revision == null ? "" : revision;
        }

        Output uploadedAs(AttachmentRef attachment) {
            return new Output(spill, size, sha256, attachment.name(), attachment.id(), attachment.revision());
        }
    }

    static Job detected(String id, String store, AttachmentRef original, Instant now) {
        return new Job(id, store, original, Step.DETECTED, now, null, null, null, Map.of(), null, List.of(), null);
    }

    Job at(Step next) {
        return new Job(id, store, original, next, detectedAt, originalSha256, sanitized, sanitizeFailure,
                redactionsByCategory, encrypted, recipients, triage);
    }

    Job read(String sha256, Output sanitizedSpill, String failure, Map<String, Long> counts, Output encryptedSpill,
            List<String> keys, TriageReport report) {
        return new Job(id, store, original, Step.READ, detectedAt, sha256, sanitizedSpill, failure,
                Map.copyOf(counts), encryptedSpill, List.copyOf(keys), report != null ? report : triage);
    }

    Job withSanitized(Output output) {
        return new Job(id, store, original, Step.SANITIZED_UPLOADED, detectedAt, originalSha256, output,
                sanitizeFailure, redactionsByCategory, encrypted, recipients, triage);
    }

    Job withEncrypted(Output output) {
        return new Job(id, store, original, Step.ENCRYPTED_UPLOADED, detectedAt, originalSha256, sanitized,
                sanitizeFailure, redactionsByCategory, output, recipients, triage);
    }
}
