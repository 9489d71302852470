package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.Capability;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizeException;
import io.harwarden.har.SanitizeReport;
import io.harwarden.notes.CaseNote;
import io.harwarden.notes.CaseNotes;
import io.harwarden.notes.RefusedUpload;
import io.harwarden.pgp.PgpEncryptor;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Runs, or resumes, the seven steps for one HAR attachment. The journal records each step before the next starts, and
 * every step can be re-run: an upload that reached the case just before a crash is found and adopted (same name,
 * size and SHA-256) instead of repeated; a delete of a gone file succeeds; a note is written once per job. The
 * plaintext is deleted only after both uploads were verified against their spill files.
 */
public final class FileProcessor {
    private static final String SANITIZED_DESCRIPTION = AttachmentRef.OUTPUT_MARK + "sanitized copy";
    private static final String ENCRYPTED_DESCRIPTION = AttachmentRef.OUTPUT_MARK + "encrypted original";

    private final CaseStore store;
    private final HarSanitizer sanitizer;
    private final PgpEncryptor encryptor;
    private final JobJournal journal;
    private final Path work;
    private final Clock clock;
    private final CaseNotes.Language language;
    private final String exceptionUrl;
    private final PipelineEvents events;

    public FileProcessor(CaseStore store, HarSanitizer sanitizer, PgpEncryptor encryptor, JobJournal journal,
            Path work, Clock clock, CaseNotes.Language language, String exceptionUrl, PipelineEvents events)
            throws IOException {
        this.store = store;
        this.sanitizer = sanitizer;
        this.encryptor = encryptor;
        this.journal = journal;
        this.work = Files.createDirectories(work);
        this.clock = clock;
        this.language = language;
        this.exceptionUrl = exceptionUrl;
        this.events = events;
    }

    /** The journal id of an attachment: stable across restarts, safe as a file name and a note key. */
    public String jobId(AttachmentRef original) {
        String identity = store.type() + '\n' + original.caseId().value() + '\n' + original.id();
        return HexFormat.of().formatHex(sha256().digest(identity.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** Processes a file detected now (see {@link #process(AttachmentRef, Instant)}). */
    public Job process(AttachmentRef original) throws CaseStoreException, IOException {
        return process(original, clock.instant());
    }

    /** Runs the steps still to do for {@code original}; {@code detectedAt} counts only for a new job. */
    public Job process(AttachmentRef original, Instant detectedAt) throws CaseStoreException, IOException {
        String id = jobId(original);
        Job job = journal.find(id).orElseGet(() -> Job.detected(id, original, detectedAt));
        if (needsRead(job)) {
            job = step(Step.READ, job, this::read);
        }
        if (job.step() == Step.READ) {
            job = step(Step.SANITIZED_UPLOADED, job, j -> j.sanitized() == null ? j.at(Step.SANITIZED_UPLOADED)
                    : j.withSanitized(uploadOrReport(j, j.sanitized(), "application/json", SANITIZED_DESCRIPTION)));
        }
        if (job.step() == Step.SANITIZED_UPLOADED) {
            job = step(Step.ENCRYPTED_UPLOADED, job, j -> j.withEncrypted(uploadOrReport(j, j.encrypted(),
                    "application/pgp-encrypted", ENCRYPTED_DESCRIPTION)));
        }
        if (job.step() == Step.ENCRYPTED_UPLOADED) {
            job = step(Step.PLAINTEXT_DELETED, job, j -> {
                store.delete(j.original());
                return j.at(Step.PLAINTEXT_DELETED);
            });
            events.plaintextDeleted(Duration.between(job.detectedAt(), clock.instant()));
        }
        if (job.step() == Step.PLAINTEXT_DELETED) {
            job = step(Step.DONE, job, j -> {
                store.appendNote(original.caseId(), new NoteKey("harwarden-" + id),
                        CaseNotes.render(note(j), language));
                return j.at(Step.DONE);
            });
            deleteSpills(job);
            events.finished(job.sanitized() != null);
        }
        return job;
    }

    @FunctionalInterface
    private interface StepAction {
        Job run(Job job) throws CaseStoreException, IOException;
    }

    /** Runs one step, records its result in the journal before anything else happens, and reports its time. */
    private Job step(Step step, Job job, StepAction action) throws CaseStoreException, IOException {
        long start = System.nanoTime();
        Job next = save(action.run(job));
        events.stepFinished(step, Duration.ofNanos(System.nanoTime() - start));
        return next;
    }

    /** The original must be read when nothing was read yet, or a spill still needed for an upload is missing. */
    private boolean needsRead(Job job) throws IOException {
        return switch (job.step()) {
            case DETECTED -> true;
            case READ -> !spillIntact(job.sanitized()) || !spillIntact(job.encrypted());
            case SANITIZED_UPLOADED -> !spillIntact(job.encrypted());
            default -> false;
        };
    }

    private boolean spillIntact(Job.Output output) throws IOException {
        if (output == null || output.attachmentId() != null) {
            return true;
        }
        Path spill = work.resolve(output.spill());
        return Files.exists(spill) && Files.size(spill) == output.size() && output.sha256().equals(hash(spill));
    }

    /**
     * The one read of the original: the bytes leaving it feed the SHA-256 and the encryptor while the sanitizer
     * parses them. Spills hold only safe content (sanitized or encrypted). A file that cannot be sanitized is still
     * encrypted; the reason goes into the note. Outputs already uploaded keep their record.
     */
    private Job read(Job job) throws CaseStoreException, IOException {
        AttachmentRef original = job.original();
        Path sanitizedSpill = work.resolve(job.id() + ".sanitized.har");
        Path encryptedSpill = work.resolve(job.id() + ".har.pgp");
        MessageDigest digest = sha256();
        MessageDigest cipherDigest = sha256();
        SanitizeReport report = null;
        String failure = null;
        List<String> recipients;
        try (InputStream in = store.open(original);
                OutputStream cipher = new DigestOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(encryptedSpill), 1 << 16), cipherDigest);
                PgpEncryptor.PlaintextSink plain = encryptor.open(cipher, original.name(), original.modified());
                Tee tee = new Tee(in, plain, digest)) {
            try {
                report = sanitizer.sanitizeToFile(tee, sanitizedSpill);
            } catch (SanitizeException e) {
                failure = e.getMessage();
            }
            tee.transferTo(OutputStream.nullOutputStream()); // the encryptor and hash get every byte even so
            plain.close();
            recipients = plain.result().recipientFingerprints();
            requireWhole(original, plain.result().plaintextBytes());
        }
        Job.Output sanitized = keepUploaded(job.sanitized(), failure != null ? null
                : new Job.Output(sanitizedSpill.getFileName().toString(), report.outputBytes(), report.outputSha256(),
                        sanitizedName(original.name()), null));
        Job.Output encrypted = keepUploaded(job.encrypted(), new Job.Output(encryptedSpill.getFileName().toString(),
                Files.size(encryptedSpill), HexFormat.of().formatHex(cipherDigest.digest()), original.name() + ".pgp",
                null));
        events.originalRead(original.size(), report, encrypted.size());
        Map<String, Long> counts = report != null ? report.byCategory() : job.redactionsByCategory();
        Job read = job.read(HexFormat.of().formatHex(digest.digest()), sanitized, failure, counts, encrypted, recipients);
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
        return previous != null && previous.attachmentId() != null ? previous : fresh;
    }

    /**
     * An upload the case system refuses (over its size limit, say) cannot be retried into success: the plaintext has
     * to stay, so the case gets a note saying so (once per file) before the failure goes on to the retry budget.
     */
    private Job.Output uploadOrReport(Job job, Job.Output output, String contentType, String description)
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
    private Job.Output upload(Job job, Job.Output output, String contentType, String description)
            throws CaseStoreException, IOException {
        for (AttachmentRef existing : store.attachments(job.original().caseId())) {
            boolean ourName = existing.name().equals(output.name())
                    || existing.name().startsWith(output.name() + " (");
            if (ourName && existing.size() == output.size()
                    && output.sha256().equals(readBackHash(existing))) {
                return output.uploadedAs(existing.id());
            }
        }
        Path spill = work.resolve(output.spill());
        Uploaded uploaded;
        try (InputStream in = Files.newInputStream(spill)) {
            uploaded = store.upload(job.original().caseId(), new Upload(freeName(job, output.name()), contentType,
                    description, output.size()), in);
        }
        String sha = uploaded.sha256() != null ? uploaded.sha256() : readBackHash(uploaded.attachment());
        if (uploaded.attachment().size() != output.size() || !output.sha256().equals(sha)) {
            store.delete(uploaded.attachment());
            throw new CaseStoreException.Transient("the case holds a damaged copy of " + output.name()
                    + " (size or SHA-256 differ); removed it, will upload again", null);
        }
        return new Job.Output(output.spill(), output.size(), output.sha256(), uploaded.attachment().name(),
                uploaded.attachment().id());
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

    private String readBackHash(AttachmentRef attachment) throws CaseStoreException, IOException {
        try (InputStream in = store.open(attachment)) {
            return sha256Hex(in);
        }
    }

    private CaseNote note(Job job) {
        CaseNote.SanitizedCopy copy = job.sanitized() == null ? null : new CaseNote.SanitizedCopy(
                job.sanitized().name(), job.redactionsByCategory().values().stream().mapToLong(Long::longValue).sum(),
                job.redactionsByCategory().entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                        .map(e -> new CaseNote.Count(e.getKey(), e.getValue())).toList());
        CaseNote.PlaintextRemoval removal = store.capabilities().contains(Capability.REDACT_ONLY)
                ? CaseNote.PlaintextRemoval.REDACTED : CaseNote.PlaintextRemoval.DELETED;
        return new CaseNote(job.original().name(), job.original().size(),
                job.detectedAt().truncatedTo(ChronoUnit.SECONDS), clock.instant().truncatedTo(ChronoUnit.SECONDS),
                job.originalSha256(), copy, job.sanitizeFailure(), job.encrypted().name(), job.recipients(), removal,
                exceptionUrl);
    }

    static String sanitizedName(String original) {
        int dot = original.lastIndexOf('.');
        return dot > 0 ? original.substring(0, dot) + ".sanitized" + original.substring(dot)
                : original + ".sanitized.har";
    }

    private Job save(Job job) {
        journal.save(job);
        return job;
    }

    private void deleteSpills(Job job) throws IOException {
        for (Job.Output output : new Job.Output[] {job.sanitized(), job.encrypted()}) {
            if (output != null) {
                Files.deleteIfExists(work.resolve(output.spill()));
            }
        }
    }

    private static String hash(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256Hex(in);
        }
    }

    private static String sha256Hex(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every byte read from the original also goes to the encryptor and the digest, exactly once. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;
        private final MessageDigest digest;

        Tee(InputStream in, OutputStream copy, MessageDigest digest) {
            super(in);
            this.copy = copy;
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
                digest.update(b, off, n);
            }
            return n;
        }

        /** Reads instead of skipping: a skip would bypass the encryptor. */
        @Override
        public long skip(long n) throws IOException {
            return Math.max(0, read(new byte[(int) Math.min(Math.max(n, 0), 8192)]));
        }
    }
}
