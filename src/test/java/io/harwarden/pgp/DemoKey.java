package io.harwarden.pgp;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo key pair in {@code keys-example/}, which the daemon encrypts to by default, for tests that decrypt. */
public final class DemoKey {
    private DemoKey() {
    }

    /** Decrypts a whole message with the demo secret key. */
    public static byte[] decrypt(InputStream message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SecretKeys keys = SecretKeys.load(Path.of("keys-example/demo-secret.asc"),
                Files.readString(Path.of("keys-example/demo-passphrase.txt")).strip().toCharArray())) {
            new PgpDecryptor(keys).decrypt(message, out);
        }
        return out.toByteArray();
    }

    public static byte[] decrypt(byte[] message) throws Exception {
        return decrypt(new java.io.ByteArrayInputStream(message));
    }
}
