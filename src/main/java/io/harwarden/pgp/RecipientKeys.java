package io.harwarden.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;

/**
 * Loads recipient certificates from armored or binary public key files or keyrings and rejects, with a reason per
 * key, any that is revoked, expired, too weak, or has no usable encryption key.
 */
public final class RecipientKeys {
    private RecipientKeys() {
    }

    /** Every certificate in the file, validated as of now. */
    public static List<Recipient> load(Path file) throws IOException, KeyRejectedException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString(), Instant.now());
        } catch (NoSuchFileException e) {
            throw new KeyRejectedException(file.toString(), null, "no such file");
        }
    }

    /** Every certificate in {@code in} (armored or binary), validated as of {@code now}; {@code source} names it. */
    public static List<Recipient> load(InputStream in, String source, Instant now)
            throws IOException, KeyRejectedException {
        PGPPublicKeyRingCollection rings;
        try {
            rings = new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(in), new JcaKeyFingerprintCalculator());
        } catch (PGPException | IOException | RuntimeException e) {
            throw new KeyRejectedException(source, null, "not an OpenPGP public key or keyring");
        }
        List<Recipient> recipients = new ArrayList<>();
        for (PGPPublicKeyRing ring : rings) {
            recipients.add(validate(ring, source, now));
        }
        if (recipients.isEmpty()) {
            throw new KeyRejectedException(source, null, "no public key found");
        }
        return recipients;
    }

    private static Recipient validate(PGPPublicKeyRing ring, String source, Instant now) throws KeyRejectedException {
        PGPPublicKey primary = ring.getPublicKey();
        String fingerprint = Keys.hex(primary.getFingerprint());
        if (primary.hasRevocation()) {
            throw new KeyRejectedException(source, fingerprint, "the key is revoked");
        }
        if (Keys.isExpired(primary, now)) {
            throw new KeyRejectedException(source, fingerprint, "the key expired on " + Keys.expiry(primary));
        }
        String weakness = Keys.weakness(primary);
        if (weakness != null) {
            throw new KeyRejectedException(source, fingerprint, weakness);
        }
        PGPPublicKey chosen = null;
        String lastProblem = null;
        for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext();) {
            PGPPublicKey key = it.next();
            if (!Keys.canEncryptByAlgorithm(key) || !Keys.flagsAllowEncryption(key)) {
                continue;
            }
            String problem = subkeyProblem(key, now);
            if (problem != null) {
                lastProblem = problem;
            } else if (chosen == null || key.getCreationTime().after(chosen.getCreationTime())) {
                chosen = key;
            }
        }
        if (chosen == null) {
            throw new KeyRejectedException(source, fingerprint, lastProblem != null ? lastProblem
                    : "it has no encryption-capable key (a signing-only key?)");
        }
        return new Recipient(fingerprint, Keys.userId(primary), chosen, source);
    }

    private static String subkeyProblem(PGPPublicKey key, Instant now) {
        if (!key.isMasterKey() && key.hasRevocation()) {
            return "its encryption subkey is revoked";
        }
        if (Keys.isExpired(key, now)) {
            return "its encryption subkey expired on " + Keys.expiry(key);
        }
        return Keys.weakness(key);
    }
}
