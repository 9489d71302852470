package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small JSON tree for the few HAR objects that must be seen whole before they are written (a header's name decides
 * its value; a body's MIME type and encoding may follow its text). Keeps field order, duplicate fields and the exact
 * text of numbers.
 */
public sealed interface Node {

    record Str(String value) implements Node {
    }

    /** A number, boolean or null, kept as its exact JSON text. */
    record Literal(JsonToken token, String text) implements Node {
    }

    record Field(String name, Node value) {
    }

    record Obj(List<Field> fields) implements Node {
        /** The first string value of a field, or null. */
        String string(String name) {
            for (Field f : fields) {
                if (f.name().equals(name) && f.value() instanceof Str s) {
                    return s.value();
                }
            }
            return null;
        }

        /** The value of the first field with this name, or null. */
        public Node get(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) {
                    return f.value();
                }
            }
            return null;
        }
    }

    record Arr(List<Node> items) implements Node {
    }

    /** Reads the value at the parser's current token. */
    static Node read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                List<Field> fields = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    fields.add(new Field(name, read(p)));
                }
                return new Obj(fields);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new Arr(items);
            }
            case VALUE_STRING:
                return new Str(p.getText());
            default:
                return new Literal(t, p.getText());
        }
    }

    static void write(Node node, JsonGenerator g) throws IOException {
        if (node instanceof Str s) {
            g.writeString(s.value());
        } else if (node instanceof Literal l) {
            writeLiteral(l, g);
        } else if (node instanceof Obj o) {
            g.writeStartObject();
            for (Field f : o.fields()) {
                g.writeFieldName(f.name());
                write(f.value(), g);
            }
            g.writeEndObject();
        } else if (node instanceof Arr a) {
            g.writeStartArray();
            for (Node item : a.items()) {
                write(item, g);
            }
            g.writeEndArray();
        }
    }

    private static void writeLiteral(Literal l, JsonGenerator g) throws IOException {
        switch (l.token()) {
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> g.writeNumber(l.text());
        }
    }
}
