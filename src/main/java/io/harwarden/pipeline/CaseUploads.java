package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import io.harwarden.notes.CaseNotes;
import io.harwarden.notes.RefusedUpload;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts a spill on its case exactly once and verified: an upload a crash cut off before it was recorded is found and
 * adopted, a damaged one is removed and made again, and one the case system refuses is reported on the case.
 */
final class CaseUploads {
    private final CaseStore store;
    private final WorkDir work;
    private final PipelineEvents events;
    private final CaseNotes.Language language;
    private final Consumer<Closeable> onStop;

    /** @param onStop registers a stream to close if the attempt is stopped */
    CaseUploads(CaseStore store, WorkDir work, PipelineEvents events, CaseNotes.Language language,
            Consumer<Closeable> onStop) {
        this.store = store;
        this.work = work;
        this.events = events;
        this.language = language;
        this.onStop = onStop;
    }

    /**
     * An upload the case system refuses (over its size limit, say) cannot be retried into success: the plaintext has
     * to stay, so the case gets a note saying so (once per file) before the failure goes on to the retry budget.
     */
    Job.Output uploadOrReport(Job job, Job.Output output, String contentType, String description)
            throws CaseStoreException, IOException {
        try {
            return upload(job, output, contentType, description);
        } catch (CaseStoreException.Rejected e) {
            events.uploadRefused();
            AttachmentRef original = job.original();
            store.appendNote(original.caseId(), new NoteKey("harwarden-" + job.id() + "-refused"), CaseNotes.render(
                    new RefusedUpload(original.name(), original.size(), output.name(), e.getMessage()), language));
            throw e;
        }
    }

    /**
     * Uploads a spill unless the case already holds it (an upload cut off by a crash before it was recorded), and
     * verifies what the case holds against the spill's size and SHA-256.
     */
    Job.Output upload(Job job, Job.Output output, String contentType, String description)
            throws CaseStoreException, IOException {
        Optional<AttachmentRef> already = onCase(job, output);
        if (already.isPresent()) {
            return output.uploadedAs(already.get());
        }
        Uploaded uploaded;
        try (InputStream in = Files.newInputStream(work.resolve(output.spill()))) {
            onStop.accept(in);
            uploaded = store.upload(job.original().caseId(), new Upload(freeName(job, output.name()), contentType,
                    description, output.size()), in);
        }
        String sha = uploaded.sha256() != null ? uploaded.sha256() : readBackHash(uploaded.attachment());
        if (uploaded.attachment().size() != output.size() || !output.sha256().equals(sha)) {
            store.delete(uploaded.attachment());
            throw new CaseStoreException.Transient("the case holds a damaged copy of " + output.name()
                    + " (size or SHA-256 differ); removed it, will upload again", null);
        }
        return output.uploadedAs(uploaded.attachment());
    }

    /**
     * The case's copy of {@code output} (its name or "name (n)", its size and SHA-256): an upload that a crash cut off
     * before it was recorded, by this process or by another one sharing the journal.
     */
    Optional<AttachmentRef> onCase(Job job, Job.Output output) throws CaseStoreException, IOException {
        for (AttachmentRef existing : store.attachments(job.original().caseId())) {
            boolean ourName = existing.name().equals(output.name())
                    || existing.name().startsWith(output.name() + " (");
            if (ourName && existing.size() == output.size()
                    && output.sha256().equals(readBackHash(existing))) {
                return Optional.of(existing);
            }
        }
        return Optional.empty();
    }

    /** The output's name, or "name (2)" and so on when a customer file already has it. */
    private String freeName(Job job, String name) throws CaseStoreException {
        List<String> taken = store.attachments(job.original().caseId()).stream().map(AttachmentRef::name).toList();
        String candidate = name;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }


    String readBackHash(AttachmentRef attachment) throws CaseStoreException, IOException {
        try (InputStream in = store.open(attachment)) {
            onStop.accept(in);
            return WorkDir.sha256(in);
        }
    }
}
