package io.harwarden;

import io.harwarden.cli.Cli;
import io.harwarden.files.Utf8Args;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the single jar: with a CLI command as first argument it runs that command and exits without booting
 * the daemon (no HTTP port, no store); with no arguments it runs the daemon. A daemon that cannot start (a rejected
 * key, a bad policy file) says why in one line and exits 1, instead of a stack trace.
 */
@QuarkusMain
public final class HarWardenMain {

    private HarWardenMain() {
    }

    public static void main(String... given) {
        String[] args = Utf8Args.of(given); // file names on the command line work under a POSIX locale too
        if (Cli.handles(args)) {
            System.exit(Cli.run(args, System.in, System.out, System.err));
        }
        Quarkus.run(Daemon.class, HarWardenMain::exit, args);
    }

    private static void exit(int code, Throwable failure) {
        if (failure != null) {
            System.err.println("harwarden: cannot start: " + reason(failure));
        }
        System.exit(code);
    }

    /** The innermost message, which is ours (the rest is the container's wrapping). */
    static String reason(Throwable failure) {
        Throwable t = failure;
        String message = t.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** Runs until the process is asked to stop. */
    public static final class Daemon implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return 0;
        }
    }
}
