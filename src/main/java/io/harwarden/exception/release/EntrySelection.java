package io.harwarden.exception.release;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.TreeSet;

/**
 * A HAR holding only the chosen entries of an original, unsanitized: the document's other members are kept except
 * {@code log.pages} (titles and URLs of pages the entries may not belong to); {@code log._harWarden} names the
 * release. Strings and numbers are copied as written; streamed, so the original's size does not matter.
 */
final class EntrySelection {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(10_000).maxNumberLength(Integer.MAX_VALUE).build())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private EntrySelection() {
    }

    /** @return how many entries were written */
    static int write(InputStream original, Set<Integer> chosen, String releaseId, OutputStream out)
            throws IOException {
        int written = 0;
        try (JsonParser in = JSON.createParser(original); JsonGenerator g = JSON.createGenerator(out)) {
            expect(in.nextToken(), JsonToken.START_OBJECT);
            g.writeStartObject();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                if (!name.equals("log") || in.currentToken() != JsonToken.START_OBJECT) {
                    g.writeFieldName(name);
                    copy(in, g);
                    continue;
                }
                g.writeObjectFieldStart("log");
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String member = in.currentName();
                    in.nextToken();
                    if (member.equals("pages")) {
                        in.skipChildren();
                    } else if (member.equals("entries") && in.currentToken() == JsonToken.START_ARRAY) {
                        g.writeArrayFieldStart("entries");
                        for (int index = 0; in.nextToken() != JsonToken.END_ARRAY; index++) {
                            if (chosen.contains(index)) {
                                copy(in, g);
                                written++;
                            } else {
                                in.skipChildren();
                            }
                        }
                        g.writeEndArray();
                    } else {
                        g.writeFieldName(member);
                        copy(in, g);
                    }
                }
                g.writeObjectFieldStart("_harWarden");
                g.writeStringField("release", releaseId);
                g.writeArrayFieldStart("entries");
                for (int index : new TreeSet<>(chosen)) {
                    g.writeNumber(index);
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return written;
    }

    /** Copies the value at the parser's current token; numbers keep their text. */
    private static void copy(JsonParser in, JsonGenerator g) throws IOException {
        int depth = 0;
        do {
            JsonToken t = in.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    g.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    g.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    g.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> g.writeFieldName(in.currentName());
                case VALUE_STRING -> g.writeString(in.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(in.getText());
                case VALUE_TRUE, VALUE_FALSE -> g.writeBoolean(t == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> g.writeNull();
                default -> throw new IOException("unexpected JSON token " + t);
            }
        } while (depth > 0 && in.nextToken() != null);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("the original is not a HAR document");
        }
    }
}
