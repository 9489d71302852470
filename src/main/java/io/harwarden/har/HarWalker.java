package io.harwarden.har;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One streaming pass from parser to generator. Known HAR places get their specific rules; every other value gets
 * the generic ones (key name, then value shape). Only small objects are held whole: one header, cookie or parameter,
 * a {@code postData}, the part of a {@code content} object from its text on, a WebSocket frame. Binary bodies
 * declared base64 before their text are streamed through without being held at all.
 */
final class HarWalker {
    private static final Base64Variant LENIENT_BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

    @FunctionalInterface
    private interface FieldHandler {
        void field(String name) throws IOException;
    }

    @FunctionalInterface
    private interface ItemHandler {
        void item() throws IOException;
    }

    /** A body declared base64 that is not; Jackson reports it unchecked and without a position. */
    static final class BadBase64 extends IOException {
        BadBase64() {
            super("invalid base64", null);
        }
    }

    private final JsonParser p;
    private final RawStringCopier input;
    private final JsonGenerator g;
    private final OutputStream raw;
    private final Rules rules;
    private final ParallelEntries parallel;
    private int entries;
    private boolean inEntries;
    private boolean sawEntries;
    private String harVersion;
    private String creator;

    /**
     * @param input the stream the parser reads, which copies media bodies to {@code raw} as the parser skips them
     * @param raw the stream the generator writes to, for media bodies and parallel entries copied around it
     * @param parallel where the entries array's content comes from when other threads sanitize it, or null
     */
    HarWalker(JsonParser parser, RawStringCopier input, JsonGenerator generator, OutputStream raw, Rules rules,
            ParallelEntries parallel) {
        this.p = parser;
        this.input = input;
        this.g = generator;
        this.raw = raw;
        this.rules = rules;
        this.parallel = parallel;
    }

    int entryCount() {
        return entries;
    }

    /** Index of the entry being read, or -1 outside {@code log.entries}. */
    int currentEntry() {
        return inEntries ? entries - 1 : -1;
    }

    String harVersion() {
        return harVersion;
    }

    String creator() {
        return creator;
    }

    void walk() throws IOException, HarInputException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new HarInputException(HarInputException.Problem.EMPTY, null, null);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new HarInputException(HarInputException.Problem.NOT_HAR, "the top level is not a JSON object", null);
        }
        object(name -> {
            if (name.equals("log") && is(JsonToken.START_OBJECT)) {
                log();
            } else {
                generic(name, Location.OTHER, null);
            }
        });
        if (p.nextToken() != null) {
            throw new HarInputException(HarInputException.Problem.NOT_JSON, "content after the end of the document",
                    null);
        }
        if (!sawEntries) {
            throw new HarInputException(HarInputException.Problem.NOT_HAR, "no log.entries array", null);
        }
    }

    private void log() throws IOException {
        object(name -> {
            switch (name) {
                case "entries" -> {
                    if (is(JsonToken.START_ARRAY)) {
                        sawEntries = true;
                        entries();
                    } else {
                        generic(name, Location.OTHER, null);
                    }
                }
                case "pages" -> {
                    if (is(JsonToken.START_ARRAY)) {
                        array(this::page);
                    } else {
                        generic(name, Location.OTHER, null);
                    }
                }
                case "version" -> {
                    if (is(JsonToken.VALUE_STRING)) {
                        harVersion = p.getText();
                    }
                    generic(name, Location.OTHER, null);
                }
                case "creator" -> {
                    if (is(JsonToken.START_OBJECT)) {
                        Node.Obj o = (Node.Obj) Node.read(p);
                        creator = o.string("name");
                        Node.write(scrub(o, null, Location.OTHER, null), g);
                    } else {
                        generic(name, Location.OTHER, null);
                    }
                }
                default -> generic(name, Location.OTHER, null);
            }
        });
    }

    private void page() throws IOException {
        if (!is(JsonToken.START_OBJECT)) {
            generic(null, Location.OTHER, null);
            return;
        }
        object(name -> {
            if (name.equals("title") && is(JsonToken.VALUE_STRING)) {
                g.writeString(rules.strings.sanitize(p.getText(), Location.PAGE_TITLE));
            } else {
                generic(name, Location.OTHER, null);
            }
        });
    }

    /**
     * A batch of entries on its own, as a sequence of values starting at entry {@code firstIndex} (the generator
     * separates them); for a worker of {@link ParallelEntries}.
     */
    void walkEntries(int firstIndex) throws IOException {
        entries = firstIndex;
        inEntries = true;
        while (p.nextToken() != null) {
            entryItem();
        }
        inEntries = false;
    }

    private void entries() throws IOException {
        if (parallel != null && parallel.claim(p.currentTokenLocation().getByteOffset())) {
            g.writeStartArray();
            g.flush();
            entries += parallel.drainInto(raw);
            if (p.nextToken() != JsonToken.END_ARRAY) { // the skeleton's array is empty
                throw new IllegalStateException("the entries were split at the wrong array");
            }
            g.writeEndArray();
            return;
        }
        inEntries = true;
        array(this::entryItem);
        inEntries = false;
    }

    private void entryItem() throws IOException {
        entries++;
        if (is(JsonToken.START_OBJECT)) {
            entry();
        } else {
            generic(null, Location.OTHER, null);
        }
    }

    private void entry() throws IOException {
        object(name -> {
            switch (name) {
                case "request" -> ifObject(name, this::request);
                case "response" -> ifObject(name, this::response);
                case "_webSocketMessages" -> {
                    if (is(JsonToken.START_ARRAY)) {
                        array(this::webSocketMessage);
                    } else {
                        generic(name, Location.WEBSOCKET_MESSAGE, null);
                    }
                }
                case "_initiator" -> generic(name, Location.INITIATOR, null);
                default -> generic(name, Location.OTHER, null);
            }
        });
    }

    private void request() throws IOException {
        object(name -> {
            switch (name) {
                case "url" -> url(name, Location.REQUEST_URL);
                case "headers" -> nameValues(name, Location.REQUEST_HEADER, this::header);
                case "cookies" -> nameValues(name, Location.REQUEST_COOKIE, this::cookie);
                case "queryString" -> nameValues(name, Location.REQUEST_QUERY_STRING, this::queryParam);
                case "postData" -> ifObject(name, this::postData);
                default -> generic(name, Location.OTHER, null);
            }
        });
    }

    private void response() throws IOException {
        object(name -> {
            switch (name) {
                case "headers" -> nameValues(name, Location.RESPONSE_HEADER, this::header);
                case "cookies" -> nameValues(name, Location.RESPONSE_COOKIE, this::cookie);
                case "content" -> ifObject(name, this::content);
                case "redirectURL" -> url(name, Location.RESPONSE_REDIRECT_URL);
                default -> generic(name, Location.OTHER, null);
            }
        });
    }

    private void url(String name, Location at) throws IOException {
        if (is(JsonToken.VALUE_STRING)) {
            g.writeString(rules.strings.url(p.getText(), at));
        } else {
            generic(name, at, null);
        }
    }

    @FunctionalInterface
    private interface PairRule {
        String apply(String name, String value, Location at);
    }

    /** An array of {@code {name, value, ...}} objects (headers, cookies, query parameters). */
    private void nameValues(String arrayName, Location at, PairRule rule) throws IOException {
        if (!is(JsonToken.START_ARRAY)) {
            generic(arrayName, at, null);
            return;
        }
        array(() -> {
            if (!is(JsonToken.START_OBJECT)) {
                generic(null, at, null);
                return;
            }
            Node.write(pair((Node.Obj) Node.read(p), at, rule), g);
        });
    }

    private Node pair(Node.Obj o, Location at, PairRule rule) {
        String name = o.string("name");
        String value = o.string("value");
        Node.Obj result = o.fields().size() == 2 && name != null && value != null ? o
                : scrubExcept(o, at, "name", "value");
        if (name != null && value != null) {
            result.setString("value", rule.apply(name, value, at));
        }
        return result;
    }

    private String header(String name, String value, Location at) {
        return rules.headers.sanitize(name, value, at);
    }

    private String cookie(String name, String value, Location at) {
        return rules.cookies.value(name, value, at);
    }

    private String queryParam(String name, String value, Location at) {
        return rules.forms.value(name, value, at, NameKind.QUERY_PARAM);
    }

    private String formParam(String name, String value, Location at) {
        return rules.forms.value(name, value, at, NameKind.FORM_FIELD);
    }

    private void postData() throws IOException {
        Node.Obj o = (Node.Obj) Node.read(p);
        String mimeType = o.string("mimeType");
        String text = o.string("text");
        Node.Obj result = scrubExcept(o, Location.REQUEST_BODY, "text", "params", "mimeType");
        if (text != null) {
            result.setString("text", rules.bodies.sanitize(text, mimeType, o.string("encoding"), Location.REQUEST_BODY));
        }
        if (o.get("params") instanceof Node.Arr params) {
            List<Node> items = new ArrayList<>(params.items().size());
            for (Node item : params.items()) {
                items.add(item instanceof Node.Obj param ? pair(param, Location.REQUEST_BODY, this::formParam)
                        : scrub(item, null, Location.REQUEST_BODY, null));
            }
            result.set("params", new Node.Arr(items));
        }
        Node.write(result, g);
    }

    /**
     * A response {@code content}: fields before the text are written as they come; from the text on the object is held
     * until its end, because {@code mimeType} or {@code encoding} may come after the text and decide how to read it.
     */
    private void content() throws IOException {
        g.writeStartObject();
        String mimeType = null;
        String encoding = null;
        String text = null;
        List<Node.Field> afterText = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (afterText != null) {
                Node value = Node.read(p);
                afterText.add(new Node.Field(name, value));
                if (value instanceof Node.Str s && name.equals("mimeType")) {
                    mimeType = s.value();
                } else if (value instanceof Node.Str s && name.equals("encoding")) {
                    encoding = s.value();
                }
                continue;
            }
            g.writeFieldName(name);
            if (name.equals("text") && is(JsonToken.VALUE_STRING)) {
                if (mimeType != null && MimeTypes.isMedia(mimeType)) {
                    mediaText(encoding);
                    copyRest();
                    return;
                }
                text = p.getText();
                afterText = new ArrayList<>();
                continue;
            }
            if (name.equals("mimeType") && is(JsonToken.VALUE_STRING)) {
                mimeType = p.getText();
            } else if (name.equals("encoding") && is(JsonToken.VALUE_STRING)) {
                encoding = p.getText();
            }
            generic(name, Location.RESPONSE_BODY, null);
        }
        if (text != null) {
            g.writeString(rules.bodies.sanitize(text, mimeType, encoding, Location.RESPONSE_BODY));
            for (Node.Field f : afterText) {
                g.writeFieldName(f.name());
                Node.write(scrub(f.value(), f.name(), Location.RESPONSE_BODY, null), g);
            }
        }
        g.writeEndObject();
    }

    /**
     * A media body passes unchanged: copied byte for byte while the parser skips it, in constant memory and past the
     * string limit. Declared base64, its alphabet is checked on the way.
     */
    private void mediaText(String encoding) throws IOException {
        long at = p.currentTokenLocation().getByteOffset();
        if (!input.canCopy(at)) { // the parser does not read UTF-8 bytes (a UTF-16 file)
            binaryText(encoding);
            return;
        }
        g.writeRawValue(""); // the separator before the value; the string itself goes around the generator
        g.flush();
        input.copyString(at, raw, encoding != null && encoding.equalsIgnoreCase("base64"));
    }

    /** A media body read through the parser; declared base64 it streams in constant memory, past the string limit. */
    private void binaryText(String encoding) throws IOException {
        if (encoding != null && encoding.equalsIgnoreCase("base64")) {
            try (OutputStream out = RawBase64Writer.open(g, raw)) {
                p.readBinaryValue(LENIENT_BASE64, out);
            } catch (IllegalArgumentException notBase64) {
                throw new BadBase64();
            }
        } else {
            g.writeString(p.getText());
        }
    }

    /** Copies the remaining fields of a binary {@code content} object and its end. */
    private void copyRest() throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            g.writeFieldName(name);
            p.nextToken();
            generic(name, Location.RESPONSE_BODY, null);
        }
        g.writeEndObject();
    }

    private void webSocketMessage() throws IOException {
        if (!is(JsonToken.START_OBJECT)) {
            generic(null, Location.WEBSOCKET_MESSAGE, null);
            return;
        }
        Node.Obj o = (Node.Obj) Node.read(p);
        String data = o.string("data");
        Node.Obj result = scrubExcept(o, Location.WEBSOCKET_MESSAGE, "data");
        if (data != null) {
            boolean binaryFrame = o.get("opcode") instanceof Node.Literal op && op.text().equals("2");
            result.setString("data", rules.bodies.message(data, binaryFrame));
        }
        Node.write(result, g);
    }

    /**
     * Any value with no specific rule, at the parser's current token. A string is judged by its key's name, then by
     * its shape; a container under a secret-named key passes that category to every value inside it.
     */
    private void generic(String key, Location at, Category inherited) throws IOException {
        Category category = inherited != null ? inherited
                : key == null ? null : rules.names.bodyKey(key).orElse(null);
        switch (p.currentToken()) {
            case START_OBJECT -> object(name -> generic(name, at, category));
            case START_ARRAY -> array(() -> generic(null, at, category));
            case VALUE_STRING -> {
                String s = p.getText();
                g.writeString(category != null ? rules.secrets.redact(s, category, at, NameKind.BODY_KEY, key)
                        : rules.strings.sanitize(s, at));
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                if (category == Category.PASSWORD) {
                    g.writeString(rules.secrets.redact(p.getText(), category, at, NameKind.BODY_KEY, key));
                } else {
                    g.copyCurrentEvent(p);
                }
            }
            default -> g.copyCurrentEvent(p);
        }
    }

    /** The tree form of {@link #generic}, for values inside held objects. */
    private Node scrub(Node node, String key, Location at, Category inherited) {
        Category category = inherited != null ? inherited
                : key == null ? null : rules.names.bodyKey(key).orElse(null);
        if (node instanceof Node.Str s) {
            return new Node.Str(category != null
                    ? rules.secrets.redact(s.value(), category, at, NameKind.BODY_KEY, key)
                    : rules.strings.sanitize(s.value(), at));
        }
        if (node instanceof Node.Obj o) {
            List<Node.Field> fields = new ArrayList<>(o.fields().size());
            for (Node.Field f : o.fields()) {
                fields.add(new Node.Field(f.name(), scrub(f.value(), f.name(), at, category)));
            }
            return new Node.Obj(fields);
        }
        if (node instanceof Node.Arr a) {
            List<Node> items = new ArrayList<>(a.items().size());
            for (Node item : a.items()) {
                items.add(scrub(item, null, at, category));
            }
            return new Node.Arr(items);
        }
        return node;
    }

    /** A copy of the object with every field scrubbed except the named ones, which are kept as they are. */
    private Node.Obj scrubExcept(Node.Obj o, Location at, String... kept) {
        List<Node.Field> fields = new ArrayList<>(o.fields().size());
        for (Node.Field f : o.fields()) {
            fields.add(List.of(kept).contains(f.name()) ? f : new Node.Field(f.name(), scrub(f.value(), f.name(), at, null)));
        }
        return new Node.Obj(fields);
    }

    private void ifObject(String name, ItemHandler handler) throws IOException {
        if (is(JsonToken.START_OBJECT)) {
            handler.item();
        } else {
            generic(name, Location.OTHER, null);
        }
    }

    private void object(FieldHandler handler) throws IOException {
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            g.writeFieldName(name);
            p.nextToken();
            handler.field(name);
        }
        g.writeEndObject();
    }

    private void array(ItemHandler handler) throws IOException {
        g.writeStartArray();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) {
                return; // the parser reports the truncation on the next read
            }
            handler.item();
        }
        g.writeEndArray();
    }

    private boolean is(JsonToken token) {
        return p.currentToken() == token;
    }
}
