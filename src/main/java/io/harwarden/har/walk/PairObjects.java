package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.harwarden.har.HarObserver;
import io.harwarden.har.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The walker's pass over one item of a headers, cookies or query-string array; headers are shown to the observer. */
final class PairObjects {
    private final JsonParser p;
    private final JsonGenerator g;
    private final Rules rules;
    private final HeldObjects held;
    private final HarObserver.Listener seen;

    PairObjects(JsonParser parser, JsonGenerator generator, Rules rules, HeldObjects held) {
        this.p = parser;
        this.g = generator;
        this.rules = rules;
        this.held = held;
        this.seen = rules.listener;
    }

    /**
     * One name/value object. The shape browsers write, exactly {@code {"name": "…", "value": "…"}}, is handled as it
     * streams; anything else (other fields, duplicates, other types) is read whole, with what was read so far, and
     * given to {@link HeldObjects#pair}. Both give the same output for the same object.
     */
    void walk(Location at, HeldObjects.PairRule rule) throws IOException {
        List<Node.Field> fields = new ArrayList<>(2);
        JsonToken t = p.nextToken();
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("name")) {
            t = p.nextToken();
            Node name = Node.read(p);
            fields.add(new Node.Field("name", name));
            t = p.nextToken();
            if (name instanceof Node.Str n && t == JsonToken.FIELD_NAME && p.currentName().equals("value")) {
                t = p.nextToken();
                Node value = Node.read(p);
                t = p.nextToken();
                if (value instanceof Node.Str v && t == JsonToken.END_OBJECT) {
                    show(at, n.value(), v.value());
                    String key = rules.strings.key(n.value(), at);
                    g.writeStartObject();
                    g.writeStringField("name", key);
                    g.writeStringField("value", rule.apply(key, v.value(), at));
                    g.writeEndObject();
                    return;
                }
                fields.add(new Node.Field("value", value));
            }
        }
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            p.nextToken();
            fields.add(new Node.Field(field, Node.read(p)));
        }
        Node.Obj pair = new Node.Obj(fields);
        show(at, pair.string("name"), pair.string("value"));
        Node.write(held.pair(pair, at, rule), g);
    }

    /** A header as captured, to the observer (cookies and query parameters are not shown). */
    private void show(Location at, String name, String value) {
        if ((at == Location.REQUEST_HEADER || at == Location.RESPONSE_HEADER) && name != null && value != null) {
            seen.header(at == Location.RESPONSE_HEADER, name, value);
        }
    }
}
