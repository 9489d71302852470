package io.harwarden.pgp;

/** Why a message could not be decrypted; one line, never key material or plaintext. */
public final class DecryptionException extends Exception {

    /** The kinds of failure, each with its one-line description. */
    public enum Reason {
        NOT_OPENPGP("the input is not an OpenPGP encrypted message"),
        NO_MATCHING_KEY("the message is not encrypted to the given key"),
        WRONG_PASSPHRASE("the passphrase does not unlock the private key"),
        PASSPHRASE_NEEDED("the private key is protected: give a passphrase file or HARWARDEN_PASSPHRASE"),
        NOT_INTEGRITY_PROTECTED("the message has no integrity protection and is refused"),
        INTEGRITY_FAILED("integrity check failed: the message was modified or is damaged"),
        MALFORMED("the encrypted message is malformed");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public DecryptionException(Reason reason, String detail) {
        super(reason.description() + (detail == null ? "" : " (" + detail + ")"), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
