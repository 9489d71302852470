package io.harwarden.har.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The parser's input, which can copy a string value to the output byte for byte while the parser skips it. A media
 * body passes unchanged, so decoding it (base64 or JSON escapes) only to encode it again is wasted work, and a
 * skipped string is never held in memory, whatever its length.
 *
 * <p>The stream remembers the last {@value #HISTORY} bytes it delivered, which covers the parser's read buffer, so
 * the string's opening quote, already read by the parser, can be found again. From there it copies up to the closing
 * quote: first what was delivered already, then, as the parser skips the string, what it reads.
 */
public final class RawStringCopier extends FilterInputStream {
    private static final int HISTORY = 1 << 16;
    private static final boolean[] BASE64 = new boolean[256];

    static {
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= ".toCharArray()) {
            BASE64[c] = true;
        }
    }

    private final byte[] history = new byte[HISTORY];
    private long delivered;
    private OutputStream sink;
    private boolean escaped;
    private boolean checkBase64;

    public RawStringCopier(InputStream in) {
        super(in);
    }

    /** Whether the string whose opening quote is at {@code offset} of this stream can still be copied. */
    public boolean canCopy(long offset) {
        return offset >= 0 && offset < delivered && offset >= delivered - HISTORY
                && history[(int) (offset & (HISTORY - 1))] == '"';
    }

    /**
     * Starts copying the string at {@code offset} (check {@link #canCopy} first) to {@code out}: what has been read
     * already now, the rest while the parser skips the string. With {@code base64}, a byte outside the base64
     * alphabet (escapes aside) fails the read with {@link BadBase64}.
     */
    public void copyString(long offset, OutputStream out, boolean base64) throws IOException {
        sink = out;
        escaped = false;
        checkBase64 = base64;
        out.write('"');
        long position = offset + 1;
        while (position < delivered && sink != null) {
            int at = (int) (position & (HISTORY - 1));
            int length = (int) Math.min(delivered - position, HISTORY - at);
            copy(history, at, length);
            position += length;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            remember(b, off, n);
            if (sink != null) {
                copy(b, off, n);
            }
        }
        return n;
    }

    private void remember(byte[] b, int off, int n) {
        int skip = Math.max(0, n - HISTORY);
        long position = delivered + skip;
        for (int i = off + skip; i < off + n; ) {
            int at = (int) (position & (HISTORY - 1));
            int length = Math.min(off + n - i, HISTORY - at);
            System.arraycopy(b, i, history, at, length);
            i += length;
            position += length;
        }
        delivered += n;
    }

    /** Copies bytes of the string up to and including its closing quote, where copying stops. */
    private void copy(byte[] b, int off, int n) throws IOException {
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                sink.write(b, off, i + 1 - off);
                sink = null;
                return;
            } else if (checkBase64 && !BASE64[c & 0xff]) {
                sink = null;
                throw new BadBase64();
            }
        }
        sink.write(b, off, n);
    }
}
