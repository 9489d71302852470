package io.harwarden.pgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgpFailureTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "expired-public.asc|the key expired on",
            "revoked-public.asc|the key is revoked",
            "signing-only-public.asc|no encryption-capable key",
            "rsa2048-weak-public.asc|RSA key of 2048 bits is too weak",
            "passphrase.txt|no public key found"})
    void unusableRecipientKeysAreRejectedWithTheirReason(String file, String reason) {
        KeyRejectedException e = assertThrows(KeyRejectedException.class, () -> RecipientKeys.load(TestKeys.file(file)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains(file), "names the key file: " + e.getMessage());
    }

    @Test
    void garbageIsNotAnOpenPgpMessage() throws Exception {
        assertEquals(DecryptionException.Reason.NOT_OPENPGP, fail("x25519-secret.asc", "hello, not pgp".getBytes()));
        assertEquals(DecryptionException.Reason.NOT_OPENPGP, fail("x25519-secret.asc", new byte[0]));
    }

    @Test
    void aMessageForAnotherKey() throws Exception {
        assertEquals(DecryptionException.Reason.NO_MATCHING_KEY, fail("x25519-secret.asc", encrypt("rsa3072-public.asc")));
    }

    @Test
    void tamperedCiphertextFailsLoudly() throws Exception {
        for (boolean aead : new boolean[] {false, true}) {
            byte[] cipher = encrypt("x25519-public.asc", aead);
            cipher[cipher.length - 40] ^= 0x01;
            assertEquals(DecryptionException.Reason.INTEGRITY_FAILED, fail("x25519-secret.asc", cipher), "aead=" + aead);
        }
    }

    @Test
    void wrongOrMissingPassphrase() throws Exception {
        byte[] cipher = encrypt("x25519-public.asc");
        try (SecretKeys wrong = SecretKeys.load(TestKeys.file("x25519-secret.asc"), "nope".toCharArray())) {
            DecryptionException e = assertThrows(DecryptionException.class,
                    () -> new PgpDecryptor(wrong).decrypt(new ByteArrayInputStream(cipher), OutputStream.nullOutputStream()));
            assertEquals(DecryptionException.Reason.WRONG_PASSPHRASE, e.reason());
        }
        try (SecretKeys none = SecretKeys.load(TestKeys.file("x25519-secret.asc"), null)) {
            DecryptionException e = assertThrows(DecryptionException.class,
                    () -> new PgpDecryptor(none).decrypt(new ByteArrayInputStream(cipher), OutputStream.nullOutputStream()));
            assertEquals(DecryptionException.Reason.PASSPHRASE_NEEDED, e.reason());
        }
    }

    @Test
    void messagesWithoutIntegrityProtectionAreRefused() throws Exception {
        Recipient r = TestKeys.recipients("x25519-public.asc").get(0);
        PGPEncryptedDataGenerator gen = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(false)
                        .setProvider(Keys.BC));
        gen.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(r.encryptionKey()).setProvider(Keys.BC));
        ByteArrayOutputStream cipher = new ByteArrayOutputStream();
        try (OutputStream enc = gen.open(cipher, new byte[4096]);
                OutputStream lit = new PGPLiteralDataGenerator().open(enc, PGPLiteralData.BINARY, "x", new java.util.Date(),
                        new byte[4096])) {
            lit.write("plain".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(DecryptionException.Reason.NOT_INTEGRITY_PROTECTED, fail("x25519-secret.asc", cipher.toByteArray()));
    }

    private static byte[] encrypt(String publicKey) throws Exception {
        return encrypt(publicKey, false);
    }

    private static byte[] encrypt(String publicKey, boolean aead) throws Exception {
        ByteArrayOutputStream cipher = new ByteArrayOutputStream();
        new PgpEncryptor(TestKeys.recipients(publicKey), new EncryptionOptions(false, 0, aead))
                .encrypt(new ByteArrayInputStream(PgpRoundTripTest.sample(5000)), cipher, "x.har", Instant.now());
        return cipher.toByteArray();
    }

    private static DecryptionException.Reason fail(String secretKey, byte[] message) throws Exception {
        try (SecretKeys keys = TestKeys.secret(secretKey)) {
            DecryptionException e = assertThrows(DecryptionException.class,
                    () -> new PgpDecryptor(keys).decrypt(new ByteArrayInputStream(message), OutputStream.nullOutputStream()));
            return e.reason();
        }
    }
}
