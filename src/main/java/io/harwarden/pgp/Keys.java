package io.harwarden.pgp;

import java.security.Provider;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;

/** Facts about keys that encryption and decryption both need. */
final class Keys {
    /** Bouncy Castle as a provider object, not registered globally: key wrapping for X25519 needs it. */
    static final Provider BC = new BouncyCastleProvider();
    static final int MIN_RSA_BITS = 3072;

    private Keys() {
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT);
    }

    static String userId(PGPPublicKey primary) {
        Iterator<String> ids = primary.getUserIDs();
        return ids.hasNext() ? ids.next() : "";
    }

    static boolean isExpired(PGPPublicKey key, Instant now) {
        long valid = key.getValidSeconds();
        return valid > 0 && key.getCreationTime().toInstant().plusSeconds(valid).isBefore(now);
    }

    static Instant expiry(PGPPublicKey key) {
        return key.getCreationTime().toInstant().plusSeconds(key.getValidSeconds());
    }

    static boolean canEncryptByAlgorithm(PGPPublicKey key) {
        return switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_ENCRYPT, PublicKeyAlgorithmTags.ECDH,
                    PublicKeyAlgorithmTags.X25519, PublicKeyAlgorithmTags.X448, PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT,
                    PublicKeyAlgorithmTags.ELGAMAL_GENERAL -> true;
            default -> false;
        };
    }

    /** Whether the key's self or binding signature allows encryption; keys without key flags go by algorithm. */
    static boolean flagsAllowEncryption(PGPPublicKey key) {
        int flags = -1;
        long newest = Long.MIN_VALUE;
        for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext();) {
            PGPSignature sig = it.next();
            PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
            if (hashed != null && hashed.hasSubpacket(org.bouncycastle.bcpg.SignatureSubpacketTags.KEY_FLAGS)
                    && sig.getCreationTime().getTime() >= newest) {
                newest = sig.getCreationTime().getTime();
                flags = hashed.getKeyFlags();
            }
        }
        return flags < 0 || (flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0;
    }

    /** Why a key is too weak or of a kind not accepted, or null when it is fine. */
    static String weakness(PGPPublicKey key) {
        int alg = key.getAlgorithm();
        return switch (alg) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_ENCRYPT, PublicKeyAlgorithmTags.RSA_SIGN ->
                    key.getBitStrength() < MIN_RSA_BITS
                            ? "RSA key of " + key.getBitStrength() + " bits is too weak (at least " + MIN_RSA_BITS
                                    + " required)"
                            : null;
            case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL,
                    PublicKeyAlgorithmTags.DSA -> "legacy algorithm (DSA/ElGamal) is not accepted; use RSA-3072+ or Curve25519";
            default -> null;
        };
    }
}
