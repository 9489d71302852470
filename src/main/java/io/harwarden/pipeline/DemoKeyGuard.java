package io.harwarden.pipeline;

import io.harwarden.pgp.Recipient;
import java.util.List;
import java.util.Optional;

/**
 * The committed demo key pair is public: an original encrypted to it is as good as plaintext. It may protect files
 * only in the embedded demo (README command 1: the folder store and the embedded database) or where a setting says so
 * explicitly (the tests); anywhere else (a real case system, PostgreSQL, the container image, which sets
 * {@code HARWARDEN_PGP_ALLOW_DEMO_KEY=false}) the daemon does not start on it.
 */
final class DemoKeyGuard {
    /** The primary key of {@code keys-example/demo-public.asc}. */
    static final String DEMO_FINGERPRINT = "249BEA3980222E70E50E328BB36D7751CF2589C6";

    private DemoKeyGuard() {
    }

    /** Throws, in one line saying what to do, when the demo key is among {@code recipients} where it must not be. */
    static void check(List<Recipient> recipients, Optional<Boolean> allowed, String storeType, boolean postgres) {
        boolean demo = recipients.stream().anyMatch(r -> r.fingerprint().equalsIgnoreCase(DEMO_FINGERPRINT));
        boolean embedded = storeType.equals("filesystem") && !postgres;
        if (demo && !allowed.orElse(embedded)) {
            throw new IllegalStateException("harwarden.pgp.recipients is the public DEMO key, which protects nothing "
                    + "outside the embedded demo: set HARWARDEN_PGP_RECIPIENTS to your custodians' public key files "
                    + "(see keys-example/README.md to make a key pair)");
        }
    }
}
