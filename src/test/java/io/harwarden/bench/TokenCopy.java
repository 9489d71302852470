package io.harwarden.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code TokenCopy IN OUT}: a plain Jackson token copy of a JSON file, one pass on one thread: what the whole
 * {@code sanitize} process is compared with in {@code bench/run.sh} (the floor any streaming sanitizer pays).
 */
public final class TokenCopy {
    private TokenCopy() {
    }

    public static void main(String[] args) throws Exception {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).build()).build();
        try (InputStream in = Files.newInputStream(Path.of(args[0]));
                JsonParser p = factory.createParser(in);
                JsonGenerator g = factory.createGenerator(new BufferedOutputStream(Files.newOutputStream(
                        Path.of(args[1])), 1 << 16))) {
            while (p.nextToken() != null) {
                g.copyCurrentEvent(p);
            }
        }
    }
}
