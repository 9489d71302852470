package io.harwarden;

import io.harwarden.cli.Cli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the single jar: with a CLI command as first argument it runs that command and exits
 * without booting the daemon (no HTTP port, no store); with no arguments it runs the daemon.
 */
@QuarkusMain
public final class HarWardenMain {

    private HarWardenMain() {
    }

    public static void main(String... args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args, System.in, System.out, System.err));
        }
        Quarkus.run(args);
    }
}
