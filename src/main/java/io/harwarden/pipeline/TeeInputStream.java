package io.harwarden.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Every byte read from the original also goes to the encryptor and the digest, exactly once. */
final class TeeInputStream extends FilterInputStream {
    private final OutputStream copy;
    private final MessageDigest digest;

    TeeInputStream(InputStream in, OutputStream copy, MessageDigest digest) {
        super(in);
        this.copy = copy;
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            copy.write(b);
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            copy.write(b, off, n);
            digest.update(b, off, n);
        }
        return n;
    }

    /** Reads instead of skipping: a skip would bypass the encryptor. */
    @Override
    public long skip(long n) throws IOException {
        return Math.max(0, read(new byte[(int) Math.min(Math.max(n, 0), 8192)]));
    }
}
