package io.harwarden.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * Streams an OpenPGP message (armored or binary, SEIPDv1 or v2) back to its plaintext for a key custodian. Messages
 * without integrity protection are refused; a modified message fails loudly. The plaintext written before an
 * integrity failure is known must be discarded by the caller (the CLI writes to a temporary file for that reason).
 */
public final class PgpDecryptor {
    private final SecretKeys keys;

    public PgpDecryptor(SecretKeys keys) {
        this.keys = keys;
    }

    public DecryptionResult decrypt(InputStream in, OutputStream out) throws IOException, DecryptionException {
        PGPEncryptedDataList list = encryptedDataList(in);
        for (PGPEncryptedData data : list) {
            if (!(data instanceof PGPPublicKeyEncryptedData pked)) {
                continue;
            }
            PGPSecretKey key = keys.find(pked.getKeyID());
            if (key == null) {
                continue;
            }
            return decrypt(pked, keys.unlock(key), keys.primaryFingerprint(key), out);
        }
        throw new DecryptionException(DecryptionException.Reason.NO_MATCHING_KEY, null);
    }

    private static PGPEncryptedDataList encryptedDataList(InputStream in) throws DecryptionException {
        try {
            JcaPGPObjectFactory factory = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(in));
            Object o = factory.nextObject();
            while (o instanceof PGPMarker) {
                o = factory.nextObject();
            }
            if (o instanceof PGPEncryptedDataList list) {
                return list;
            }
        } catch (IOException | RuntimeException e) {
            // falls through: garbage is reported as not an OpenPGP message
        }
        throw new DecryptionException(DecryptionException.Reason.NOT_OPENPGP, null);
    }

    private static DecryptionResult decrypt(PGPPublicKeyEncryptedData pked, PGPPrivateKey key, String fingerprint,
            OutputStream out) throws DecryptionException {
        if (!pked.isIntegrityProtected() && !pked.isAEAD()) {
            throw new DecryptionException(DecryptionException.Reason.NOT_INTEGRITY_PROTECTED, null);
        }
        try {
            InputStream clear = pked.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder()
                    .setProvider(Keys.BC).setContentProvider(Keys.BC).build(key));
            PGPLiteralData literal = literal(new JcaPGPObjectFactory(clear));
            long bytes = literal.getInputStream().transferTo(out);
            if (!pked.isAEAD() && !pked.verify()) {
                throw new DecryptionException(DecryptionException.Reason.INTEGRITY_FAILED, null);
            }
            return new DecryptionResult(fingerprint, literal.getFileName(),
                    literal.getModificationTime().toInstant(), bytes);
        } catch (PGPException | IOException | RuntimeException e) {
            throw new DecryptionException(DecryptionException.Reason.INTEGRITY_FAILED, null);
        }
    }

    private static PGPLiteralData literal(JcaPGPObjectFactory factory) throws IOException, PGPException,
            DecryptionException {
        Object o = factory.nextObject();
        if (o instanceof PGPCompressedData compressed) {
            factory = new JcaPGPObjectFactory(compressed.getDataStream());
            o = factory.nextObject();
        }
        while (o instanceof PGPOnePassSignatureList || o instanceof PGPSignatureList) {
            o = factory.nextObject();
        }
        if (o instanceof PGPLiteralData literal) {
            return literal;
        }
        throw new DecryptionException(DecryptionException.Reason.MALFORMED, "no literal data");
    }
}
