package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.harwarden.har.HarInputException;
import io.harwarden.har.Location;
import io.harwarden.har.detect.Redactor;
import io.harwarden.har.stream.RawStringCopier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * JSON documents found inside strings (a body, a JSON value holding JSON text, a multipart part) are sanitized as
 * documents: a HAR (one recorded while a HAR was uploaded to a case) with every rule of a HAR, any other JSON by key
 * and by name/value pair. Documents nest at most {@value #MAX_DEPTH} deep; deeper text is scanned as text.
 */
public final class Documents {
    public static final int MAX_DEPTH = 4;

    private final JsonFactory factory;
    private final Rules rules;
    private final JsonText json;
    private int depth;

    Documents(JsonFactory factory, Rules rules, JsonText json) {
        this.factory = factory;
        this.rules = rules;
        this.json = json;
    }

    /** The sanitized document, or empty when the text is not one (or nests too deep); nothing is recorded then. */
    Optional<String> sanitize(String text, Location at) {
        if (depth >= MAX_DEPTH) {
            return Optional.empty();
        }
        depth++;
        try {
            if (looksLikeHar(text)) {
                Optional<String> har = har(text);
                if (har.isPresent()) {
                    return har;
                }
            }
            return json.sanitize(text, at);
        } finally {
            depth--;
        }
    }

    private static boolean looksLikeHar(String text) {
        int log = text.indexOf("\"log\"");
        return log >= 0 && text.indexOf("\"entries\"", log) > 0;
    }

    /** The embedded HAR through the same walker as a file, on this file's rules (its tally, its marker key). */
    private Optional<String> har(String text) {
        Redactor redactor = rules.secrets.redactor();
        int mark = redactor.begin();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 256);
        RawStringCopier input = new RawStringCopier(new ByteArrayInputStream(bytes));
        try (JsonParser p = factory.createParser(input); JsonGenerator g = factory.createGenerator(out)) {
            new HarWalker(p, input, g, out, rules, null).walk();
            g.flush();
        } catch (IOException | HarInputException notAHar) {
            redactor.rollback(mark);
            return Optional.empty();
        } catch (RuntimeException | Error e) {
            redactor.rollback(mark);
            throw e;
        }
        redactor.commit(mark);
        return Optional.of(out.toString(StandardCharsets.UTF_8));
    }
}
