package io.harwarden.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A whole original handed to a requester's key without its data ever being decrypted. */
class SessionKeyRewrapTest {
    private static byte[] encrypt(byte[] plaintext, EncryptionOptions options, String... recipients) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PgpEncryptor(TestKeys.recipients(recipients), options).encrypt(new ByteArrayInputStream(plaintext), out,
                "session.har", Instant.parse("2026-12-01T10:00:00Z"));
        return out.toByteArray();
    }

    private static byte[] rewrap(byte[] message, String custodian, String to) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SecretKeys keys = TestKeys.secret(custodian)) {
            SessionKeyRewrap.rewrap(new ByteArrayInputStream(message), keys, TestKeys.recipients(to), out);
        }
        return out.toByteArray();
    }

    private static DecryptionResult decrypt(byte[] message, String key, ByteArrayOutputStream out) throws Exception {
        try (SecretKeys keys = TestKeys.secret(key)) {
            return new PgpDecryptor(keys).decrypt(new ByteArrayInputStream(message), out);
        }
    }

    @Test
    void theRequesterOpensItTheCustodianNoLongerDoesAndTheDataIsTheSameBytes() throws Exception {
        byte[] plaintext = new byte[3 << 20];
        new Random(7).nextBytes(plaintext);
        byte[] original = encrypt(plaintext, EncryptionOptions.DEFAULT, "rsa3072-public.asc", "escrow-public.asc");
        byte[] released = rewrap(original, "rsa3072-secret.asc", "x25519-public.asc");

        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        DecryptionResult result = decrypt(released, "x25519-secret.asc", opened);
        assertArrayEquals(plaintext, opened.toByteArray());
        assertEquals("session.har", result.fileName());

        DecryptionException e = assertThrows(DecryptionException.class,
                () -> decrypt(released, "rsa3072-secret.asc", new ByteArrayOutputStream()));
        assertEquals(DecryptionException.Reason.NO_MATCHING_KEY, e.reason());
        assertThrows(DecryptionException.class,
                () -> decrypt(released, "escrow-secret.asc", new ByteArrayOutputStream()), "no old key packet left");

        int tail = plaintext.length; // the encrypted data is at least as long as the plaintext, and copied as is
        assertArrayEquals(Arrays.copyOfRange(original, original.length - tail, original.length),
                Arrays.copyOfRange(released, released.length - tail, released.length));
    }

    @Test
    void anArmoredOriginalWorksToo() throws Exception {
        byte[] plaintext = "{\"log\":{}}".getBytes(StandardCharsets.UTF_8);
        byte[] original = encrypt(plaintext, new EncryptionOptions(true, 6, false), "x25519-public.asc");
        byte[] released = rewrap(original, "x25519-secret.asc", "rsa3072-public.asc");
        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        decrypt(released, "rsa3072-secret.asc", opened);
        assertArrayEquals(plaintext, opened.toByteArray());
    }

    @Test
    void whatItCannotRewrapIsRefusedWithAReason() throws Exception {
        byte[] aead = encrypt("x".getBytes(StandardCharsets.UTF_8), new EncryptionOptions(false, 0, true),
                "rsa3072-public.asc");
        DecryptionException e = assertThrows(DecryptionException.class,
                () -> rewrap(aead, "rsa3072-secret.asc", "x25519-public.asc"));
        assertEquals(DecryptionException.Reason.MALFORMED, e.reason());

        byte[] other = encrypt("x".getBytes(StandardCharsets.UTF_8), EncryptionOptions.DEFAULT, "escrow-public.asc");
        e = assertThrows(DecryptionException.class, () -> rewrap(other, "rsa3072-secret.asc", "x25519-public.asc"));
        assertEquals(DecryptionException.Reason.NO_MATCHING_KEY, e.reason());

        e = assertThrows(DecryptionException.class, () -> rewrap(new byte[0], "rsa3072-secret.asc",
                "x25519-public.asc"));
        assertEquals(DecryptionException.Reason.NOT_OPENPGP, e.reason());
    }
}
