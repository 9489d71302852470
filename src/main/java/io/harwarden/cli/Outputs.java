package io.harwarden.cli;

import io.harwarden.files.FileNames;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a command's output to a temporary file and publishes it only when the command succeeded. */
final class Outputs {
    @FunctionalInterface
    interface Writer<T> {
        T write(OutputStream out) throws Exception;
    }

    private Outputs() {
    }

    /** Runs {@code writer} into a temporary file, then moves it to {@code target} (or copies it to stdout for "-"). */
    /** {@link #publish(String, PrintStream, Writer)} of bytes already made. */
    static void publish(String target, PrintStream stdout, byte[] bytes) throws Exception {
        publish(target, stdout, o -> {
            o.write(bytes);
            return null;
        });
    }

    static <T> T publish(String target, PrintStream stdout, Writer<T> writer) throws Exception {
        boolean toStdout = target.equals("-");
        Path dir = toStdout ? Files.createTempDirectory("harwarden") : FileNames.of(target).toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, ".harwarden", ".part");
        try {
            T result;
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                result = writer.write(out);
            }
            if (toStdout) {
                Files.copy(temp, stdout);
                stdout.flush();
            } else {
                Files.move(temp, FileNames.of(target), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return result;
        } finally {
            Files.deleteIfExists(temp);
            if (toStdout) {
                Files.deleteIfExists(dir);
            }
        }
    }
}
