package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.NameKind;
import io.harwarden.har.detect.JwkMembers;
import io.harwarden.har.detect.NameRules;
import io.harwarden.har.detect.Redactor;
import io.harwarden.har.detect.Rewrite;
import io.harwarden.har.detect.SecretValues;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A JSON document held in a string (a request or response body, a WebSocket frame): values are redacted by key,
 * recursively, and every other string gets the free-string rules. An object of the {@code {"name": …, "value": …}}
 * form (headers in an embedded HAR, environment variables, tags) has its values judged by its names, whatever the
 * order of the fields and however many of each there are. Keys are scanned for secret shapes too. Edits are spliced
 * into the original text, so formatting and untouched values stay byte-for-byte as they were.
 */
public final class JsonText {
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

    public static boolean looksLikeJson(String text) {
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
        Redactor redactor = secrets.redactor();
        int mark = redactor.begin();
        String result;
        try {
            result = walk(json, at);
        } catch (IOException notJson) {
            redactor.rollback(mark);
            return Optional.empty();
        } catch (RuntimeException | Error e) {
            redactor.rollback(mark);
            throw e;
        }
        redactor.commit(mark);
        return Optional.of(result);
    }

    /** One replacement in the text. */
    private record Edit(int start, int end, String replacement) {
    }

    /** A {@code "value"} string of an object, decided when the object ends and all its names are known. */
    private record PendingValue(int start, int end, String value) {
    }

    /**
     * An open container: what its values inherit (the category of a secret-named container, {@code "credentials":
     * {...}}), and for objects the names and values of the name/value form.
     */
    private static final class Frame {
        final boolean object;
        final Category inherited;
        final List<String> names = new ArrayList<>(1);
        final List<PendingValue> values = new ArrayList<>(1);
        /** The document holds a JSON Web Key: its private members are read as such (see {@link JwkMembers}). */
        final boolean jwk;

        Frame(boolean object, Category inherited, boolean jwk) {
            this.object = object;
            this.inherited = inherited;
            this.jwk = jwk;
        }
    }

    private String walk(String json, Location at) throws IOException {
        List<Edit> edits = new ArrayList<>();
        Deque<Frame> frames = new ArrayDeque<>();
        String field = null;
        boolean jwk = JwkMembers.inDocument(json);
        try (JsonParser p = factory.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Frame frame = frames.peek();
                Category inherited = frame == null ? null : frame.inherited;
                switch (t) {
                    case FIELD_NAME -> field = key(json, p, p.currentName(), at, edits); // judged as written
                    case START_OBJECT, START_ARRAY -> frames.push(new Frame(t == JsonToken.START_OBJECT,
                            inherited != null ? inherited : containerCategory(frame, field), jwk));
                    case END_OBJECT, END_ARRAY -> settle(frames.pop(), at, edits);
                    case VALUE_STRING -> string(p, frame, inherited, field, at, edits);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p, category(frame, inherited, field), field,
                            at, edits);
                    default -> {
                    }
                }
            }
        }
        return apply(json, edits);
    }

    private static String apply(String json, List<Edit> edits) {
        if (edits.isEmpty()) {
            return json;
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        Rewrite out = new Rewrite(json);
        for (Edit e : edits) {
            out.replace(e.start(), e.end(), e.replacement());
        }
        return out.result();
    }

    private Category category(Frame frame, Category inherited, String field) {
        return inherited != null ? inherited : keyCategory(frame, field);
    }

    private Category keyCategory(Frame frame, String field) {
        if (frame == null || !frame.object || field == null) {
            return null;
        }
        return rules.bodyKey(field).orElse(null);
    }

    /** A container under {@code "value"} takes the category of a name seen before it in the same object. */
    private Category containerCategory(Frame frame, String field) {
        Category byKey = keyCategory(frame, field);
        if (byKey == null && frame != null && frame.object && "value".equals(field)) {
            return pairCategory(frame.names);
        }
        return byKey;
    }

    /** A key that holds a secret shape (a token used as a map key) is redacted like any other text. */
    private String key(String json, JsonParser p, String name, Location at, List<Edit> edits) throws IOException {
        String sanitized = strings.key(name, at);
        if (sanitized != name && !sanitized.equals(name)) {
            int start = (int) p.currentTokenLocation().getCharOffset();
            int end = closingQuote(json, start + 1) + 1;
            if (start < 0 || json.charAt(start) != '"' || end <= start) {
                throw new IOException("cannot place the key's edit"); // the caller scans the text as text instead
            }
            edits.add(new Edit(start, end, quote(sanitized)));
        }
        return sanitized;
    }

    /** The index of the quote that ends the string whose content starts at {@code from}, or -1. */
    private static int closingQuote(String json, int from) {
        for (int i = from; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private void string(JsonParser p, Frame frame, Category inherited, String field, Location at, List<Edit> edits)
            throws IOException {
        int start = (int) p.currentTokenLocation().getCharOffset();
        String value = p.getText();
        int end = (int) p.currentLocation().getCharOffset();
        if (frame != null && frame.object && inherited == null) {
            if ("name".equals(field)) {
                frame.names.add(strings.key(value, at)); // judged as written, as the re-scan will see it
            } else if ("value".equals(field)) {
                frame.values.add(new PendingValue(start, end, value));
                return;
            }
        }
        Category category = category(frame, inherited, field);
        if (category == null && frame != null && frame.jwk && JwkMembers.isPrivate(field)
                && JwkMembers.isKeyMaterial(value)) {
            category = Category.PRIVATE_KEY;
        }
        String sanitized = category != null ? secrets.redact(value, category, at, NameKind.BODY_KEY, field)
                : strings.sanitize(field, value, at);
        if (sanitized != value && !sanitized.equals(value)) {
            edits.add(new Edit(start, end, quote(sanitized)));
        }
    }

    /** At the end of an object: every {@code "value"} is redacted if any of its names is secret, else scanned. */
    private void settle(Frame frame, Location at, List<Edit> edits) {
        if (frame.values.isEmpty()) {
            return;
        }
        Category category = pairCategory(frame.names);
        String name = category == null ? null : frame.names.stream()
                .filter(n -> pairCategory(List.of(n)) != null).findFirst().orElse(null);
        for (PendingValue v : frame.values) {
            String sanitized = category != null ? secrets.redact(v.value(), category, at, NameKind.BODY_KEY, name)
                    : keyedOrSanitized(frame.names, v.value(), at);
            if (!sanitized.equals(v.value())) {
                edits.add(new Edit(v.start(), v.end(), quote(sanitized)));
            }
        }
    }

    /** A value of a name/value object whose names name no secret: a keyword format of one of them, or any string. */
    private String keyedOrSanitized(List<String> names, String value, Location at) {
        for (String name : names) {
            String keyed = strings.keyed(name, value, at);
            if (keyed != null) {
                return keyed;
            }
        }
        return strings.sanitize(value, at);
    }

    /** The category of the first secret among the names of a name/value object, judged as keys and as header names. */
    private Category pairCategory(List<String> names) {
        for (String n : names) {
            Optional<Category> c = rules.bodyKey(n).or(() -> rules.header(n));
            if (c.isPresent()) {
                return c.get();
            }
        }
        return null;
    }

    /** Numbers are redacted only under password-like keys (a numeric PIN); elsewhere they are ids and counts. */
    private void number(JsonParser p, Category category, String field, Location at, List<Edit> edits)
            throws IOException {
        if (category != Category.PASSWORD) {
            return;
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        String text = p.getText();
        int end = (int) p.currentLocation().getCharOffset();
        edits.add(new Edit(start, end, quote(secrets.redact(text, category, at, NameKind.BODY_KEY, field))));
    }

    private static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }
}
