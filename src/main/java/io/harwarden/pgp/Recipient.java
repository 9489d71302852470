package io.harwarden.pgp;

import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * A validated recipient: the certificate's primary fingerprint and user id (for case notes and logs) and the
 * encryption subkey messages are encrypted to.
 *
 * @param fingerprint primary key fingerprint, upper-case hex
 * @param userId first user id, or empty
 * @param encryptionKey the subkey (or primary) used for encryption
 * @param source where the key was loaded from
 */
public record Recipient(String fingerprint, String userId, PGPPublicKey encryptionKey, String source) {

    /** Fingerprint of the encryption subkey, upper-case hex. */
    public String encryptionKeyFingerprint() {
        return Keys.hex(encryptionKey.getFingerprint());
    }

    @Override
    public String toString() {
        return fingerprint + " (" + userId + ")";
    }
}
