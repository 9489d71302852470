package io.harwarden.exception;

import io.harwarden.casestore.CaseId;
import io.harwarden.pipeline.Job;
import io.harwarden.pipeline.JobJournal;
import io.harwarden.pipeline.Step;
import io.harwarden.pipeline.StoredManifest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Processed files from the journal: jobs whose encrypted original was uploaded and whose sanitized copy has a
 * manifest (a file that could not be sanitized has no markers; its original is released with scope file only).
 */
@ApplicationScoped
public class JournalProcessedFiles implements ProcessedFiles {
    private static final int MAX_FILES = 500;
    private final JobJournal journal;

    JournalProcessedFiles(JobJournal journal) {
        this.journal = journal;
    }

    @Override
    public Optional<ProcessedFile> find(String caseId, String jobId) {
        return journal.find(jobId).filter(job -> job.original().caseId().value().equals(caseId))
                .flatMap(job -> processed(job, journal.manifest(job.id())));
    }

    @Override
    public List<ProcessedFile> ofCase(String caseId) {
        // counts only: a file's manifest can be megabytes, and a case can hold hundreds of files
        return journal.ofCase(new CaseId(caseId), MAX_FILES).stream()
                .map(job -> processed(job, journal.manifestCounts(job.id()))).flatMap(Optional::stream).toList();
    }

    private Optional<ProcessedFile> processed(Job job, Optional<StoredManifest> kept) {
        if (job.encrypted() == null || job.encrypted().attachmentId() == null || job.step() == Step.ABANDONED) {
            return Optional.empty();
        }
        StoredManifest manifest = kept.orElseGet(() -> StoredManifest.none(job.id()));
        return Optional.of(new ProcessedFile(job.id(), job.original().caseId().value(), job.original().name(),
                job.encrypted().attachmentId(), job.encrypted().name(), job.encrypted().size(),
                job.encrypted().sha256(), manifest.entries(), manifest,
                job.sanitized() == null ? null : job.sanitized().attachmentId(),
                job.sanitized() == null ? null : job.sanitized().name()));
    }
}
