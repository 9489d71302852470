package io.harwarden.pipeline;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.NoteKey;
import io.harwarden.har.HarSanitizer;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.triage.Triage;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs, or resumes, the seven steps for one HAR upload. The journal records each step before the next starts, and
 * every step can be re-run: an upload that reached the case just before a crash is found and adopted (same name,
 * size and SHA-256) instead of repeated; a delete of a gone file succeeds; a note is written once per job. The
 * plaintext is deleted only after both uploads were verified against their spill files. A job is one upload, not one
 * name: the same name uploaded again is a new job. Each attempt runs under a time budget (see {@link Watchdog}).
 */
public final class FileProcessor {
    private static final Logger LOG = Logger.getLogger(FileProcessor.class);
    private static final String SANITIZED_DESCRIPTION = AttachmentRef.OUTPUT_MARK + "sanitized copy";
    private static final String ENCRYPTED_DESCRIPTION = AttachmentRef.OUTPUT_MARK + "encrypted original";
    /** More uploads than anyone makes of one identical file; past it the journal is not trusted. */
    private static final int MAX_SUCCESSORS = 10_000;
    /** A lease outlives the file's time budget by this much: the watchdog stops the holder before it ends. */
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);
    /** The lease of a job run outside a watched attempt (it always is one in the daemon). */
    private static final Duration LEASE_WITHOUT_BUDGET = Duration.ofMinutes(30);

    /** An attempt stopped by its time budget or by shutdown; the file stays as it is and is tried again. */
    /** Another process sharing the journal holds the job's lease: this one leaves the file alone for now. */
    public static final class HeldElsewhere extends RuntimeException {
        HeldElsewhere(String message) {
            super(message, null, false, false);
        }
    }

    public static final class Stopped extends RuntimeException {
        private final boolean shutdown;

        Stopped(String message, boolean shutdown) {
            super(message, null, false, false);
            this.shutdown = shutdown;
        }

        /** Whether the daemon is shutting down (the file resumes at the next start; nothing failed). */
        public boolean shutdown() {
            return shutdown;
        }
    }

    static final String SHUTDOWN = "the daemon is shutting down";

    private final CaseStore store;
    private final String storeKey;
    private final JobJournal journal;
    private final WorkDir work;
    private final Clock clock;
    private final PipelineEvents events;
    private final Watchdog watchdog;
    private final JobLeases leases;
    private final CaseUploads uploads;
    private final JobNotes notes;
    private final OriginalRead reader;
    /**
     * Jobs this process runs now. A lease is this process' to take again (after a restart under the same name), so it
     * does not keep two of its own workers apart when one job reaches it twice (a Kafka redelivery and a new detector's
     * event at once): this set does.
     */
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FileProcessor(CaseStore store, HarSanitizer sanitizer, PgpEncryptor encryptor, JobJournal journal,
            Path work, Clock clock, CaseNotes.Language language, String exceptionUrl, PipelineEvents events,
            Watchdog watchdog) throws IOException {
        this(store, sanitizer, encryptor, journal, JobLeases.UNSHARED, work, clock, language, exceptionUrl, events,
                watchdog);
    }

    /** @param leases how processes sharing {@code journal} keep off each other's jobs */
    public FileProcessor(CaseStore store, HarSanitizer sanitizer, PgpEncryptor encryptor, JobJournal journal,
            JobLeases leases, Path work, Clock clock, CaseNotes.Language language, String exceptionUrl,
            PipelineEvents events, Watchdog watchdog) throws IOException {
        this(store, sanitizer, encryptor, journal, leases, work, clock, language, exceptionUrl, events, watchdog, null);
    }

    /** @param triage reads each original for support's triage section of the note, during its one read; or null */
    public FileProcessor(CaseStore store, HarSanitizer sanitizer, PgpEncryptor encryptor, JobJournal journal,
            JobLeases leases, Path work, Clock clock, CaseNotes.Language language, String exceptionUrl,
            PipelineEvents events, Watchdog watchdog, Triage triage) throws IOException {
        this.leases = leases;
        this.store = store;
        this.storeKey = store.key();
        this.journal = journal;
        this.work = new WorkDir(work);
        this.clock = clock;
        this.events = events;
        this.watchdog = watchdog;
        this.uploads = new CaseUploads(store, this.work, events, language, this::onStop);
        this.reader = new OriginalRead(store, sanitizer, encryptor, triage, this.work, new ManifestKeeper(journal,
                encryptor, clock), events, this::onStop);
        this.notes = new JobNotes(store, uploads, this.work, clock, language, exceptionUrl);
    }

    /** Uploads each capture's triage waterfall picture (SVG) beside its copies, when it has a row to draw. */
    public FileProcessor withWaterfall(boolean upload) {
        notes.withWaterfall(upload);
        return this;
    }

    /** Removes what a killed process left in the work folder; run before any file is processed. */
    public int removeOrphans() throws IOException {
        return work.removeOrphans(journal::find);
    }

    /** The journal id of an upload: stable across restarts, safe as a file name and a note key. */
    public String jobId(AttachmentRef original) {
        return hash(storeKey + '\n' + original.caseId().value() + '\n' + original.id() + '\n' + original.revision());
    }

    /** Processes a file detected now (see {@link #process(AttachmentRef, Instant)}). */
    public Job process(AttachmentRef original) throws CaseStoreException, IOException {
        return process(original, clock.instant());
    }

    /**
     * Runs the steps still to do for {@code original}, as listed on its case now; {@code detectedAt} counts only for
     * a new job.
     */
    public Job process(AttachmentRef original, Instant detectedAt) throws CaseStoreException, IOException {
        return watched(original, () -> run(jobFor(original, detectedAt), original));
    }

    /**
     * Resumes a job of the journal, whether or not its original is still on the case: a job that deleted the
     * plaintext still owes its note, and one whose original has left the case still has copies to upload.
     */
    public Job resume(String jobId) throws CaseStoreException, IOException {
        Optional<Job> found = journal.find(jobId);
        if (found.isEmpty() || found.get().step().finished()) {
            return found.orElse(null);
        }
        Job job = found.get();
        return watched(job.original(), () -> run(job, listed(job.original())));
    }

    /**
     * The job of this upload. A job that already deleted its plaintext cannot be this upload, which is on the case
     * now: the same file uploaded again with the same identity (an inode reused, a time kept) gets the next job in
     * line. Such an earlier job still owing its note is finished first.
     */
    private Job jobFor(AttachmentRef original, Instant detectedAt) throws CaseStoreException, IOException {
        String id = jobId(original);
        for (int n = 0; n < MAX_SUCCESSORS; n++) {
            Optional<Job> found = journal.find(id);
            if (found.isEmpty()) {
                return Job.detected(id, storeKey, original, detectedAt);
            }
            if (!found.get().step().plaintextGone()) {
                return found.get();
            }
            if (found.get().step() == Step.PLAINTEXT_DELETED) {
                run(found.get(), null);
            }
            if (listed(original) == null) {
                return journal.find(id).orElseThrow(); // not on the case after all: nothing new to do
            }
            id = hash(id + "\nagain");
        }
        throw new IllegalStateException("more than " + MAX_SUCCESSORS + " jobs for one upload of " + original.name());
    }

    @FunctionalInterface
    private interface Attempt {
        Job run() throws CaseStoreException, IOException;
    }

    private Job watched(AttachmentRef original, Attempt attempt) throws CaseStoreException, IOException {
        Watchdog.Watch watch = watchdog.start(original.name() + " on case " + original.caseId(), original.size());
        current.set(watch);
        try {
            return attempt.run();
        } catch (CaseStoreException | IOException | RuntimeException e) {
            String why = watch.stopped();
            if (why != null) {
                throw new Stopped("stopped " + original.name() + " on case " + original.caseId() + ": " + why
                        + "; it stays on the case as it is and is tried again", why.equals(SHUTDOWN));
            }
            throw e;
        } finally {
            current.remove();
            watch.close();
        }
    }

    /** The watch of the attempt on this thread, for steps to register what stops them. */
    private final ThreadLocal<Watchdog.Watch> current = new ThreadLocal<>();

    private void onStop(Closeable closeable) {
        Watchdog.Watch watch = current.get();
        if (watch != null) {
            watch.onStop(() -> closeQuietly(closeable));
        }
    }

    /** The attachment as listed now if it is still the same upload, else null (gone, or replaced). */
    private AttachmentRef listed(AttachmentRef original) throws CaseStoreException {
        try {
            return store.attachments(original.caseId()).stream().filter(original::sameUpload).findFirst()
                    .orElse(null);
        } catch (CaseStoreException.NotFound caseGone) {
            return null;
        }
    }

    /**
     * The steps from where {@code job} is, under the job's lease; {@code listed} is its original on the case, or null
     * when it has left.
     */
    private Job run(Job job, AttachmentRef listed) throws CaseStoreException, IOException {
        Watchdog.Watch watch = current.get();
        Instant until = clock.instant().plus(watch == null ? LEASE_WITHOUT_BUDGET : watch.allowed()).plus(LEASE_MARGIN);
        if (!running.add(job.id())) {
            throw new HeldElsewhere("another worker of this process is on " + job.original().name() + " on case "
                    + job.original().caseId() + "; it is left to it");
        }
        boolean leased = false;
        try {
            leased = leases.take(job.id(), until);
            if (!leased) {
                throw new HeldElsewhere("another process is working on " + job.original().name() + " on case "
                        + job.original().caseId() + "; it is left to it");
            }
            // read again under the lease: another process may have moved the job on (or finished it) since it was read
            return steps(journal.find(job.id()).orElse(job), listed);
        } finally {
            if (leased) {
                giveBack(job);
            }
            running.remove(job.id());
        }
    }

    /**
     * Gives the job's lease back; a failure (the database going away at shutdown) must not replace what the attempt
     * came to, and the lease ends at its time anyway.
     */
    private void giveBack(Job job) {
        try {
            leases.release(job.id());
        } catch (RuntimeException e) {
            LOG.infof("could not give back the lease of %s on case %s (it ends at its time): %s", job.original().name(),
                    job.original().caseId(), e.getMessage());
        }
    }

    private Job steps(Job job, AttachmentRef listed) throws CaseStoreException, IOException {
        if (needsRead(job)) {
            job = adoptUploadsOfLostSpills(job);
        }
        if (needsRead(job)) {
            if (listed == null) {
                return abandon(job);
            }
            job = step(Step.READ, job, j -> reader.read(j, listed));
        }
        if (job.step() == Step.READ) {
            job = step(Step.SANITIZED_UPLOADED, job, j -> j.sanitized() == null ? j.at(Step.SANITIZED_UPLOADED)
                    : j.withSanitized(uploads.uploadOrReport(j, j.sanitized(), "application/json", SANITIZED_DESCRIPTION)));
        }
        if (job.step() == Step.SANITIZED_UPLOADED) {
            job = step(Step.ENCRYPTED_UPLOADED, job, j -> j.withEncrypted(uploads.uploadOrReport(j, j.encrypted(),
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
                store.appendNote(j.original().caseId(), new NoteKey("harwarden-" + j.id()), notes.text(j));
                return j.at(Step.DONE);
            });
            work.deleteSpills(job);
            events.finished(job.sanitized() != null);
        }
        return job;
    }

    /**
     * A process killed between uploading an output and recording it leaves the upload on the case and its spill on
     * its own disk: another replica (or the same one on a new volume) finds the upload by what the journal recorded of
     * the spill at READ (name, size, SHA-256), instead of reading the original again and uploading a second copy.
     */
    private Job adoptUploadsOfLostSpills(Job job) throws CaseStoreException, IOException {
        if (job.step() == Step.READ && job.sanitized() != null && !uploaded(job.sanitized())
                && !work.intact(job.sanitized())) {
            Optional<AttachmentRef> found = uploads.onCase(job, job.sanitized());
            if (found.isPresent()) {
                job = save(job.withSanitized(job.sanitized().uploadedAs(found.get())));
            }
        }
        if (job.step() == Step.READ && job.sanitized() == null) {
            job = save(job.at(Step.SANITIZED_UPLOADED)); // nothing to upload: the file could not be sanitized
        }
        if (job.step() == Step.SANITIZED_UPLOADED && !uploaded(job.encrypted()) && !work.intact(job.encrypted())) {
            Optional<AttachmentRef> found = uploads.onCase(job, job.encrypted());
            if (found.isPresent()) {
                job = save(job.withEncrypted(job.encrypted().uploadedAs(found.get())));
            }
        }
        return job;
    }

    /**
     * The original left the case before this job had what it needs from it (nothing read yet, or the spills lost):
     * nothing more can be done. What was uploaded stays; the log says so.
     */
    private Job abandon(Job job) throws IOException {
        if (job.step() != Step.DETECTED) {
            LOG.warnf("%s left case %s before HAR Warden could finish it; what was uploaded stays", job.original()
                    .name(), job.original().caseId());
        }
        work.deleteSpills(job);
        return save(job.at(Step.ABANDONED));
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
            case READ -> !work.intact(job.sanitized()) || !work.intact(job.encrypted());
            case SANITIZED_UPLOADED -> !work.intact(job.encrypted());
            default -> false;
        };
    }

    static boolean uploaded(Job.Output output) {
        return output != null && output.attachmentId() != null;
    }

    private Job save(Job job) {
        journal.save(job);
        return job;
    }

    private static String hash(String text) {
        return HexFormat.of().formatHex(WorkDir.newSha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // stopping: whatever the stream says now no longer matters
        }
    }
}
