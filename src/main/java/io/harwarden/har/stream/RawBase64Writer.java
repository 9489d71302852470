package io.harwarden.har.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;

/**
 * Writes decoded bytes back out as one base64 JSON string, chunk by chunk, so a media body of any size passes through
 * with constant memory. The encoded bytes go straight to the stream under the generator (base64 needs no JSON
 * escaping): the generator writes the opening quote and is flushed, the bytes follow, and the generator writes the
 * closing quote, so its own state stays that of one written value.
 */
public final class RawBase64Writer {
    private RawBase64Writer() {
    }

    /** Opens the string value; close the returned stream to finish it. */
    public static OutputStream open(JsonGenerator generator, OutputStream raw) throws IOException {
        generator.writeRawValue("\"");
        generator.flush();
        OutputStream unclosable = new FilterOutputStream(raw) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the stream under the generator stays open
            }
        };
        return new FilterOutputStream(Base64.getEncoder().wrap(unclosable)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.close();
                generator.writeRaw('"');
            }
        };
    }
}
