package io.harwarden.har;

/** Why a HAR file could not be sanitized. Messages are one line and never contain a value from the file. */
public abstract sealed class SanitizeException extends Exception permits HarInputException, LeakDetectedException, SanitizerFault {
    protected SanitizeException(String message) {
        super(message, null, false, false);
    }
}
