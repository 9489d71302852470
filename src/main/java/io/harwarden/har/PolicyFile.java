package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.harwarden.har.walk.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a sanitizer policy file:
 * <pre>{@code
 * {
 *   "redact": { "headers": ["X-Internal-Sig"], "params": ["otp_hint"], "bodyKeys": ["ssn"] },
 *   "keep":   { "headers": ["X-Session-Region"], "cookies": ["theme"] },
 *   "maxStringLength": 32000000,
 *   "maxNestingDepth": 500,
 *   "entropy": false
 * }
 * }</pre>
 * Every member is optional; what is absent keeps its default.
 */
public final class PolicyFile {
    private PolicyFile() {
    }

    public static SanitizerPolicy read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    static SanitizerPolicy read(InputStream in, String name) throws IOException {
        Node root;
        try (JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("policy file " + name + " is not a JSON object");
            }
            root = Node.read(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("policy file " + name + " is not valid JSON", null);
        }
        Node.Obj o = (Node.Obj) root;
        Node.Obj redact = object(o, "redact", name);
        Node.Obj keep = object(o, "keep", name);
        return new SanitizerPolicy(
                new NameList(names(redact, "headers", name), names(keep, "headers", name)),
                new NameList(names(redact, "params", name), names(keep, "params", name)),
                new NameList(names(redact, "bodyKeys", name), names(keep, "bodyKeys", name)),
                new NameList(names(redact, "cookies", name), names(keep, "cookies", name)),
                number(o, "maxStringLength", SanitizerPolicy.DEFAULT_MAX_STRING_LENGTH, name),
                number(o, "maxNestingDepth", SanitizerPolicy.DEFAULT_MAX_NESTING_DEPTH, name),
                flag(o, "entropy", name));
    }

    private static boolean flag(Node.Obj o, String member, String name) throws IOException {
        Node value = o.get(member);
        if (value == null) {
            return false;
        }
        if (value instanceof Node.Literal l && (l.token() == JsonToken.VALUE_TRUE || l.token() == JsonToken.VALUE_FALSE)) {
            return l.token() == JsonToken.VALUE_TRUE;
        }
        throw new IOException("policy file " + name + ": \"" + member + "\" must be true or false");
    }

    private static Node.Obj object(Node.Obj o, String member, String name) throws IOException {
        Node value = o.get(member);
        if (value == null) {
            return new Node.Obj(java.util.List.of());
        }
        if (value instanceof Node.Obj obj) {
            return obj;
        }
        throw new IOException("policy file " + name + ": \"" + member + "\" must be an object");
    }

    private static Set<String> names(Node.Obj o, String member, String name) throws IOException {
        Node value = o.get(member);
        Set<String> result = new LinkedHashSet<>();
        if (value == null) {
            return result;
        }
        if (!(value instanceof Node.Arr arr)) {
            throw new IOException("policy file " + name + ": \"" + member + "\" must be an array of names");
        }
        for (Node item : arr.items()) {
            if (!(item instanceof Node.Str s)) {
                throw new IOException("policy file " + name + ": \"" + member + "\" must hold only strings");
            }
            result.add(s.value());
        }
        return result;
    }

    private static int number(Node.Obj o, String member, int fallback, String name) throws IOException {
        Node value = o.get(member);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Node.Literal l && l.token() == JsonToken.VALUE_NUMBER_INT) {
            return Integer.parseInt(l.text());
        }
        throw new IOException("policy file " + name + ": \"" + member + "\" must be a whole number");
    }
}
