package io.harwarden.casestore.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A credential from the configuration: the value itself (best from the environment) or a file holding it (a mounted
 * secret). Messages name the setting and the file, never the value.
 */
public final class Secrets {
    private Secrets() {
    }

    /**
     * The value when set, else the content of the file when set, stripped; empty when neither is set. A file that
     * cannot be read or is empty is an error naming {@code property}-file.
     */
    public static Optional<String> read(Optional<String> value, Optional<Path> file, String property)
            throws IOException {
        Optional<String> given = value.map(String::strip).filter(v -> !v.isEmpty());
        if (given.isPresent() || file.isEmpty()) {
            return given;
        }
        String fromFile;
        try {
            fromFile = Files.readString(file.get(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IOException("cannot read " + property + "-file " + file.get() + ": "
                    + e.getClass().getSimpleName(), null);
        }
        if (fromFile.isEmpty()) {
            throw new IOException(property + "-file " + file.get() + " is empty");
        }
        return Optional.of(fromFile);
    }
}
