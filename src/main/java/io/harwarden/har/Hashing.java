package io.harwarden.har;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and byte count of a stream as it passes. */
final class Hashing {
    private final MessageDigest digest;
    private long bytes;

    Hashing() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long bytes() {
        return bytes;
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    digest.update((byte) b);
                    bytes++;
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    digest.update(buf, off, n);
                    bytes += n;
                }
                return n;
            }
        };
    }

    OutputStream wrap(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                digest.update((byte) b);
                bytes++;
                out.write(b);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                digest.update(buf, off, len);
                bytes += len;
                out.write(buf, off, len);
            }
        };
    }
}
