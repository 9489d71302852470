package io.harwarden.casestore.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemCaseStoreTest {
    @TempDir
    Path tmp;
    private Path root;
    private FilesystemCaseStore store;
    private final CaseId c1 = new CaseId("CASE-1");

    @BeforeEach
    void store() throws Exception {
        root = tmp.resolve("cases");
        store = new FilesystemCaseStore(root);
        Files.createDirectories(root.resolve("CASE-1"));
    }

    @Test
    void attachmentsAreTheRegularFilesOfTheCaseFolder() throws Exception {
        Files.writeString(root.resolve("CASE-1/session 1 (é).har"), "{}");
        Files.writeString(root.resolve("CASE-1/notes.txt"), "x");
        Files.writeString(root.resolve("CASE-1/.hidden.har"), "{}");
        Files.writeString(root.resolve("CASE-1/upload.har.part"), "{}");
        Files.writeString(root.resolve("CASE-1/upload.har.tmp"), "{}");
        Files.createDirectories(root.resolve("CASE-1/subfolder.har"));
        Files.createSymbolicLink(root.resolve("CASE-1/link.har"), root.resolve("CASE-1/notes.txt"));
        List<String> names = store.attachments(c1).stream().map(AttachmentRef::name).toList();
        assertEquals(List.of("notes.txt", "session 1 (é).har"), names);
        assertEquals(List.of(c1), store.cases());
    }

    @Test
    void openReadsTheBytesAndRefusesSymbolicLinks() throws Exception {
        Path outside = tmp.resolve("secret.txt");
        Files.writeString(outside, "outside the root");
        Files.writeString(root.resolve("CASE-1/a.har"), "{\"log\":{}}");
        AttachmentRef a = store.attachments(c1).get(0);
        try (InputStream in = store.open(a)) {
            assertEquals("{\"log\":{}}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Files.createSymbolicLink(root.resolve("CASE-1/evil.har"), outside);
        AttachmentRef evil = new AttachmentRef(c1, "evil.har", "evil.har", 0, Instant.now(), "");
        assertThrows(CaseStoreException.Rejected.class, () -> store.open(evil));
        assertThrows(CaseStoreException.Rejected.class, () -> store.delete(evil));
        assertTrue(Files.exists(outside));
    }

    @Test
    void namesThatCouldEscapeTheRootAreRefused() {
        for (String bad : new String[] {"../x.har", "a/b.har", "..", ".", "a\\b", "nul\u0000.har"}) {
            AttachmentRef ref = new AttachmentRef(c1, bad, bad, 0, Instant.now(), "");
            assertThrows(CaseStoreException.Rejected.class, () -> store.open(ref), bad);
            assertThrows(CaseStoreException.Rejected.class, () -> store.upload(c1, new Upload(bad, "x", "", 0),
                    InputStream.nullInputStream()), bad);
        }
        assertThrows(CaseStoreException.Rejected.class, () -> store.attachments(new CaseId("..")));
        assertThrows(CaseStoreException.Rejected.class, () -> store.attachments(new CaseId("../../etc")));
    }

    @Test
    void aSymlinkedCaseFolderIsNeitherListedNorFollowed() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("x.har"), "{}");
        Files.createSymbolicLink(root.resolve("CASE-LINK"), elsewhere);
        assertEquals(List.of(c1), store.cases());
        CaseId link = new CaseId("CASE-LINK");
        assertThrows(CaseStoreException.Rejected.class, () -> store.attachments(link));
        assertThrows(CaseStoreException.Rejected.class, () -> store.upload(link, new Upload("y.har", "x", "", 1),
                new ByteArrayInputStream(new byte[1])));
        assertFalse(Files.exists(elsewhere.resolve("y.har")));
    }

    @Test
    void uploadReportsSizeAndHashAndNeverReplacesAFile() throws Exception {
        byte[] bytes = "sanitized content ✓".getBytes(StandardCharsets.UTF_8);
        Uploaded up = store.upload(c1, new Upload("a.sanitized.har", "application/json", "by HAR Warden", bytes.length),
                new ByteArrayInputStream(bytes));
        assertEquals(bytes.length, up.attachment().size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), up.sha256());
        assertArrayEquals(bytes, Files.readAllBytes(root.resolve("CASE-1/a.sanitized.har")));
        assertThrows(CaseStoreException.Rejected.class, () -> store.upload(c1,
                new Upload("a.sanitized.har", "application/json", "", 1), new ByteArrayInputStream(new byte[1])));
        assertArrayEquals(bytes, Files.readAllBytes(root.resolve("CASE-1/a.sanitized.har")));
        try (var files = Files.list(root.resolve("CASE-1"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aShortUploadIsRefusedAndLeavesNothing() throws Exception {
        assertThrows(CaseStoreException.Rejected.class, () -> store.upload(c1, new Upload("b.har.pgp", "x", "", 10),
                new ByteArrayInputStream(new byte[3])));
        try (var files = Files.list(root.resolve("CASE-1"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void deleteIsIdempotent() throws Exception {
        Files.writeString(root.resolve("CASE-1/a.har"), "{}");
        AttachmentRef a = store.attachments(c1).get(0);
        store.delete(a);
        store.delete(a);
        assertEquals(List.of(), store.attachments(c1));
    }

    @Test
    void notesAreAppendedOncePerKeyInAReadableFile() throws Exception {
        store.appendNote(c1, new NoteKey("a.har:1"), "HAR Warden processed a.har\n- 3 values redacted");
        store.appendNote(c1, new NoteKey("a.har:1"), "HAR Warden processed a.har\n- 3 values redacted");
        store.appendNote(c1, new NoteKey("b.har:1"), "HAR Warden processed b.har");
        String notes = store.notes(c1);
        assertEquals(1, notes.split("processed a.har", -1).length - 1, notes);
        assertTrue(notes.contains("processed b.har"));
        assertEquals(List.of(), store.attachments(c1), "the notes file is not an attachment");
    }

    @Test
    void changedSinceFindsEveryFileAcrossCasesEvenOneMovedInWithAnOldTime() throws Exception {
        Files.createDirectories(root.resolve("CASE-2"));
        Path old = Files.writeString(root.resolve("CASE-1/moved-in.har"), "{}");
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2020-01-01T00:00:00Z"))); // as mv keeps it
        Files.writeString(root.resolve("CASE-2/new.har"), "{}");
        List<AttachmentRef> changed = store.changedSince(Instant.parse("2024-01-01T00:00:00Z"));
        assertEquals(List.of("moved-in.har", "new.har"), changed.stream().map(AttachmentRef::name).sorted().toList());
    }

    @Test
    void aMissingCaseIsNotFound() {
        assertThrows(CaseStoreException.NotFound.class, () -> store.attachments(new CaseId("NOPE")));
    }

    @Test
    void listingACaseWhileItsFilesComeAndGoNeverFails() throws Exception {
        Path dir = Files.createDirectories(root.resolve("BUSY"));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread churn = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) { // what concurrent uploads and deletes do to a case folder
                try {
                    Path f = dir.resolve("churn-" + (i % 50) + ".har");
                    Files.writeString(f, "{}");
                    Files.delete(f);
                } catch (java.io.IOException ignored) {
                    // the listing side is under test
                }
            }
        });
        churn.start();
        try {
            long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end) {
                store.attachments(new CaseId("BUSY")); // a vanished file is skipped, not "case does not exist"
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }

    /** A kill during an upload leaves its hidden file; the next start removes it and only it. */
    @Test
    void uploadFilesAKilledProcessLeftAreRemovedAtStart() throws Exception {
        Path dir = Files.createDirectories(root.resolve("CASE-ORPHAN"));
        Files.writeString(dir.resolve(".harwarden-upload-1234.part"), "half an upload");
        Files.writeString(dir.resolve(".customer.har.part"), "a customer's upload in progress");
        store.removeOrphanUploads();
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(".customer.har.part"), left.map(p -> p.getFileName().toString()).toList());
        }
    }
}
