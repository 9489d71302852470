package io.harwarden.pgp;

/**
 * How originals are encrypted.
 *
 * @param armor ASCII armor instead of binary
 * @param compressionLevel 0 for no compression, 1-9 for ZLIB at that level
 * @param aead RFC 9580 (v6, SEIPDv2 with OCB) instead of the classic SEIPDv1 that GnuPG 2.2 reads
 */
public record EncryptionOptions(boolean armor, int compressionLevel, boolean aead) {
    /** Binary, uncompressed, SEIPDv1: what GnuPG 2.2 decrypts, at full AES speed (see README for the measurements). */
    public static final EncryptionOptions DEFAULT = new EncryptionOptions(false, 0, false);

    public EncryptionOptions {
        if (compressionLevel < 0 || compressionLevel > 9) {
            throw new IllegalArgumentException("compression level must be 0 (none) to 9, was " + compressionLevel);
        }
    }
}
