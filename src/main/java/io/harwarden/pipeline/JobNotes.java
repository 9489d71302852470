package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.Capability;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.notes.CaseNote;
import io.harwarden.notes.CaseNotes;
import io.harwarden.triage.TriageText;
import io.harwarden.triage.Waterfall;
import io.harwarden.triage.WaterfallPng;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The last step's text: the case note of a job, from what the journal holds of it, with the triage waterfall picture
 * uploaded beside the copies first when configured. Everything here follows from the journal, so a re-run writes the
 * same note.
 */
final class JobNotes {
    private static final Logger LOG = Logger.getLogger(JobNotes.class);
    private static final String WATERFALL_DESCRIPTION = AttachmentRef.OUTPUT_MARK + "triage waterfall";

    private final CaseStore store;
    private final CaseUploads uploads;
    private final WorkDir work;
    private final Clock clock;
    private final CaseNotes.Language language;
    private final String exceptionUrl;
    private boolean waterfall;

    JobNotes(CaseStore store, CaseUploads uploads, WorkDir work, Clock clock, CaseNotes.Language language,
            String exceptionUrl) {
        this.store = store;
        this.uploads = uploads;
        this.work = work;
        this.clock = clock;
        this.language = language;
        this.exceptionUrl = exceptionUrl;
    }

    void withWaterfall(boolean upload) {
        this.waterfall = upload;
    }

    /** The note of {@code job}, in the configured language. */
    String text(Job job) throws CaseStoreException, IOException {
        return CaseNotes.render(note(job, uploadWaterfall(job)), language);
    }

    /**
     * The waterfall picture beside the copies, when configured: its bytes follow from the journal's triage alone, so a
     * crash between the upload and the note finds the same picture on the case and adopts it. One the case system
     * refuses is left out (the note says nothing of it); the note is not held back for a picture.
     */
    private String uploadWaterfall(Job job) throws CaseStoreException, IOException {
        String svg = waterfall && job.triage() != null ? Waterfall.svg(job.triage()) : null;
        if (svg == null) {
            return null;
        }
        String names = uploadPicture(job, svg.getBytes(StandardCharsets.UTF_8), ".svg", "image/svg+xml");
        byte[] png = WaterfallPng.png(job.triage()); // for case systems that preview images but not SVG
        String pngName = png == null || names == null ? null : uploadPicture(job, png, ".png", "image/png");
        return pngName == null ? names : names + ", " + pngName;
    }

    /** One picture, adopted when a crash left it on the case already; null when the case system refused it. */
    private String uploadPicture(Job job, byte[] bytes, String extension, String contentType)
            throws CaseStoreException, IOException {
        Path spill = work.temporary(job.id(), "waterfall" + extension);
        try {
            Files.write(spill, bytes);
            Job.Output picture = new Job.Output(work.relative(spill), bytes.length, HexFormat.of().formatHex(
                    WorkDir.newSha256().digest(bytes)), OutputNames.waterfall(job.original().name(), extension), null,
                    null);
            return uploads.upload(job, picture, contentType, WATERFALL_DESCRIPTION).name();
        } catch (CaseStoreException.Rejected refused) {
            LOG.infof("the case system refused the waterfall picture of %s on case %s: %s", job.original().name(),
                    job.original().caseId(), refused.getMessage());
            return null;
        } finally {
            Files.deleteIfExists(spill);
        }
    }

    private CaseNote note(Job job, String picture) {
        CaseNote.SanitizedCopy copy = job.sanitized() == null ? null : new CaseNote.SanitizedCopy(
                job.sanitized().name(), job.redactionsByCategory().values().stream().mapToLong(Long::longValue).sum(),
                job.redactionsByCategory().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                        .map(e -> new CaseNote.Count(e.getKey(), e.getValue())).toList());
        CaseNote.PlaintextRemoval removal = store.capabilities().contains(Capability.REDACT_ONLY)
                ? CaseNote.PlaintextRemoval.REDACTED : store.capabilities().contains(Capability.RECYCLE_BIN)
                        ? CaseNote.PlaintextRemoval.RECYCLED : CaseNote.PlaintextRemoval.DELETED;
        return new CaseNote(job.original().name(), job.original().size(),
                job.detectedAt().truncatedTo(ChronoUnit.SECONDS), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                job.originalSha256(), copy, job.sanitizeFailure(), job.encrypted().name(), job.recipients(), removal,
                exceptionLink(job.original().caseId()), job.triage() == null ? null : TriageText.note(job.triage(),
                        language == CaseNotes.Language.JA ? TriageText.Language.JA : TriageText.Language.EN, picture));
    }

    /** The link to request this case's originals: the configured page, with the case. */
    private String exceptionLink(CaseId caseId) {
        return exceptionUrl + (exceptionUrl.contains("?") ? '&' : '?') + "case="
                + URLEncoder.encode(caseId.value(), StandardCharsets.UTF_8);
    }
}
