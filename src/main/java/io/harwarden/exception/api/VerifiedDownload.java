package io.harwarden.exception.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The encrypted original as read from the case, checked against the SHA-256 recorded when it was uploaded: a file
 * replaced on the case since then fails at its end instead of being released.
 */
final class VerifiedDownload extends FilterInputStream {
    private final MessageDigest digest;
    private final String expected;
    private boolean checked;

    VerifiedDownload(InputStream in, String expectedSha256) {
        super(in);
        this.expected = expectedSha256;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            check();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) {
            check();
        } else {
            digest.update(buffer, off, n);
        }
        return n;
    }

    private void check() throws IOException {
        if (!checked) {
            checked = true;
            if (expected != null && !expected.isEmpty() && !HexFormat.of().formatHex(digest.digest())
                    .equals(expected)) {
                throw new IOException("the encrypted original on the case is not the one HAR Warden uploaded");
            }
        }
    }
}
