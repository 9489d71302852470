package io.harwarden.har.walk;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.harwarden.har.Location;
import io.harwarden.har.stream.BadBase64;
import io.harwarden.har.stream.RawBase64Writer;
import io.harwarden.har.stream.RawStringCopier;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** The walker's pass over one response {@code content} object: bodies held and sanitized, media streamed through. */
final class ResponseContent {
    private static final Base64Variant LENIENT_BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

    private final JsonParser p;
    private final RawStringCopier input;
    private final JsonGenerator g;
    private final OutputStream raw;
    private final Rules rules;
    private final HeldObjects held;
    private final HarWalker walker;

    ResponseContent(JsonParser parser, RawStringCopier input, JsonGenerator generator, OutputStream raw, Rules rules,
            HeldObjects held, HarWalker walker) {
        this.p = parser;
        this.input = input;
        this.g = generator;
        this.raw = raw;
        this.rules = rules;
        this.held = held;
        this.walker = walker;
    }

    /**
     * A response {@code content}: fields before the text are written as they come; from the text on the object is held
     * until its end, because {@code mimeType} or {@code encoding} may come after the text and decide how to read it.
     * Every {@code text} is a body. Only media (declared before its text) streams through unheld, and only while it
     * is in the base64 alphabet, whatever encoding is declared (browsers write the encoding after the text): other
     * text under a media type fails the file rather than pass unread.
     */
    void walk() throws IOException {
        g.writeStartObject();
        Declared declared = new Declared();
        List<Node.Field> rest = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (rest == null && name.equals("text") && is(JsonToken.VALUE_STRING)) {
                if (declared.media()) {
                    rules.listener.content(declared.mimeType(), declared.encoding() != null, null, true);
                    g.writeFieldName(name);
                    mediaText();
                    copyRest();
                    return;
                }
                rest = new ArrayList<>();
            }
            if (rest != null) {
                Node value = Node.read(p);
                declared.see(name, value);
                rest.add(new Node.Field(name, value));
                continue;
            }
            declared.see(name, is(JsonToken.VALUE_STRING) ? p.getText() : null, is(JsonToken.VALUE_STRING));
            String key = rules.strings.key(name, Location.RESPONSE_BODY);
            g.writeFieldName(key);
            walker.generic(key, Location.RESPONSE_BODY, null);
        }
        String body = null;
        if (rest != null) {
            for (Node.Field f : rest) {
                if (body == null && f.name().equals("text") && f.value() instanceof Node.Str s) {
                    body = s.value();
                }
                String key = rules.strings.key(f.name(), Location.RESPONSE_BODY);
                g.writeFieldName(key);
                Node.write(f.name().equals("text") && f.value() instanceof Node.Str text
                        ? new Node.Str(rules.bodies.sanitize(text.value(), declared.mimeType(), declared.encoding(),
                                Location.RESPONSE_BODY))
                        : held.scrub(f.value(), key, Location.RESPONSE_BODY, null), g);
            }
        }
        rules.listener.content(declared.mimeType(), declared.encoding() != null, body, rest != null);
        g.writeEndObject();
    }

    /**
     * A media body passes unchanged: copied byte for byte while the parser skips it, in constant memory and past the
     * string limit, its base64 alphabet checked on the way.
     */
    private void mediaText() throws IOException {
        long at = p.currentTokenLocation().getByteOffset();
        if (!input.canCopy(at)) { // the parser does not read UTF-8 bytes (a UTF-16 file)
            binaryText();
            return;
        }
        g.writeRawValue(""); // the separator before the value; the string itself goes around the generator
        g.flush();
        input.copyString(at, raw, true);
    }

    /** A base64 media body read through the parser, streamed in constant memory past the string limit. */
    private void binaryText() throws IOException {
        try (OutputStream out = RawBase64Writer.open(g, raw)) {
            p.readBinaryValue(LENIENT_BASE64, out);
        } catch (IllegalArgumentException notBase64) {
            throw new BadBase64();
        }
    }

    /** Copies the remaining fields of a binary {@code content} object and its end. */
    private void copyRest() throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = rules.strings.key(p.currentName(), Location.RESPONSE_BODY);
            g.writeFieldName(name);
            p.nextToken();
            walker.generic(name, Location.RESPONSE_BODY, null);
        }
        g.writeEndObject();
    }

    private boolean is(JsonToken token) {
        return p.currentToken() == token;
    }
}
