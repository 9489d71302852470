package io.harwarden.exception;

import java.util.List;
import java.util.Optional;

/** The processed files exceptions can be asked for (finished jobs with an encrypted original on the case). */
public interface ProcessedFiles {
    Optional<ProcessedFile> find(String caseId, String jobId);

    List<ProcessedFile> ofCase(String caseId);
}
