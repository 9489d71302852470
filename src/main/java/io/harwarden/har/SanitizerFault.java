package io.harwarden.har;

/**
 * The sanitizer itself failed on this input (a bug, not the file's fault), on whichever of its threads. The message
 * names the exception's type and the sanitizer's code position only: an exception's own message may quote the input.
 */
public final class SanitizerFault extends SanitizeException {

    private SanitizerFault(String message) {
        super(message);
    }

    public static SanitizerFault of(Throwable t) {
        return new SanitizerFault("internal error while sanitizing (" + t.getClass().getSimpleName() + at(t)
                + "); the output is not published");
    }

    private static String at(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("io.harwarden.")) {
                return " at " + frame.getFileName() + ":" + frame.getLineNumber();
            }
        }
        return "";
    }
}
