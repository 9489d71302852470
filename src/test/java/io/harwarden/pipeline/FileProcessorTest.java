package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.CrashingStore;
import io.harwarden.casestore.ForwardingCaseStore;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import io.harwarden.har.Cancellation;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.RedactionManifest;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.DemoKey;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.RecipientKeys;
import io.harwarden.triage.HarBuilder;
import io.harwarden.triage.Triage;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seven steps on the real filesystem store, sanitizer and encryptor (demo key); Quarkus renders the notes. */
@QuarkusTest
class FileProcessorTest {
    /** Jobs are keyed by store, case and attachment: a case per test keeps tests apart in the shared journal. */
    private final CaseId CASE = new CaseId("CASE-" + java.util.UUID.randomUUID());

    @TempDir
    Path tmp;
    private FilesystemCaseStore store;
    @jakarta.inject.Inject
    JdbcJournal journal;
    @jakarta.inject.Inject
    @JournalDatabase.Journal
    javax.sql.DataSource journalDb;
    private byte[] probe;

    @BeforeEach
    void setUp() throws Exception {
        store = new FilesystemCaseStore(tmp.resolve("cases"));
        Files.createDirectories(store.root().resolve(CASE.value()));
        try (InputStream in = getClass().getResourceAsStream("/har-samples/synthetic-leak-probe.har")) {
            probe = in.readAllBytes();
        }
    }

    private FileProcessor processor(CaseStore over) throws Exception {
        return processor(over, JobLeases.UNSHARED);
    }

    private FileProcessor processor(CaseStore over, JobLeases leases) throws Exception {
        return new FileProcessor(over, new HarSanitizer(SanitizerPolicy.defaults()),
                new PgpEncryptor(RecipientKeys.load(Path.of("keys-example/demo-public.asc")), EncryptionOptions.DEFAULT),
                journal, leases, tmp.resolve("work"), Clock.systemUTC(), CaseNotes.Language.EN,
                "https://example.com/request", PipelineEvents.NONE, watchdog());
    }

    static Watchdog watchdog() {
        return new Watchdog(new Watchdog.Budget(Duration.ofMinutes(2), Duration.ofMillis(500)), Duration.ofMinutes(1),
                Clock.systemUTC());
    }

    /** The attachment as the store lists it now. */
    private AttachmentRef listed(String id) throws Exception {
        return store.attachments(CASE).stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private AttachmentRef drop(String name, byte[] content) throws Exception {
        Files.write(store.root().resolve(CASE.value()).resolve(name), content);
        return store.attachments(CASE).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    private static byte[] decrypt(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return DemoKey.decrypt(in);
        }
    }

    private void assertFinished(String name, byte[] original, boolean sanitizable) throws Exception {
        Path dir = store.root().resolve(CASE.value());
        List<String> names = store.attachments(CASE).stream().map(AttachmentRef::name).sorted().toList();
        String base = name.substring(0, name.lastIndexOf('.'));
        List<String> expected = sanitizable ? List.of(base + ".sanitized.har", name + ".pgp") : List.of(name + ".pgp");
        assertEquals(expected.stream().sorted().toList(), names);
        assertArrayEquals(original, decrypt(dir.resolve(name + ".pgp")), "the encrypted copy is the exact original");
        String notes = store.notes(CASE);
        assertEquals(1, notes.split("HAR Warden processed", -1).length - 1, notes);
        if (sanitizable) {
            String sanitized = Files.readString(dir.resolve(base + ".sanitized.har"));
            new ObjectMapper().readTree(sanitized);
            assertFalse(sanitized.contains("S05xApiKeySecret"));
            assertTrue(sanitized.contains("KEEPreqid-123"));
        }
        try (var left = Files.list(tmp.resolve("work"))) {
            assertEquals(0, left.count(), "spill files are removed when done");
        }
    }

    @Test
    void aFileAnotherProcessWorksOnIsLeftAloneUntilItsLeaseEnds() throws Exception {
        AttachmentRef original = drop("held.har", probe);
        FileProcessor mine = processor(store, new JdbcJobLeases(journalDb, Clock.systemUTC(), "this-" + CASE));
        JdbcJobLeases other = new JdbcJobLeases(journalDb, Clock.systemUTC(), "other-" + CASE);
        String job = mine.jobId(original);
        assertTrue(other.take(job, java.time.Instant.now().plusSeconds(60)));
        assertThrows(FileProcessor.HeldElsewhere.class, () -> mine.process(original));
        assertEquals(List.of("held.har"), store.attachments(CASE).stream().map(AttachmentRef::name).toList(),
                "nothing done: no copy, the plaintext where it was");
        other.release(job);
        assertEquals(Step.DONE, mine.process(original).step());
        assertFinished("held.har", probe, true);
    }

    @Test
    void aLeaseThatCannotBeGivenBackDoesNotUndoTheWorkDone() throws Exception {
        JobLeases closing = new JobLeases() { // the database went away as the daemon stopped
            @Override
            public boolean take(String jobId, java.time.Instant until) {
                return true;
            }

            @Override
            public void release(String jobId) {
                throw new IllegalStateException("cannot release the lease of job " + jobId + ": pool closed");
            }

            @Override
            public String owner() {
                return "closing";
            }
        };
        assertEquals(Step.DONE, processor(store, closing).process(drop("closing.har", probe)).step());
        assertFinished("closing.har", probe, true);
    }

    /** Triage reads the original during its one read; the note tells support what the capture shows. */
    @Test
    void theNoteCarriesTheTriageOfTheOriginalWithNothingSecretInIt() throws Exception {
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults());
        FileProcessor triaging = new FileProcessor(store, sanitizer,
                new PgpEncryptor(RecipientKeys.load(Path.of("keys-example/demo-public.asc")), EncryptionOptions.DEFAULT),
                journal, JobLeases.UNSHARED, tmp.resolve("work"), Clock.systemUTC(), CaseNotes.Language.EN,
                "https://example.com/request", PipelineEvents.NONE, watchdog(),
                new Triage(Triage.Options.defaults(), sanitizer::sanitizeText));
        String secret = "sk_live_" + "51HqLyjWDarjtT1zdp7dcXYZabcdefghij";
        HarBuilder har = HarBuilder.seed();
        har.call("POST", "https://pay.example.com/v1/charges", 401)
                .body("application/json", "{\"error\":{\"message\":\"Invalid API Key provided: " + secret + "\"}}");
        Job job = triaging.process(drop("seed.har", har.json().getBytes(StandardCharsets.UTF_8)));
        assertEquals(Step.DONE, job.step());
        assertEquals(2, journal.find(job.id()).orElseThrow().triage().failedTotal(), "kept in the journal for the note");
        String notes = store.notes(CASE);
        assertTrue(notes.contains("Failed calls (2):"), notes);
        assertTrue(notes.contains("| 2025-06-10 15:20:41.445 | `https://cpapi-r.wbx2.com/api/v1/customers/{org}/users/"
                + "{user}/features/callrecording` | PATCH | 502 | `" + HarBuilder.TRACKING + "` | 400: Invalid Product: "
                + "Creating dub point failed in Dubber. |"), notes);
        assertTrue(notes.contains("Invalid API Key provided: [REDACTED"), notes);
        assertFalse(notes.contains(secret));
    }

    /** The waterfall picture goes beside the copies once, also when a crash comes between its upload and the note. */
    @Test
    void theWaterfallPictureIsUploadedOnceBesideTheCopiesAndNamedInTheNote() throws Exception {
        HarSanitizer sanitizer = new HarSanitizer(SanitizerPolicy.defaults());
        java.util.function.Function<CaseStore, FileProcessor> processor = over -> {
            try {
                return new FileProcessor(over, sanitizer, new PgpEncryptor(RecipientKeys.load(
                        Path.of("keys-example/demo-public.asc")), EncryptionOptions.DEFAULT), journal,
                        JobLeases.UNSHARED, tmp.resolve("work"), Clock.systemUTC(), CaseNotes.Language.EN,
                        "https://example.com/request", PipelineEvents.NONE, watchdog(),
                        new Triage(Triage.Options.defaults(), sanitizer::sanitizeText)).withWaterfall(true);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        AttachmentRef original = drop("seed.har", HarBuilder.seed().json().getBytes(StandardCharsets.UTF_8));
        CrashingStore crashing = new CrashingStore(store, "upload", true, 3); // after the picture, before the note
        assertThrows(CrashingStore.Crash.class, () -> processor.apply(crashing).process(original));
        assertEquals(Step.DONE, processor.apply(store).process(original).step());
        boolean fonts = io.harwarden.triage.WaterfallPng.png(journal.find(processor.apply(store).jobId(original))
                .orElseThrow().triage()) != null; // a JDK without any font draws no PNG
        assertEquals(fonts ? List.of("seed.har.pgp", "seed.sanitized.har", "seed.waterfall.png", "seed.waterfall.svg")
                : List.of("seed.har.pgp", "seed.sanitized.har", "seed.waterfall.svg"),
                store.attachments(CASE).stream().map(AttachmentRef::name).sorted().toList(), "one of each picture");
        String svg = Files.readString(store.root().resolve(CASE.value()).resolve("seed.waterfall.svg"));
        assertTrue(svg.startsWith("<svg ") && svg.contains("\u2716 502"), svg);
        assertTrue(store.notes(CASE).contains("- Waterfall of the failed and slowest calls: seed.waterfall.svg"
                + (fonts ? ", seed.waterfall.png" : "") + "\n"), store.notes(CASE));
        try (var left = Files.list(tmp.resolve("work"))) {
            assertEquals(0, left.count(), "no picture left in the work folder");
        }
    }

    /** The other process finished the file between this one reading the journal and getting the lease. */
    @Test
    void aJobFinishedElsewhereWhileThisProcessWaitedForItsLeaseIsNotRunAgain() throws Exception {
        AttachmentRef original = drop("raced.har", probe);
        FileProcessor other = processor(store, new JdbcJobLeases(journalDb, Clock.systemUTC(), "other-" + CASE));
        JdbcJobLeases mine = new JdbcJobLeases(journalDb, Clock.systemUTC(), "mine-" + CASE);
        JobLeases afterTheOther = new JobLeases() {
            @Override
            public boolean take(String jobId, java.time.Instant until) {
                try {
                    assertEquals(Step.DONE, other.process(original).step());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return mine.take(jobId, until);
            }

            @Override
            public void release(String jobId) {
                mine.release(jobId);
            }

            @Override
            public String owner() {
                return mine.owner();
            }
        };
        Job job = processor(store, afterTheOther).process(original);
        assertEquals(Step.DONE, job.step());
        Job recorded = journal.find(job.id()).orElseThrow();
        assertEquals(Step.DONE, recorded.step(), "the journal keeps the finished job");
        assertNotNull(recorded.sanitized().attachmentId(), "with its copies");
        assertFinished("raced.har", probe, true);
    }

    /** One upload reaching two workers of one process at once (a redelivery and a new detector's event). */
    @Test
    void aSecondWorkerOfTheSameProcessLeavesAJobInProgressAlone() throws Exception {
        AttachmentRef original = drop("twice-here.har", probe);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        CaseStore holding = new ForwardingCaseStore(store) {
            private final java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public InputStream open(AttachmentRef attachment) throws CaseStoreException {
                if (first.compareAndSet(false, true)) {
                    inside.countDown();
                    try {
                        goOn.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.open(attachment);
            }
        };
        FileProcessor processor = processor(holding, new JdbcJobLeases(journalDb, Clock.systemUTC(), "one-" + CASE));
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var firstWorker = pool.submit(() -> processor.process(original));
            inside.await();
            assertThrows(FileProcessor.HeldElsewhere.class, () -> processor.process(original));
            goOn.countDown();
            assertEquals(Step.DONE, firstWorker.get().step());
        } finally {
            goOn.countDown();
            pool.shutdownNow();
        }
        assertFinished("twice-here.har", probe, true);
    }

    @Test
    void twoProcessesGivenTheSameFileAtOnceRunItsStepsOnce() throws Exception {
        AttachmentRef original = drop("twice.har", probe);
        List<FileProcessor> replicas = List.of(
                processor(store, new JdbcJobLeases(journalDb, Clock.systemUTC(), "a-" + CASE)),
                processor(store, new JdbcJobLeases(journalDb, Clock.systemUTC(), "b-" + CASE)));
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<String>> outcomes = new ArrayList<>();
            for (FileProcessor replica : replicas) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return replica.process(original).step().name();
                    } catch (FileProcessor.HeldElsewhere held) {
                        return "held elsewhere";
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (var outcome : outcomes) {
                results.add(outcome.get());
            }
            assertTrue(results.contains("DONE"), results.toString());
        } finally {
            pool.shutdownNow();
        }
        assertFinished("twice.har", probe, true);
    }

    /** The manifest of the sanitized copy and the encrypted marker key are kept beside the job, never a value. */
    @Test
    void theManifestAndTheEncryptedMarkerKeyMapAMarkerBackToItsValueForWhoeverHoldsTheKey() throws Exception {
        Job job = processor(store).process(drop("probe.har", probe));
        StoredManifest manifest = journal.manifest(job.id()).orElseThrow();
        assertEquals(job.redactionsByCategory(), manifest.byCategory());
        List<RedactionManifest.Redaction> redactions = new ArrayList<>();
        manifest.redactions(redactions::add);
        assertEquals(manifest.redactions(), redactions.size());
        String sanitized = Files.readString(store.root().resolve(CASE.value()).resolve("probe.sanitized.har"));
        String listed = redactions.toString();
        for (String planted : List.of("S05xApiKeySecret", "S01opaqueBearerSecret", "S09setCookieSecret")) {
            assertTrue(new String(probe, StandardCharsets.UTF_8).contains(planted));
            assertFalse(listed.contains(planted), "the manifest holds no value");
            assertFalse(new String(manifest.markerKey(), StandardCharsets.ISO_8859_1).contains(planted));
        }
        RedactionManifest.Redaction first = redactions.stream()
                .filter(r -> sanitized.contains(r.marker())).findFirst().orElseThrow();

        byte[] markerKey = DemoKey.decrypt(new ByteArrayInputStream(manifest.markerKey()));
        assertEquals(32, markerKey.length);
        Map<String, List<String>> values = new HarSanitizer(SanitizerPolicy.defaults()).reveal(
                new ByteArrayInputStream(probe), markerKey, Set.of(first.marker()),
                new Cancellation());
        String value = values.get(first.marker()).get(0);
        assertTrue(new String(probe, StandardCharsets.UTF_8).contains(value), value.length() + " characters");
        assertFalse(sanitized.contains(value));
    }

    @Test
    void aHarFileEndsSanitizedEncryptedDeletedAndNoted() throws Exception {
        AttachmentRef original = drop("probe.har", probe);
        Job job = processor(store).process(original);
        assertEquals(Step.DONE, job.step());
        assertFinished("probe.har", probe, true);
        String notes = store.notes(CASE);
        assertTrue(notes.contains("HAR Warden processed probe.har (12.5 KiB)."), notes);
        assertTrue(notes.contains("- Original SHA-256: " + job.originalSha256()), notes);
        assertTrue(notes.contains("37 values redacted (token: 9, cookie: 8,"), notes);
        assertTrue(notes.contains("249BEA3980222E70E50E328BB36D7751CF2589C6"), notes);
        assertTrue(notes.contains("request the original: https://example.com/request?case=" + CASE.value()), notes);
        assertTrue(notes.contains("The plaintext original was deleted"), notes);
        assertFalse(notes.contains("S01opaqueBearerSecret"));
        assertTrue(journal.isOutput(store.key(), listed(job.sanitized().attachmentId())));
        assertTrue(journal.isOutput(store.key(), listed(job.encrypted().attachmentId())));
        assertFalse(journal.isOutput(store.key(), original));
    }

    @Test
    void aFileThatCannotBeSanitizedIsStillEncryptedAndRemoved() throws Exception {
        byte[] broken = "{\"log\": {\"entries\": [ {\"request\": {\"headers\": [{\"value\": \"Bearer abc".getBytes();
        AttachmentRef original = drop("broken.har", broken);
        Job job = processor(store).process(original);
        assertEquals(Step.DONE, job.step());
        assertFinished("broken.har", broken, false);
        assertTrue(store.notes(CASE).contains("No sanitized copy could be made: the JSON ends before the document is"
                + " complete"), store.notes(CASE));
    }

    @Test
    void anEmptyFileIsEncryptedAndRemovedAndTheNoteSaysItWasEmpty() throws Exception {
        Job job = processor(store).process(drop("empty.har", new byte[0]));
        assertEquals(Step.DONE, job.step());
        assertFinished("empty.har", new byte[0], false);
        assertTrue(store.notes(CASE).contains("the file is empty"), store.notes(CASE));
    }

    @Test
    void aHugeFileStreamsThroughEveryStep() throws Exception {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        List<String> secrets = new ArrayList<>();
        new io.harwarden.har.HarGenerator(5, 1, secrets::add, k -> { }).write(generated, 30L << 20, Integer.MAX_VALUE);
        byte[] huge = generated.toByteArray();
        Job job = processor(store).process(drop("huge.har", huge));
        assertEquals(Step.DONE, job.step());
        Path dir = store.root().resolve(CASE.value());
        assertFalse(Files.exists(dir.resolve("huge.har")));
        assertArrayEquals(huge, decrypt(dir.resolve("huge.har.pgp")));
        String sanitized = Files.readString(dir.resolve("huge.sanitized.har"));
        assertTrue(sanitized.length() > 20_000_000, "the sanitized copy is whole: " + sanitized.length());
        for (int i = 0; i < secrets.size(); i += Math.max(1, secrets.size() / 50)) { // a spread sample: each is a scan
            assertFalse(sanitized.contains(secrets.get(i)), "planted secret " + i + " survived");
        }
    }

    @Test
    void aCustomerFileNamedLikeAnOutputIsLeftAloneAndOurCopyGetsAnotherName() throws Exception {
        Files.writeString(store.root().resolve(CASE.value()).resolve("probe.sanitized.har"), "the customer's own file");
        AttachmentRef original = drop("probe.har", probe);
        Job job = processor(store).process(original);
        assertEquals("probe.sanitized.har (2)", job.sanitized().name());
        assertEquals("the customer's own file", Files.readString(store.root().resolve(CASE.value()).resolve("probe.sanitized.har")));
        assertFalse(journal.isOutput(store.key(), listed("probe.sanitized.har")));
    }

    @ParameterizedTest(name = "crash {1} {0} #{2}")
    @CsvSource({"open,before,1", "upload,before,1", "upload,after,1", "upload,before,2", "upload,after,2",
            "delete,before,1", "delete,after,1", "appendNote,before,1", "appendNote,after,1"})
    void aCrashAtAnyStepBoundaryIsFinishedOnRestartWithoutDuplicates(String operation, String when, int nth)
            throws Exception {
        AttachmentRef original = drop("probe.har", probe);
        CrashingStore crashing = new CrashingStore(store, operation, when.equals("after"), nth);
        assertThrows(CrashingStore.Crash.class, () -> processor(crashing).process(original));
        Job job = processor(store).process(original);
        assertEquals(Step.DONE, job.step());
        assertFinished("probe.har", probe, true);
    }

    /**
     * A replica killed right after an upload it had not recorded yet; another one, without its work folder, finishes
     * the job: the copy on the case is adopted by what the journal recorded of it, not uploaded a second time.
     */
    @ParameterizedTest(name = "killed after upload #{0}")
    @CsvSource({"1", "2"})
    void aJobCutAfterAnUnrecordedUploadIsFinishedByAnotherReplicaWithOneCopyOfEach(int nth) throws Exception {
        AttachmentRef original = drop("probe.har", probe);
        CrashingStore crashing = new CrashingStore(store, "upload", true, nth);
        assertThrows(CrashingStore.Crash.class, () -> processor(crashing).process(original));
        try (var spills = Files.list(tmp.resolve("work"))) {
            for (Path spill : spills.toList()) {
                Files.delete(spill); // on the killed replica's disk
            }
        }
        assertEquals(Step.DONE, processor(store).process(original).step());
        assertFinished("probe.har", probe, true);
    }

    /**
     * A crash after both uploads (the journal knows only the first), and the spills lost with it: the original is read again
     * (under a new marker key), but the manifest and key kept are those of the copy on the case, whose markers they
     * must map.
     */
    @Test
    void aReadDoneAgainAfterTheCopyWasUploadedKeepsTheManifestOfThatCopy() throws Exception {
        AttachmentRef original = drop("probe.har", probe);
        CrashingStore crashing = new CrashingStore(store, "upload", true, 2);
        assertThrows(CrashingStore.Crash.class, () -> processor(crashing).process(original));
        Job cut = journal.find(processor(store).jobId(original)).orElseThrow();
        assertEquals(Step.SANITIZED_UPLOADED, cut.step());
        StoredManifest first = journal.manifest(cut.id()).orElseThrow();
        try (var spills = Files.list(tmp.resolve("work"))) {
            for (Path spill : spills.toList()) {
                Files.delete(spill); // the work folder was lost with the machine
            }
        }
        assertEquals(Step.DONE, processor(store).process(original).step());

        StoredManifest kept = journal.manifest(cut.id()).orElseThrow();
        assertArrayEquals(first.manifestGzip(), kept.manifestGzip());
        assertArrayEquals(first.markerKey(), kept.markerKey());
        String copy = Files.readString(store.root().resolve(CASE.value()).resolve("probe.sanitized.har"));
        List<RedactionManifest.Redaction> listed = new ArrayList<>();
        kept.redactions(listed::add);
        assertTrue(listed.stream().allMatch(r -> copy.contains(r.marker()) || r.pointer().endsWith("text")),
                "the manifest lists the markers of the copy on the case");
        byte[] markerKey = DemoKey.decrypt(new ByteArrayInputStream(kept.markerKey()));
        String marker = listed.stream().filter(r -> copy.contains(r.marker())).findFirst().orElseThrow().marker();
        assertEquals(1, new HarSanitizer(SanitizerPolicy.defaults()).reveal(new ByteArrayInputStream(probe), markerKey,
                Set.of(marker), new Cancellation()).size(), "the kept key still maps the copy's markers");
    }

    @Test
    void aCopyOverTheStoresSizeLimitLeavesTheFileANoteOnceAndAMetric() throws Exception {
        AttachmentRef original = drop("big.har", probe);
        CaseStore limited = new ForwardingCaseStore(store) {
            @Override
            public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
                throw new CaseStoreException.Rejected("Redmine refused upload " + upload.name() + " (422): This file"
                        + " cannot be uploaded because it exceeds the maximum allowed file size (5242880)");
            }
        };
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        FileProcessor processor = new FileProcessor(limited, new HarSanitizer(SanitizerPolicy.defaults()),
                new PgpEncryptor(RecipientKeys.load(Path.of("keys-example/demo-public.asc")), EncryptionOptions.DEFAULT),
                journal, tmp.resolve("work"), Clock.systemUTC(), CaseNotes.Language.EN, "https://example.com/request",
                new PipelineEvents() {
                    @Override
                    public void uploadRefused() {
                        refusals.incrementAndGet();
                    }
                }, watchdog());

        assertThrows(CaseStoreException.Rejected.class, () -> processor.process(original));
        assertThrows(CaseStoreException.Rejected.class, () -> processor.process(original)); // the later retry

        assertArrayEquals(probe, Files.readAllBytes(store.root().resolve(CASE.value()).resolve("big.har")),
                "the plaintext stays: nothing safe replaced it");
        String notes = store.notes(CASE);
        assertTrue(notes.contains("HAR Warden could not protect big.har (12.5 KiB): the case system refused to store "
                + "big.sanitized.har."), notes);
        assertTrue(notes.contains("exceeds the maximum allowed file size (5242880)"), notes);
        assertEquals(1, notes.split("could not protect", -1).length - 1, "one note, however often it is retried");
        assertEquals(2, refusals.get());
    }

    @Test
    void anOriginalThatEndsEarlyIsNeverTakenForTheWholeFile() throws Exception {
        AttachmentRef original = drop("cut.har", probe);
        CaseStore cutShort = new ForwardingCaseStore(store) {
            @Override
            public InputStream open(AttachmentRef attachment) {
                return new ByteArrayInputStream(probe, 0, probe.length - 100); // as a connection closed early
            }
        };
        CaseStoreException e = assertThrows(CaseStoreException.Transient.class,
                () -> processor(cutShort).process(original));
        assertTrue(e.getMessage().contains("read " + (probe.length - 100) + " bytes of cut.har"), e.getMessage());
        assertEquals(List.of("cut.har"), store.attachments(CASE).stream().map(AttachmentRef::name).toList(),
                "nothing uploaded, the plaintext kept");
        Job job = processor(store).process(original);
        assertEquals(Step.DONE, job.step());
        assertFinished("cut.har", probe, true);
    }
}
