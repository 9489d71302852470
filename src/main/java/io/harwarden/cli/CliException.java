package io.harwarden.cli;

/** A one-line reason for a non-zero exit. */
final class CliException extends Exception {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
