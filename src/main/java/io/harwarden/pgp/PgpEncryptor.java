package io.harwarden.pgp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.AEADAlgorithmTags;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * Streams an original into an OpenPGP message for one or more recipients: AES-256, integrity protected, the literal
 * data packet carrying the original's name and time. Memory is constant in the size of the input.
 */
public final class PgpEncryptor {
    private static final int BUFFER = 1 << 16;
    /** log2 of the AEAD chunk size: 64 KiB chunks cost 0.03 % overhead. */
    private static final int AEAD_CHUNK_BITS = 16;

    private final List<Recipient> recipients;
    private final EncryptionOptions options;
    private final SecureRandom random = new SecureRandom();

    public PgpEncryptor(List<Recipient> recipients, EncryptionOptions options) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient is needed");
        }
        this.recipients = List.copyOf(recipients);
        this.options = options;
    }

    public List<Recipient> recipients() {
        return recipients;
    }

    public EncryptionResult encrypt(InputStream in, OutputStream out, String fileName, Instant modified)
            throws IOException {
        try (PlaintextSink plain = open(out, fileName, modified)) {
            in.transferTo(plain);
            plain.close();
            return plain.result();
        }
    }

    /**
     * Opens a message on {@code out} and returns the stream to write the plaintext into; closing it finishes the
     * message (for callers that push bytes, such as one read of an original that also feeds the sanitizer).
     */
    public PlaintextSink open(OutputStream out, String fileName, Instant modified) throws IOException {
        OutputStream target = options.armor() ? new ArmoredOutputStream(keepOpen(out)) : keepOpen(out);
        PGPEncryptedDataGenerator encryption = new PGPEncryptedDataGenerator(dataEncryptor());
        for (Recipient r : recipients) {
            encryption.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(r.encryptionKey())
                    .setProvider(Keys.BC).setSecureRandom(random));
        }
        try {
            OutputStream encrypted = encryption.open(target, new byte[BUFFER]);
            PGPCompressedDataGenerator compression = options.compressionLevel() == 0 ? null
                    : new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB, options.compressionLevel());
            OutputStream payload = compression == null ? encrypted : compression.open(encrypted, new byte[BUFFER]);
            OutputStream literal = new PGPLiteralDataGenerator().open(payload, PGPLiteralData.BINARY, fileName,
                    Date.from(modified), new byte[BUFFER]);
            return new PlaintextSink(literal, () -> {
                literal.close();
                if (compression != null) {
                    compression.close();
                }
                encrypted.close();
                target.close();
                out.flush();
            }, recipients.stream().map(Recipient::fingerprint).toList());
        } catch (PGPException e) {
            throw new IOException("OpenPGP encryption failed: " + e.getMessage(), e);
        }
    }

    /** Where the plaintext goes; {@link #close()} finishes the message once. */
    public static final class PlaintextSink extends FilterOutputStream {
        @FunctionalInterface
        interface Finisher {
            void finish() throws IOException;
        }

        private final Finisher finisher;
        private final List<String> fingerprints;
        private long bytes;
        private boolean closed;

        PlaintextSink(OutputStream literal, Finisher finisher, List<String> fingerprints) {
            super(literal);
            this.finisher = finisher;
            this.fingerprints = fingerprints;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                finisher.finish();
            }
        }

        public EncryptionResult result() {
            return new EncryptionResult(bytes, fingerprints);
        }
    }

    /** SEIPDv1 keeps the JDK's AES (hardware accelerated); SEIPDv2/OCB is only in the Bouncy Castle provider. */
    private JcePGPDataEncryptorBuilder dataEncryptor() {
        JcePGPDataEncryptorBuilder builder = new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setSecureRandom(random);
        if (options.aead()) {
            return builder.setWithAEAD(AEADAlgorithmTags.OCB, AEAD_CHUNK_BITS).setUseV6AEAD().setProvider(Keys.BC);
        }
        return builder.setWithIntegrityPacket(true);
    }

    private static OutputStream keepOpen(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
