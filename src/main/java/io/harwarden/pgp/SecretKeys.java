package io.harwarden.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/**
 * A custodian's private keys and the passphrase that unlocks them. The passphrase is held as a char array, is never
 * printed, and {@link #close()} wipes it.
 */
public final class SecretKeys implements AutoCloseable {
    private final PGPSecretKeyRingCollection rings;
    private final char[] passphrase;

    private SecretKeys(PGPSecretKeyRingCollection rings, char[] passphrase) {
        this.rings = rings;
        this.passphrase = passphrase;
    }

    /** @param passphrase the passphrase, or null for an unprotected key; the array is copied */
    public static SecretKeys load(Path file, char[] passphrase) throws IOException, KeyRejectedException {
        try (InputStream in = Files.newInputStream(file)) {
            PGPSecretKeyRingCollection rings = new PGPSecretKeyRingCollection(PGPUtil.getDecoderStream(in),
                    new JcaKeyFingerprintCalculator());
            if (!rings.iterator().hasNext()) {
                throw new KeyRejectedException(file.toString(), null, "no private key found");
            }
            return new SecretKeys(rings, passphrase == null ? null : passphrase.clone());
        } catch (NoSuchFileException e) {
            throw new KeyRejectedException(file.toString(), null, "no such file");
        } catch (PGPException | IOException | RuntimeException e) {
            throw new KeyRejectedException(file.toString(), null, "not an OpenPGP private key");
        }
    }

    /** The secret key with this key id, or null. */
    PGPSecretKey find(long keyId) {
        return rings.getSecretKey(keyId);
    }

    /** Fingerprint of the primary key of the ring holding {@code key}. */
    String primaryFingerprint(PGPSecretKey key) {
        return Keys.hex(rings.getSecretKeyRing(key.getKeyID()).getPublicKey().getFingerprint());
    }

    PGPPrivateKey unlock(PGPSecretKey key) throws DecryptionException {
        try {
            if (key.getKeyEncryptionAlgorithm() != 0 && passphrase == null) {
                throw new DecryptionException(DecryptionException.Reason.PASSPHRASE_NEEDED, null);
            }
            PBESecretKeyDecryptor decryptor = new JcePBESecretKeyDecryptorBuilder(
                    new JcaPGPDigestCalculatorProviderBuilder().setProvider(Keys.BC).build())
                    .setProvider(Keys.BC).build(passphrase == null ? new char[0] : passphrase);
            return key.extractPrivateKey(decryptor);
        } catch (PGPException e) {
            throw new DecryptionException(DecryptionException.Reason.WRONG_PASSPHRASE, null);
        }
    }

    @Override
    public void close() {
        if (passphrase != null) {
            Arrays.fill(passphrase, '\0');
        }
    }
}
