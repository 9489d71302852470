package io.harwarden.pgp;

import java.time.Instant;

/**
 * What one decryption found.
 *
 * @param keyFingerprint fingerprint of the primary key whose (sub)key decrypted the message
 * @param fileName file name from the literal data packet
 * @param modified time from the literal data packet
 * @param plaintextBytes bytes written
 */
public record DecryptionResult(String keyFingerprint, String fileName, Instant modified, long plaintextBytes) {
}
