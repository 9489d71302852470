package io.harwarden.har;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;

/**
 * Writes decoded bytes back out as one base64 JSON string, chunk by chunk, so a binary body of any size passes
 * through with constant memory. Base64 needs no JSON escaping, which is what makes raw writes safe here.
 */
final class RawBase64Writer extends OutputStream {
    private final JsonGenerator generator;
    private final char[] chars = new char[8192];
    private int used;

    private RawBase64Writer(JsonGenerator generator) {
        this.generator = generator;
    }

    /** Opens the string value; close the returned stream to finish it. */
    static OutputStream open(JsonGenerator generator) throws IOException {
        generator.writeRawValue("\"");
        return Base64.getEncoder().wrap(new RawBase64Writer(generator));
    }

    @Override
    public void write(int b) throws IOException {
        if (used == chars.length) {
            flushChars();
        }
        chars[used++] = (char) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == chars.length) {
                flushChars();
            }
            int n = Math.min(len, chars.length - used);
            for (int i = 0; i < n; i++) {
                chars[used + i] = (char) b[off + i];
            }
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        flushChars();
        generator.writeRaw('"');
    }

    private void flushChars() throws IOException {
        generator.writeRaw(chars, 0, used);
        used = 0;
    }
}
