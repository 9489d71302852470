package io.harwarden.har.walk;

import com.fasterxml.jackson.core.JsonToken;
import io.harwarden.har.Category;
import io.harwarden.har.Location;
import io.harwarden.har.NameKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for the small HAR objects that are read whole before they are written (a header, cookie or parameter, a
 * {@code postData}, a WebSocket frame), because one field decides how another is read. Duplicate keys cannot hide a
 * value from them, and every key is judged as it is written, which is how the fail-closed re-scan sees it.
 */
public final class HeldObjects {
    private final Rules rules;

    HeldObjects(Rules rules) {
        this.rules = rules;
    }

    @FunctionalInterface
    interface PairRule {
        String apply(String name, String value, Location at);
    }

    /**
     * A name/value object. Duplicate keys cannot hide a value: every {@code value} is judged by every {@code name} (so
     * any secret name makes every value secret), a value that is not a string is judged leaf by leaf, a value without
     * a name gets the free-string rules, and names and other fields get the shape rules.
     */
    Node.Obj pair(Node.Obj o, Location at, PairRule rule) {
        List<String> names = new ArrayList<>(1);
        for (Node.Field f : o.fields()) {
            if (f.name().equals("name")) {
                strings(f.value(), names);
            }
        }
        names.replaceAll(n -> rules.strings.key(n, at)); // judged as written, as the re-scan will see them
        List<Node.Field> fields = new ArrayList<>(o.fields().size());
        for (Node.Field f : o.fields()) {
            String key = rules.strings.key(f.name(), at);
            Node value = switch (key) {
                case "value" -> pairValue(f.value(), names, at, rule);
                case "name" -> f.value() instanceof Node.Str s ? new Node.Str(rules.strings.key(s.value(), at))
                        : scrub(f.value(), null, at, null);
                default -> scrub(f.value(), key, at, null);
            };
            fields.add(new Node.Field(key, value));
        }
        return new Node.Obj(fields);
    }

    private Node pairValue(Node value, List<String> names, Location at, PairRule rule) {
        if (names.isEmpty()) {
            return scrub(value, null, at, null);
        }
        if (value instanceof Node.Str s) {
            String v = s.value();
            for (String name : names) {
                v = rule.apply(name, v, at);
            }
            return new Node.Str(v);
        }
        if (value instanceof Node.Literal l && isNumber(l.token())) {
            String v = l.text();
            for (String name : names) {
                v = rule.apply(name, v, at);
            }
            return v.equals(l.text()) ? l : new Node.Str(v);
        }
        if (value instanceof Node.Obj obj) {
            List<Node.Field> fields = new ArrayList<>(obj.fields().size());
            for (Node.Field f : obj.fields()) {
                fields.add(new Node.Field(rules.strings.key(f.name(), at), pairValue(f.value(), names, at, rule)));
            }
            return new Node.Obj(fields);
        }
        if (value instanceof Node.Arr arr) {
            List<Node> items = new ArrayList<>(arr.items().size());
            for (Node item : arr.items()) {
                items.add(pairValue(item, names, at, rule));
            }
            return new Node.Arr(items);
        }
        return value;
    }

    /** Every string in a node, for names given as something other than one string. */
    private static void strings(Node node, List<String> into) {
        if (node instanceof Node.Str s) {
            into.add(s.value());
        } else if (node instanceof Node.Arr a) {
            a.items().forEach(item -> strings(item, into));
        } else if (node instanceof Node.Obj o) {
            o.fields().forEach(f -> strings(f.value(), into));
        }
    }

    String header(String name, String value, Location at) {
        return rules.headers.sanitize(name, value, at);
    }

    String cookie(String name, String value, Location at) {
        return rules.cookies.value(name, value, at);
    }

    String queryParam(String name, String value, Location at) {
        return rules.forms.value(name, value, at, NameKind.QUERY_PARAM);
    }

    private String formParam(String name, String value, Location at) {
        return rules.forms.value(name, value, at, NameKind.FORM_FIELD);
    }

    /** A {@code postData}: every {@code text} is a body read as declared (see {@link Declared}), every param a pair. */
    Node.Obj postData(Node.Obj o) {
        Declared declared = Declared.of(o);
        List<Node.Field> fields = new ArrayList<>(o.fields().size());
        for (Node.Field f : o.fields()) {
            String key = rules.strings.key(f.name(), Location.REQUEST_BODY);
            Node value;
            if (key.equals("text") && f.value() instanceof Node.Str text) {
                value = new Node.Str(rules.bodies.sanitize(text.value(), declared.mimeType(), declared.encoding(),
                        Location.REQUEST_BODY));
            } else if (key.equals("params") && f.value() instanceof Node.Arr params) {
                List<Node> items = new ArrayList<>(params.items().size());
                for (Node item : params.items()) {
                    items.add(item instanceof Node.Obj param ? pair(param, Location.REQUEST_BODY, this::formParam)
                            : scrub(item, null, Location.REQUEST_BODY, null));
                }
                value = new Node.Arr(items);
            } else {
                value = scrub(f.value(), key, Location.REQUEST_BODY, null);
            }
            fields.add(new Node.Field(key, value));
        }
        return new Node.Obj(fields);
    }

    /** A WebSocket frame: every {@code data} is a message, binary if any {@code opcode} says 2. */
    Node.Obj webSocketMessage(Node.Obj o) {
        boolean binaryFrame = false;
        for (Node.Field f : o.fields()) {
            binaryFrame |= f.name().equals("opcode") && f.value() instanceof Node.Literal op && op.text().equals("2");
        }
        List<Node.Field> fields = new ArrayList<>(o.fields().size());
        for (Node.Field f : o.fields()) {
            String key = rules.strings.key(f.name(), Location.WEBSOCKET_MESSAGE);
            fields.add(new Node.Field(key, key.equals("data") && f.value() instanceof Node.Str data
                    ? new Node.Str(rules.bodies.message(data.value(), binaryFrame))
                    : scrub(f.value(), key, Location.WEBSOCKET_MESSAGE, null)));
        }
        return new Node.Obj(fields);
    }

    /** Any value inside a held object: judged by its key, then its shape; a secret-named container passes its
     * category to every value inside it. */
    Node scrub(Node node, String key, Location at, Category inherited) {
        Category category = category(key, inherited);
        if (node instanceof Node.Str s) {
            return new Node.Str(string(s.value(), category, at, key));
        }
        if (node instanceof Node.Literal l && isNumber(l.token()) && category == Category.PASSWORD) {
            return new Node.Str(string(l.text(), category, at, key));
        }
        if (node instanceof Node.Obj o) {
            List<Node.Field> fields = new ArrayList<>(o.fields().size());
            for (Node.Field f : o.fields()) {
                String name = rules.strings.key(f.name(), Location.OTHER);
                fields.add(new Node.Field(name, scrub(f.value(), name, at, category)));
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

    /** What a value under {@code key} is: the container's category if it has one, else its key's, else none. */
    Category category(String key, Category inherited) {
        return inherited != null ? inherited : key == null ? null : rules.names.bodyKey(key).orElse(null);
    }

    /**
     * A string (or a number under a password-like key, a numeric PIN; elsewhere numbers are ids and counts) with no
     * more specific rule: redacted in its category, else given the free-string rules.
     */
    String string(String value, Category category, Location at, String key) {
        return category != null ? rules.secrets.redact(value, category, at, NameKind.BODY_KEY, key)
                : rules.strings.sanitize(key, value, at);
    }

    static boolean isNumber(JsonToken token) {
        return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
    }

}
