package io.harwarden.pgp;

import java.util.List;

/**
 * What one encryption did.
 *
 * @param plaintextBytes bytes read from the original
 * @param recipientFingerprints primary fingerprints of the keys the message is encrypted to
 */
public record EncryptionResult(long plaintextBytes, List<String> recipientFingerprints) {
}
