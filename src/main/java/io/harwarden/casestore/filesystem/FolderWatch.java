package io.harwarden.casestore.filesystem;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Watches the root and every case folder (one level down, never through a symbolic link) and calls back on any
 * change. New case folders are watched as they appear. Events get lost (an overflow, a network file system that sends
 * none), which is why this only hints and the detector still scans.
 */
final class FolderWatch implements Closeable {
    private final Path root;
    private final WatchService service;
    private final Runnable changed;
    private final Thread thread;

    FolderWatch(Path root, Runnable changed) throws IOException {
        this.root = root;
        this.changed = changed;
        this.service = root.getFileSystem().newWatchService();
        root.register(service, ENTRY_CREATE, ENTRY_DELETE);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                watchCase(dir);
            }
        }
        thread = new Thread(this::run, "harwarden-folder-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watchCase(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !dir.getFileName().toString().startsWith(".")) {
            dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() != OVERFLOW && key.watchable().equals(root)
                            && event.context() instanceof Path name) {
                        watchNewCase(root.resolve(name));
                    }
                }
                key.reset();
                changed.run();
            }
        } catch (ClosedWatchServiceException | InterruptedException stopped) {
            // closed: the daemon is stopping
        }
    }

    private void watchNewCase(Path dir) {
        try {
            watchCase(dir);
        } catch (IOException gone) {
            // removed again already; the scan sees whatever is there
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
        thread.interrupt();
    }
}
