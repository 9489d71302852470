package io.harwarden.pgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * Gives an encrypted message to other recipients without decrypting its data: the session key is taken from the
 * custodian's key packet and encrypted to each new recipient (what {@code gpg --show-session-key} and
 * {@code --override-session-key} allow by hand), and the encrypted data packet is copied byte for byte after the new
 * key packets. The old key packets are left out, so the custodian's key does not open the result. Only the session
 * key is ever in memory; for a classic (SEIPD version 1) message, which is what HAR Warden writes by default.
 */
public final class SessionKeyRewrap {
    private static final int TAG_PKESK = 1;
    private static final int TAG_SKESK = 3;
    private static final int TAG_MARKER = 10;
    private static final int TAG_SEIPD = 18;
    /** A symmetrically encrypted integrity protected data packet holding only its version, 1: enough to parse. */
    private static final byte[] EMPTY_SEIPD_V1 = {(byte) 0xD2, 1, 1};
    private static final int MAX_KEY_PACKET = 1 << 16;

    private SessionKeyRewrap() {
    }

    /** @return the fingerprint of the custodian key that gave the session key */
    public static String rewrap(InputStream message, SecretKeys custodian, List<Recipient> to, OutputStream out)
            throws IOException, DecryptionException {
        InputStream in = PGPUtil.getDecoderStream(message);
        ByteArrayOutputStream keyPackets = new ByteArrayOutputStream();
        Header data;
        while (true) {
            Header header = Header.read(in);
            if (header == null) {
                throw new DecryptionException(DecryptionException.Reason.NOT_OPENPGP, null);
            }
            if (header.tag() == TAG_SEIPD) {
                data = header;
                break;
            }
            if (header.tag() != TAG_PKESK && header.tag() != TAG_SKESK && header.tag() != TAG_MARKER
                    || header.length() < 0 || header.length() > MAX_KEY_PACKET) {
                throw new DecryptionException(DecryptionException.Reason.MALFORMED, "only a classic message (key "
                        + "packets, then SEIPD version 1) can be given to another key without decrypting it");
            }
            byte[] body = in.readNBytes((int) header.length());
            if (body.length != header.length()) {
                throw new DecryptionException(DecryptionException.Reason.MALFORMED, "cut short");
            }
            if (header.tag() == TAG_PKESK) {
                keyPackets.write(header.bytes());
                keyPackets.write(body);
            }
        }
        int version = in.read();
        if (version != 1) {
            throw new DecryptionException(DecryptionException.Reason.MALFORMED, "only a classic message (SEIPD "
                    + "version 1) can be given to another key without decrypting it");
        }
        Found found = sessionKey(keyPackets.toByteArray(), custodian);
        try {
            for (Recipient recipient : to) {
                out.write(new JcePublicKeyKeyEncryptionMethodGenerator(recipient.encryptionKey()).setProvider(Keys.BC)
                        .generate(new JcePGPDataEncryptorBuilder(found.key().getAlgorithm())
                                .setWithIntegrityPacket(true).setProvider(Keys.BC), found.key().getKey())
                        .getEncoded());
            }
        } catch (PGPException e) {
            throw new IOException("cannot encrypt the session key to the new recipient: " + e.getMessage(), e);
        }
        out.write(data.bytes());
        out.write(version);
        in.transferTo(out);
        return found.fingerprint();
    }

    private record Found(PGPSessionKey key, String fingerprint) {
    }

    private static Found sessionKey(byte[] keyPackets, SecretKeys custodian) throws DecryptionException {
        byte[] parseable = new byte[keyPackets.length + EMPTY_SEIPD_V1.length];
        System.arraycopy(keyPackets, 0, parseable, 0, keyPackets.length);
        System.arraycopy(EMPTY_SEIPD_V1, 0, parseable, keyPackets.length, EMPTY_SEIPD_V1.length);
        try {
            Object o = new JcaPGPObjectFactory(new ByteArrayInputStream(parseable)).nextObject();
            if (o instanceof PGPEncryptedDataList list) {
                for (PGPEncryptedData encrypted : list) {
                    if (encrypted instanceof PGPPublicKeyEncryptedData pked) {
                        PGPSecretKey key = custodian.find(pked.getKeyID());
                        if (key != null) {
                            PGPSessionKey session = pked.getSessionKey(new JcePublicKeyDataDecryptorFactoryBuilder()
                                    .setProvider(Keys.BC).setContentProvider(Keys.BC).build(custodian.unlock(key)));
                            return new Found(session, custodian.primaryFingerprint(key));
                        }
                    }
                }
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw new DecryptionException(DecryptionException.Reason.MALFORMED, "unreadable key packet");
        }
        throw new DecryptionException(DecryptionException.Reason.NO_MATCHING_KEY, null);
    }

    /** An OpenPGP packet header as read: its tag, body length (-1 when partial or indeterminate) and raw bytes. */
    private record Header(int tag, long length, byte[] bytes) {
        static Header read(InputStream in) throws IOException {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            if ((first & 0x80) == 0) {
                throw new IOException("not an OpenPGP packet");
            }
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(first);
            if ((first & 0x40) != 0) { // new format
                int tag = first & 0x3f;
                int o1 = next(in, raw);
                long length;
                if (o1 < 192) {
                    length = o1;
                } else if (o1 < 224) {
                    length = ((o1 - 192) << 8) + next(in, raw) + 192;
                } else if (o1 == 255) {
                    length = ((long) next(in, raw) << 24) | (next(in, raw) << 16) | (next(in, raw) << 8) | next(in, raw);
                } else {
                    length = -1; // a partial body length: only data packets have them
                }
                return new Header(tag, length, raw.toByteArray());
            }
            int tag = (first >> 2) & 0xf;
            long length = switch (first & 3) {
                case 0 -> next(in, raw);
                case 1 -> (next(in, raw) << 8) | next(in, raw);
                case 2 -> ((long) next(in, raw) << 24) | (next(in, raw) << 16) | (next(in, raw) << 8) | next(in, raw);
                default -> -1;
            };
            return new Header(tag, length, raw.toByteArray());
        }

        private static int next(InputStream in, ByteArrayOutputStream raw) throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("cut short");
            }
            raw.write(b);
            return b;
        }
    }
}
