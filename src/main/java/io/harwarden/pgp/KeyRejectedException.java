package io.harwarden.pgp;

/** A key that must not be used, with the reason; names the key (file and fingerprint), never secret material. */
public final class KeyRejectedException extends Exception {
    public KeyRejectedException(String source, String fingerprint, String reason) {
        super("key " + (fingerprint == null ? "" : fingerprint + " ") + "in " + source + " rejected: " + reason, null,
                false, false);
    }
}
