package io.harwarden.pgp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PgpRoundTripTest {
    private static final Instant MODIFIED = Instant.parse("2026-03-04T05:06:07Z");

    static Stream<Arguments> variants() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (String key : new String[] {"rsa3072", "x25519"}) {
            for (boolean armor : new boolean[] {false, true}) {
                for (int compression : new int[] {0, 1, 6}) {
                    for (boolean aead : new boolean[] {false, true}) {
                        all.add(Arguments.of(key, armor, compression, aead));
                    }
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0} armor={1} zlib={2} aead={3}")
    @MethodSource("variants")
    void encryptThenDecryptGivesTheExactBytes(String key, boolean armor, int compression, boolean aead)
            throws Exception {
        byte[] original = sample(200_000);
        PgpEncryptor encryptor = new PgpEncryptor(TestKeys.recipients(key + "-public.asc"),
                new EncryptionOptions(armor, compression, aead));
        ByteArrayOutputStream cipher = new ByteArrayOutputStream();
        EncryptionResult result = encryptor.encrypt(new ByteArrayInputStream(original), cipher, "case-1.har", MODIFIED);
        assertEquals(original.length, result.plaintextBytes());
        String text = cipher.toString(StandardCharsets.ISO_8859_1);
        assertEquals(armor, text.startsWith("-----BEGIN PGP MESSAGE-----"));
        assertFalse(text.contains("\"log\""), "no plaintext in the ciphertext");

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (SecretKeys keys = TestKeys.secret(key + "-secret.asc")) {
            DecryptionResult d = new PgpDecryptor(keys).decrypt(new ByteArrayInputStream(cipher.toByteArray()), plain);
            assertEquals(result.recipientFingerprints().get(0), d.keyFingerprint());
            assertEquals("case-1.har", d.fileName());
            assertEquals(MODIFIED, d.modified());
        }
        assertArrayEquals(original, plain.toByteArray());
    }

    @Test
    void twoRecipientsCanEachDecrypt() throws Exception {
        byte[] original = sample(10_000);
        PgpEncryptor encryptor = new PgpEncryptor(TestKeys.recipients("x25519-public.asc", "escrow-public.asc"),
                EncryptionOptions.DEFAULT);
        ByteArrayOutputStream cipher = new ByteArrayOutputStream();
        EncryptionResult result = encryptor.encrypt(new ByteArrayInputStream(original), cipher, "a.har", MODIFIED);
        assertEquals(2, result.recipientFingerprints().size());
        for (String secret : new String[] {"x25519-secret.asc", "escrow-secret.asc"}) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            try (SecretKeys keys = TestKeys.secret(secret)) {
                new PgpDecryptor(keys).decrypt(new ByteArrayInputStream(cipher.toByteArray()), plain);
            }
            assertArrayEquals(original, plain.toByteArray(), secret);
        }
    }

    @Test
    void binaryAndArmoredKeyFilesLoadTheSameRecipient() throws Exception {
        Recipient armored = TestKeys.recipients("x25519-public.asc").get(0);
        Recipient binary = TestKeys.recipients("x25519-public.gpg").get(0);
        assertEquals(armored.fingerprint(), binary.fingerprint());
        assertEquals(40, armored.fingerprint().length());
        assertTrue(armored.userId().contains("x25519@test.invalid"));
        assertFalse(armored.encryptionKeyFingerprint().equals(armored.fingerprint()), "the encryption subkey is used");
    }

    static byte[] sample(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        String text = "{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://example.com/\"}}]}} ";
        for (int i = 0; i < size; i++) {
            bytes[i] = i % 7 == 0 ? (byte) random.nextInt() : (byte) text.charAt(i % text.length());
        }
        return bytes;
    }
}
