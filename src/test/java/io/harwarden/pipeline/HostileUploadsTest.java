package io.harwarden.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.ForwardingCaseStore;
import io.harwarden.casestore.filesystem.FilesystemCaseStore;
import io.harwarden.har.HarSanitizer;
import io.harwarden.har.SanitizerPolicy;
import io.harwarden.notes.CaseNotes;
import io.harwarden.pgp.DemoKey;
import io.harwarden.pgp.EncryptionOptions;
import io.harwarden.pgp.PgpEncryptor;
import io.harwarden.pgp.RecipientKeys;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What careless or hostile uploads and kills do to the seven steps: the same name uploaded twice, the same case and
 * file names on two stores, a job cut between the delete and the note, names at the length limit, files left in the
 * work folder, a file that never ends.
 */
@QuarkusTest
class HostileUploadsTest {
    private final CaseId CASE = new CaseId("CASE-" + UUID.randomUUID());

    @TempDir
    Path tmp;
    @Inject
    JdbcJournal journal;
    private FilesystemCaseStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = new FilesystemCaseStore(tmp.resolve("cases"));
        Files.createDirectories(caseDir(store));
    }

    private Path caseDir(FilesystemCaseStore on) {
        return on.root().resolve(CASE.value());
    }

    private FileProcessor processor(CaseStore over, Watchdog watchdog) throws Exception {
        return new FileProcessor(over, new HarSanitizer(SanitizerPolicy.defaults()),
                new PgpEncryptor(RecipientKeys.load(Path.of("keys-example/demo-public.asc")), EncryptionOptions.DEFAULT),
                journal, tmp.resolve("work"), Clock.systemUTC(), CaseNotes.Language.EN, "https://example.com/request",
                PipelineEvents.NONE, watchdog);
    }

    private FileProcessor processor(CaseStore over) throws Exception {
        return processor(over, FileProcessorTest.watchdog());
    }

    private static byte[] har(String marker) {
        return ("{\"log\":{\"version\":\"1.2\",\"entries\":[{\"request\":{\"method\":\"GET\",\"url\":\"https://x.test/"
                + marker + "\",\"headers\":[{\"name\":\"Authorization\",\"value\":\"Bearer " + marker + "Secret\"}]}}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private AttachmentRef drop(FilesystemCaseStore on, String name, byte[] content) throws Exception {
        Files.write(caseDir(on).resolve(name), content);
        return on.attachments(CASE).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    private static byte[] decrypt(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return DemoKey.decrypt(in);
        }
    }

    private List<String> names(FilesystemCaseStore on) throws Exception {
        return on.attachments(CASE).stream().map(AttachmentRef::name).sorted().toList();
    }

    /** Browsers name exports after the host, so the same name arriving twice on a case is the common case. */
    @Test
    void theSameNameUploadedAgainIsANewUpload() throws Exception {
        byte[] first = har("AAAA");
        byte[] second = har("BBBB"); // the same size: only the content tells them apart
        assertEquals(Step.DONE, processor(store).process(drop(store, "admin.example.com.har", first)).step());
        Job again = processor(store).process(drop(store, "admin.example.com.har", second));
        assertEquals(Step.DONE, again.step());
        assertEquals(List.of("admin.example.com.har.pgp", "admin.example.com.har.pgp (2)",
                "admin.example.com.sanitized.har", "admin.example.com.sanitized.har (2)"), names(store));
        assertArrayEquals(first, decrypt(caseDir(store).resolve("admin.example.com.har.pgp")));
        assertArrayEquals(second, decrypt(caseDir(store).resolve("admin.example.com.har.pgp (2)")));
        assertEquals(2, store.notes(CASE).split("HAR Warden processed", -1).length - 1);
    }

    /**
     * Even when nothing the store reports tells the second upload from the first (an inode reused, the time kept),
     * "the journal says done but the original is on the case" is new work.
     */
    @Test
    void aJobThatIsDoneWhileItsOriginalIsOnTheCaseAgainIsNewWork() throws Exception {
        CaseStore blind = new ForwardingCaseStore(store) {
            @Override
            public List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException {
                return super.attachments(caseId).stream().map(a -> new AttachmentRef(a.caseId(), a.id(), a.name(),
                        a.size(), Instant.EPOCH, a.description(), a.uploader(), "")).toList();
            }

            @Override
            public void delete(AttachmentRef attachment) throws CaseStoreException {
                super.delete(store.attachments(attachment.caseId()).stream()
                        .filter(a -> a.id().equals(attachment.id())).findFirst().orElse(attachment));
            }
        };
        byte[] first = har("CCCC");
        byte[] second = har("DDDD");
        drop(store, "a.har", first);
        AttachmentRef one = blind.attachments(CASE).get(0);
        assertEquals(Step.DONE, processor(blind).process(one).step());
        drop(store, "a.har", second);
        AttachmentRef two = blind.attachments(CASE).stream().filter(a -> a.name().equals("a.har")).findFirst()
                .orElseThrow();
        assertEquals(one.revision(), two.revision(), "the store cannot tell them apart");
        Job job = processor(blind).process(two);
        assertEquals(Step.DONE, job.step());
        assertFalse(names(store).contains("a.har"), "no plaintext left");
        assertArrayEquals(second, decrypt(caseDir(store).resolve("a.har.pgp (2)")));
    }

    @Test
    void twoStoresWithTheSameCaseAndFileNamesNeverShareAJob() throws Exception {
        FilesystemCaseStore other = new FilesystemCaseStore(tmp.resolve("other-root"));
        Files.createDirectories(caseDir(other));
        byte[] content = har("EEEE");
        AttachmentRef here = drop(store, "same.har", content);
        AttachmentRef there = drop(other, "same.har", content);
        Files.setLastModifiedTime(caseDir(other).resolve("same.har"), FileTime.from(here.modified()));
        there = other.attachments(CASE).get(0);
        assertEquals(Step.DONE, processor(store).process(here).step());
        assertEquals(Step.DONE, processor(other).process(there).step());
        assertEquals(List.of("same.har.pgp", "same.sanitized.har"), names(other));
    }

    /** Reproduction from the issue: the note cannot be written, the plaintext is gone, and the daemon restarts. */
    @Test
    void aJobCutBetweenTheDeleteAndTheNoteFinishesWithoutItsOriginal() throws Exception {
        Path state = caseDir(store).resolve(".harwarden");
        Files.writeString(state, "not a folder");
        AttachmentRef original = drop(store, "cut.har", har("FFFF"));
        FileProcessor processor = processor(store);
        assertThrows(CaseStoreException.Transient.class, () -> processor.process(original));
        String jobId = processor.jobId(original);
        assertEquals(Step.PLAINTEXT_DELETED, journal.find(jobId).orElseThrow().step());
        assertTrue(journal.unfinished(store.key()).stream().anyMatch(j -> j.id().equals(jobId)));
        Files.delete(state);

        FileProcessor restarted = processor(store);
        Job job = restarted.resume(jobId);
        assertEquals(Step.DONE, job.step());
        assertTrue(store.notes(CASE).contains("HAR Warden processed cut.har"), store.notes(CASE));
        try (Stream<Path> left = Files.list(tmp.resolve("work"))) {
            assertEquals(List.of(), left.toList(), "its spills are gone");
        }
        assertFalse(journal.unfinished(store.key()).stream().anyMatch(j -> j.id().equals(jobId)));
    }

    @Test
    void aJobWhoseOriginalLeftBeforeItWasReadIsAbandoned() throws Exception {
        AttachmentRef original = drop(store, "gone.har", har("GGGG"));
        FileProcessor processor = processor(store);
        journal.save(Job.detected(processor.jobId(original), store.key(), original, Instant.now()));
        Files.delete(caseDir(store).resolve("gone.har"));
        assertEquals(Step.ABANDONED, processor.resume(processor.jobId(original)).step());
        assertEquals(List.of(), names(store));
    }

    @Test
    void aNameAtTheLengthLimitGetsCopiesWhoseNamesFit() throws Exception {
        String name = "日本語".repeat(27) + "x".repeat(6) + ".har"; // 253 bytes
        assertEquals(253, name.getBytes(StandardCharsets.UTF_8).length);
        Job job = processor(store).process(drop(store, name, har("HHHH")));
        assertEquals(Step.DONE, job.step());
        for (String copy : names(store)) {
            assertTrue(copy.getBytes(StandardCharsets.UTF_8).length <= 255, copy);
        }
        assertTrue(job.encrypted().name().endsWith("….har.pgp"), job.encrypted().name());
        assertTrue(job.sanitized().name().endsWith("….sanitized.har"), job.sanitized().name());
    }

    @Test
    void filesAKilledProcessLeftInTheWorkFolderAreRemovedAtStartButSpillsOfUnfinishedJobsStay() throws Exception {
        AttachmentRef original = drop(store, "keep.har", har("IIII"));
        FileProcessor processor = processor(store);
        String unfinished = processor.jobId(original);
        journal.save(Job.detected(unfinished, store.key(), original, Instant.now()));
        Path work = tmp.resolve("work");
        for (String orphan : List.of(".harwarden-123.part", "0123456789abcdef0123456789abcdef.sanitized.har",
                "0123456789abcdef0123456789abcdef.har.pgp")) {
            Files.writeString(work.resolve(orphan), "left by a kill");
        }
        Files.writeString(work.resolve(unfinished + ".har.pgp"), "still needed");
        assertEquals(3, processor(store).removeOrphans());
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(unfinished + ".har.pgp"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** A file that never ends (a stalled connection) is stopped at its budget, and its worker comes back. */
    @Test
    void aFileOverItsTimeBudgetIsStoppedAndTriedAgainLater() throws Exception {
        byte[] content = har("JJJJ");
        AttachmentRef original = drop(store, "stall.har", content);
        CountDownLatch closed = new CountDownLatch(1);
        CaseStore stalling = new ForwardingCaseStore(store) {
            @Override
            public InputStream open(AttachmentRef attachment) {
                return new InputStream() {
                    private int at;

                    @Override
                    public int read() throws IOException {
                        if (at < content.length / 2) {
                            return content[at++];
                        }
                        try {
                            closed.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IOException("closed");
                    }

                    @Override
                    public void close() {
                        closed.countDown();
                    }
                };
            }
        };
        Watchdog tight = new Watchdog(new Watchdog.Budget(Duration.ofMillis(500), Duration.ZERO), Duration.ofMinutes(1),
                Clock.systemUTC());
        FileProcessor.Stopped stopped = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
                FileProcessor.Stopped.class, () -> processor(stalling, tight).process(original)));
        assertFalse(stopped.shutdown());
        assertTrue(stopped.getMessage().contains("time budget"), stopped.getMessage());
        assertEquals(0, tight.running(), "the worker is back");
        assertArrayEquals(content, Files.readAllBytes(caseDir(store).resolve("stall.har")), "the plaintext stays");
        assertEquals(Step.DONE, processor(store).process(original).step());
    }

    @Test
    void theDeadLetterOfAJobPastTheDeleteDoesNotSayTheFileStays() {
        DeadLetter noteMissing = new DeadLetter("filesystem", "C", "a.har", "a.har", 1, Instant.EPOCH, Instant.EPOCH,
                "cannot write the note", Instant.EPOCH, Step.PLAINTEXT_DELETED.name());
        assertTrue(noteMissing.state().contains("only the note is missing"), noteMissing.state());
        DeadLetter untouched = new DeadLetter("filesystem", "C", "a.har", "a.har", 1, Instant.EPOCH, Instant.EPOCH,
                "cannot read", Instant.EPOCH, null);
        assertTrue(untouched.state().contains("has not changed anything"), untouched.state());
        assertNull(new DeadLetter("f", "C", "a", "a", 1, Instant.EPOCH, Instant.EPOCH, "r", Instant.EPOCH, null)
                .lastStep());
    }
}
