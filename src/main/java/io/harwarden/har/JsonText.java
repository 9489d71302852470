package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A JSON document held in a string (a request or response body, a WebSocket frame): values are redacted by key,
 * recursively, and every other string gets the free-string rules. Edits are spliced into the original text, so
 * formatting and untouched values stay byte-for-byte as they were.
 */
final class JsonText {
    private final JsonFactory factory;
    private final NameRules rules;
    private final SecretValues secrets;
    private final Strings strings;

    JsonText(JsonFactory factory, NameRules rules, SecretValues secrets, Strings strings) {
        this.factory = factory;
        this.rules = rules;
        this.secrets = secrets;
        this.strings = strings;
    }

    static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                return true;
            }
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\uFEFF') {
                return false;
            }
        }
        return false;
    }

    /** The sanitized document, or empty if the text is not one whole JSON document (nothing is recorded then). */
    Optional<String> sanitize(String json, Location at) {
        RedactionTally tally = secrets.redactor().tally();
        tally.begin();
        try {
            String result = walk(json, at);
            tally.commit();
            return Optional.of(result);
        } catch (IOException notJson) {
            tally.rollback();
            return Optional.empty();
        }
    }

    /** What a container's values inherit: the category of a secret-named container ({@code "credentials": {...}}). */
    private record Frame(boolean object, Category inherited) {
    }

    private String walk(String json, Location at) throws IOException {
        Rewrite out = new Rewrite(json);
        Deque<Frame> frames = new ArrayDeque<>();
        String field = null;
        try (JsonParser p = factory.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Frame frame = frames.peek();
                Category inherited = frame == null ? null : frame.inherited();
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_OBJECT, START_ARRAY -> frames.push(new Frame(t == JsonToken.START_OBJECT,
                            inherited != null ? inherited : keyCategory(frame, field)));
                    case END_OBJECT, END_ARRAY -> frames.pop();
                    case VALUE_STRING -> string(p, out, category(frame, inherited, field), field, at);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p, out, category(frame, inherited, field),
                            field, at);
                    default -> {
                    }
                }
            }
        }
        return out.result();
    }

    private Category category(Frame frame, Category inherited, String field) {
        return inherited != null ? inherited : keyCategory(frame, field);
    }

    private Category keyCategory(Frame frame, String field) {
        if (frame == null || !frame.object() || field == null) {
            return null;
        }
        return rules.bodyKey(field).orElse(null);
    }

    private void string(JsonParser p, Rewrite out, Category category, String field, Location at) throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        String value = p.getText();
        int end = (int) p.currentLocation().getCharOffset();
        String sanitized = category != null ? secrets.redact(value, category, at, NameKind.BODY_KEY, field)
                : strings.sanitize(value, at);
        if (sanitized != value && !sanitized.equals(value)) {
            out.replace(start, end, quote(sanitized));
        }
    }

    /** Numbers are redacted only under password-like keys (a numeric PIN); elsewhere they are ids and counts. */
    private void number(JsonParser p, Rewrite out, Category category, String field, Location at) throws IOException {
        if (category != Category.PASSWORD) {
            return;
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        String text = p.getText();
        int end = (int) p.currentLocation().getCharOffset();
        out.replace(start, end, quote(secrets.redact(text, category, at, NameKind.BODY_KEY, field)));
    }

    private static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }
}
