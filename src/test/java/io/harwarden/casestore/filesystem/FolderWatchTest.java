package io.harwarden.casestore.filesystem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store's change notifications: new case folders, files in them, and folders made after the start. */
class FolderWatchTest {
    @TempDir
    Path root;

    @Test
    void reportsNewCasesAndFilesInOldAndNewCases() throws Exception {
        Files.createDirectories(root.resolve("OLD-1"));
        FilesystemCaseStore store = new FilesystemCaseStore(root);
        Semaphore changes = new Semaphore(0);
        try (Closeable watch = store.watch(changes::release).orElseThrow()) {
            Files.writeString(root.resolve("OLD-1/a.har"), "{}");
            assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "a file in a case folder that existed at start");

            Files.createDirectories(root.resolve("NEW-2"));
            assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "a new case folder");
            Thread.sleep(200);
            changes.drainPermits();
            Files.writeString(root.resolve("NEW-2/b.har"), "{}");
            assertTrue(changes.tryAcquire(10, TimeUnit.SECONDS), "a file in a case folder made after the start");
        }
    }
}
