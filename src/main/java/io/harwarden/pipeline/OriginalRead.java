package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.har.Cancellation;
import io.harwarden.har.HarObserver;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizeException;
import io.harwarden.har.SanitizeReport;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.triage.Triage;
import io.harwarden.triage.TriageReport;
import io.harwarden.triage.TriageTap;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one read of an original (step 2 to the spills): its bytes feed the SHA-256, the encryptor and the triage while
 * the sanitizer parses them, so the plaintext is read from the case once and never written anywhere.
 */
final class OriginalRead {
    private static final Logger LOG = Logger.getLogger(OriginalRead.class);

    private final CaseStore store;
    private final HarSanitizer sanitizer;
    private final PgpEncryptor encryptor;
    private final Triage triage;
    private final WorkDir work;
    private final ManifestKeeper manifests;
    private final PipelineEvents events;
    private final Consumer<Closeable> onStop;

    /**
     * @param triage reads each original for the note's triage section, or null for none
     * @param onStop registers what to close if the attempt is stopped
     */
    OriginalRead(CaseStore store, HarSanitizer sanitizer, PgpEncryptor encryptor, Triage triage, WorkDir work,
            ManifestKeeper manifests, PipelineEvents events, Consumer<Closeable> onStop) {
        this.store = store;
        this.sanitizer = sanitizer;
        this.encryptor = encryptor;
        this.triage = triage;
        this.work = work;
        this.manifests = manifests;
        this.events = events;
        this.onStop = onStop;
    }

    /**
     * The one read of the original: the bytes leaving it feed the SHA-256 and the encryptor while the sanitizer
     * parses them. Spills hold only safe content (sanitized or encrypted). A file that cannot be sanitized is still
     * encrypted; the reason goes into the note. Outputs already uploaded keep their record.
     */
    Job read(Job job, AttachmentRef original) throws CaseStoreException, IOException {
        Path sanitizedSpill = work.sanitizedSpill(job.id());
        Path encryptedSpill = work.encryptedSpill(job.id());
        MessageDigest digest = WorkDir.newSha256();
        MessageDigest cipherDigest = WorkDir.newSha256();
        Cancellation cancellation = new Cancellation();
        SanitizeReport report = null;
        String failure = null;
        List<String> recipients;
        byte[] markerKey = HarSanitizer.newMarkerKey();
        TriageReport triaged = null;
        TriageTap tap = triage == null ? null : triage.tap();
        try (InputStream in = store.open(original);
                OutputStream cipher = new DigestOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(encryptedSpill), 1 << 16), cipherDigest);
                PgpEncryptor.PlaintextSink plain = encryptor.open(cipher, original.name(), original.modified());
                InputStream tee = new TeeInputStream(in, plain, digest)) {
            onStop.accept(() -> cancellation.cancel("the file was stopped"));
            onStop.accept(in);
            SanitizeException stopped = null;
            try { // triage reads the original in the sanitizer's own pass
                report = sanitizer.sanitizeToFile(tee, sanitizedSpill, cancellation, markerKey,
                        tap == null ? HarObserver.NONE : tap);
            } catch (SanitizeException e) {
                failure = e.getMessage();
                stopped = e;
            }
            tee.transferTo(OutputStream.nullOutputStream()); // the encryptor and hash get every byte even so
            plain.close();
            recipients = plain.result().recipientFingerprints();
            requireWhole(original, plain.result().plaintextBytes());
            if (tap != null) {
                triaged = tap.finish(stopped);
                if (triaged == null) {
                    LOG.infof("no triage for %s on case %s: %s", original.name(), original.caseId(), tap.failure());
                }
            }
            // an uploaded copy keeps the manifest of its markers
            if (failure == null && !FileProcessor.uploaded(job.sanitized())) {
                manifests.keep(job, sanitizedSpill, markerKey);
            }
        } finally {
            Arrays.fill(markerKey, (byte) 0);
        }
        Job.Output sanitized = keepUploaded(job.sanitized(), failure != null ? null
                : new Job.Output(sanitizedSpill.getFileName().toString(), report.outputBytes(), report.outputSha256(),
                        OutputNames.sanitized(original.name()), null, null));
        Job.Output encrypted = keepUploaded(job.encrypted(), new Job.Output(encryptedSpill.getFileName().toString(),
                Files.size(encryptedSpill), HexFormat.of().formatHex(cipherDigest.digest()),
                OutputNames.encrypted(original.name()), null, null));
        events.originalRead(original.size(), report, encrypted.size());
        Map<String, Long> counts = report != null ? report.byCategory() : job.redactionsByCategory();
        Job read = job.read(HexFormat.of().formatHex(digest.digest()), sanitized, failure, counts, encrypted,
                recipients, triaged);
        return job.step() == Step.SANITIZED_UPLOADED ? read.at(Step.SANITIZED_UPLOADED) : read;
    }

    /**
     * A stream that ended early (a connection closed without an error, a file cut short) must not become the
     * "original" that replaces the plaintext: the byte count has to be the size the case lists.
     */
    private static void requireWhole(AttachmentRef original, long read) throws CaseStoreException {
        if (read != original.size()) {
            throw new CaseStoreException.Transient("read " + read + " bytes of " + original.name() + " where the case "
                    + "lists " + original.size() + "; nothing was uploaded, the file will be read again", null);
        }
    }

    private static Job.Output keepUploaded(Job.Output previous, Job.Output fresh) {
        return FileProcessor.uploaded(previous) ? previous : fresh;
    }
}
