package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.harwarden.har.Category;
import io.harwarden.har.HarInputException;
import io.harwarden.har.HarObserver;
import io.harwarden.har.Location;
import io.harwarden.har.stream.ParallelEntries;
import io.harwarden.har.stream.RawStringCopier;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One streaming pass from parser to generator. Known HAR places get their specific rules; every other value gets
 * the generic ones (key name, then value shape). Only small objects are held whole: one header, cookie or parameter,
 * a {@code postData}, the part of a {@code content} object from its text on, a WebSocket frame. Binary bodies
 * declared base64 before their text are streamed through without being held at all.
 */
public final class HarWalker {
    @FunctionalInterface
    private interface FieldHandler {
        void field(String name) throws IOException;
    }

    @FunctionalInterface
    private interface ItemHandler {
        void item() throws IOException;
    }

    private final JsonParser p;
    private final RawStringCopier input;
    private final JsonGenerator g;
    private final OutputStream raw;
    private final Rules rules;
    private final ParallelEntries parallel;
    private final HeldObjects held;
    private final ResponseContent content;
    private final HarObserver.Listener seen;
    private final PairObjects pairs;
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
    public HarWalker(JsonParser parser, RawStringCopier input, JsonGenerator generator, OutputStream raw, Rules rules,
            ParallelEntries parallel) {
        this.p = parser;
        this.input = input;
        this.g = generator;
        this.raw = raw;
        this.rules = rules;
        this.parallel = parallel;
        this.held = new HeldObjects(rules);
        this.seen = rules.listener;
        this.pairs = new PairObjects(parser, generator, rules, held);
        this.content = new ResponseContent(parser, input, generator, raw, rules, held, this);
    }

    public int entryCount() {
        return entries;
    }

    /** Index of the entry being read, or -1 outside {@code log.entries}. */
    int currentEntry() {
        return inEntries ? entries - 1 : -1;
    }

    public String harVersion() {
        return harVersion;
    }

    public String creator() {
        return creator;
    }

    public void walk() throws IOException, HarInputException {
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
                case "entries" -> ifArray(name, Location.OTHER, this::entries);
                case "pages" -> ifArray(name, Location.OTHER, () -> array(this::page));
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
                        seen.creator(creator, o.string("version"));
                        Node.write(held.scrub(o, null, Location.OTHER, null), g);
                    } else {
                        generic(name, Location.OTHER, null);
                    }
                }
                default -> generic(name, Location.OTHER, null);
            }
        });
    }

    private void page() throws IOException {
        seen.page();
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
    public void walkEntries(int firstIndex) throws IOException {
        entries = firstIndex;
        inEntries = true;
        while (p.nextToken() != null) {
            entryItem();
        }
        inEntries = false;
    }

    private void entries() throws IOException {
        sawEntries = true;
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
            seen.skipped(entries - 1);
            generic(null, Location.OTHER, null);
        }
    }

    private void entry() throws IOException {
        seen.start(entries - 1);
        object(name -> {
            switch (name) {
                case "request" -> ifObject(name, this::request);
                case "response" -> ifObject(name, this::response);
                case "_webSocketMessages" -> ifArray(name, Location.WEBSOCKET_MESSAGE,
                        () -> array(this::webSocketMessage));
                case "_initiator" -> generic(name, Location.INITIATOR, null);
                case "startedDateTime" -> shown(HarObserver.Field.STARTED, name);
                case "time" -> shown(HarObserver.Field.TIME, name);
                case "_error" -> shown(HarObserver.Field.ERROR, name);
                case "timings" -> timings(name);
                default -> generic(name, Location.OTHER, null);
            }
        });
        seen.end();
    }

    /** A field the observer is shown, then sanitized as any other. */
    private void shown(HarObserver.Field field, String name) throws IOException {
        seen.field(field, p);
        generic(name, Location.OTHER, null);
    }

    /** {@code timings}, sanitized exactly as {@link #generic} would, with each phase shown to the observer. */
    private void timings(String name) throws IOException {
        if (!is(JsonToken.START_OBJECT)) {
            generic(name, Location.OTHER, null);
            return;
        }
        seen.field(HarObserver.Field.TIMINGS, p);
        Category category = held.category(name, null);
        object(phase -> {
            HarObserver.Field field = HarObserver.Field.phase(phase);
            if (field != null) {
                seen.field(field, p);
            }
            generic(phase, Location.OTHER, category);
        });
    }

    private void request() throws IOException {
        object(name -> {
            switch (name) {
                case "method" -> shown(HarObserver.Field.METHOD, name);
                case "url" -> {
                    seen.field(HarObserver.Field.URL, p);
                    url(name, Location.REQUEST_URL);
                }
                case "headers" -> nameValues(name, Location.REQUEST_HEADER, held::header);
                case "cookies" -> nameValues(name, Location.REQUEST_COOKIE, held::cookie);
                case "queryString" -> nameValues(name, Location.REQUEST_QUERY_STRING, held::queryParam);
                case "postData" -> ifObject(name, () -> Node.write(held.postData((Node.Obj) Node.read(p)), g));
                default -> generic(name, Location.OTHER, null);
            }
        });
    }

    private void response() throws IOException {
        object(name -> {
            switch (name) {
                case "headers" -> nameValues(name, Location.RESPONSE_HEADER, held::header);
                case "cookies" -> nameValues(name, Location.RESPONSE_COOKIE, held::cookie);
                case "content" -> ifObject(name, content::walk);
                case "redirectURL" -> url(name, Location.RESPONSE_REDIRECT_URL);
                case "status" -> shown(HarObserver.Field.STATUS, name);
                case "_error" -> shown(HarObserver.Field.ERROR, name);
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

    /** An array of {@code {name, value, ...}} objects (headers, cookies, query parameters). */
    private void nameValues(String arrayName, Location at, HeldObjects.PairRule rule) throws IOException {
        if (!is(JsonToken.START_ARRAY)) {
            generic(arrayName, at, null);
            return;
        }
        array(() -> {
            if (is(JsonToken.START_OBJECT)) {
                pairs.walk(at, rule);
            } else {
                generic(null, at, null);
            }
        });
    }

    private void webSocketMessage() throws IOException {
        if (is(JsonToken.START_OBJECT)) {
            Node.write(held.webSocketMessage((Node.Obj) Node.read(p)), g);
        } else {
            generic(null, Location.WEBSOCKET_MESSAGE, null);
        }
    }

    /**
     * Any value with no specific rule, at the parser's current token. A string is judged by its key's name, then by
     * its shape; a container under a secret-named key passes that category to every value inside it.
     */
    void generic(String key, Location at, Category inherited) throws IOException {
        Category category = held.category(key, inherited);
        switch (p.currentToken()) {
            case START_OBJECT -> object(name -> generic(name, at, category));
            case START_ARRAY -> array(() -> generic(null, at, category));
            case VALUE_STRING -> g.writeString(held.string(p.getText(), category, at, key));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                if (category == Category.PASSWORD) {
                    g.writeString(held.string(p.getText(), category, at, key));
                } else {
                    g.copyCurrentEvent(p);
                }
            }
            default -> g.copyCurrentEvent(p);
        }
    }

    private void ifArray(String name, Location at, ItemHandler handler) throws IOException {
        if (is(JsonToken.START_ARRAY)) {
            handler.item();
        } else {
            generic(name, at, null);
        }
    }

    private void ifObject(String name, ItemHandler handler) throws IOException {
        if (is(JsonToken.START_OBJECT)) {
            handler.item();
        } else {
            generic(name, Location.OTHER, null);
        }
    }

    /**
     * An object whose fields go to {@code handler} by key. The key is written and judged as sanitized (HAR's own field
     * names come through unchanged), so the re-scan, which reads the sanitized key, judges it the same way.
     */
    private void object(FieldHandler handler) throws IOException {
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = rules.strings.key(p.currentName(), Location.OTHER);
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
