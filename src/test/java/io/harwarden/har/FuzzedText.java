package io.harwarden.har;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.harwarden.har.walk.Documents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text bodies of a {@link FuzzedHar}: free text, form fields and JSON documents (nested, with duplicate keys and
 * JSON in strings), each with secrets planted in the forms pages, scripts and APIs carry them.
 */
final class FuzzedText {
    @FunctionalInterface
    interface Json {
        void write(JsonGenerator g) throws IOException;
    }

    private static final JsonFactory FACTORY = new JsonFactory();
    /** Deepest document a body may hold: the sanitizer reads documents {@value Documents#MAX_DEPTH} deep. */
    private static final int MAX_DOCUMENT_DEPTH = Documents.MAX_DEPTH;
    static final String[] PASSWORD_NAMES = {"password", "Password", "passwd", "new_password", "pwd"};
    private static final String[] CLIENT_SECRET_KEYS = {"client_secret", "clientSecret", "CLIENT_SECRET",
        "client-secret", "oauth_client_secret"};

    private final FuzzedDataProvider data;
    private final FuzzedValues values;

    FuzzedText(FuzzedDataProvider data, FuzzedValues values) {
        this.data = data;
        this.values = values;
    }

    /** Free text with credentials in the forms pages and scripts carry them. */
    String body(String where) {
        StringBuilder b = new StringBuilder();
        for (int i = data.consumeInt(1, 4); i > 0; i--) {
            b.append(data.consumeBoolean() ? "\n" : "\r\n");
            switch (data.consumeInt(0, 4)) {
                case 0 -> b.append("Authorization: Bearer ")
                        .append(values.plant(FuzzedHar.Kind.BEARER, values.core(20 + data.consumeInt(0, 20)), where + " Authorization line"));
                case 1 -> b.append(data.pickValue(new String[] {"var cfg = {\"%s\":\"%s\"};", "{'%s': '%s'}",
                        "config = { %s: \"%s\" }"}).formatted(data.pickValue(CLIENT_SECRET_KEYS),
                        values.plant(FuzzedHar.Kind.CLIENT_SECRET, values.core(32), where + " script")));
                case 2 -> b.append(data.pickValue(PASSWORD_NAMES)).append('=')
                        .append(values.plant(FuzzedHar.Kind.PASSWORD, values.core(20), where + " name=value line"));
                default -> b.append(values.text(where));
            }
        }
        return b.toString();
    }

    String form(String where) {
        List<String> fields = new ArrayList<>();
        for (int i = data.consumeInt(1, 4); i > 0; i--) {
            fields.add(data.consumeBoolean()
                    ? data.pickValue(PASSWORD_NAMES) + "=" + values.plant(FuzzedHar.Kind.PASSWORD, values.core(20), where + " field " + i)
                    : values.encode(values.name()) + "=" + values.encode(values.text(where)));
        }
        return String.join("&", fields);
    }

    String json(int docDepth, String where) {
        boolean[] pending = {data.consumeBoolean()};
        return write(g -> object(g, docDepth, 0, pending, where));
    }

    /** A JSON object; {@code pending} asks for one {@code client_secret} field somewhere inside. */
    private void object(JsonGenerator g, int docDepth, int depth, boolean[] pending, String where)
            throws IOException {
        g.writeStartObject();
        String last = null;
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            if (pending[0] && data.consumeBoolean()) {
                clientSecret(g, pending, where);
            }
            String key = last != null && data.consumeInt(0, 3) == 0 ? last : values.name(); // duplicate keys too
            g.writeFieldName(key);
            value(g, docDepth, depth + 1, pending, where);
            last = key;
        }
        if (pending[0] && depth == 0) {
            clientSecret(g, pending, where);
        }
        g.writeEndObject();
    }

    private void clientSecret(JsonGenerator g, boolean[] pending, String where) throws IOException {
        pending[0] = false;
        g.writeStringField(data.pickValue(CLIENT_SECRET_KEYS), values.plant(FuzzedHar.Kind.CLIENT_SECRET, values.core(32), where + " JSON"));
    }

    private void value(JsonGenerator g, int docDepth, int depth, boolean[] pending, String where) throws IOException {
        switch (depth >= 3 ? 2 : data.consumeInt(0, 4)) {
            case 0 -> object(g, docDepth, depth, pending, where);
            case 1 -> {
                g.writeStartArray();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    value(g, docDepth, depth + 1, pending, where);
                }
                g.writeEndArray();
            }
            case 3 -> g.writeNumber(data.consumeLong());
            case 4 -> {
                if (docDepth < MAX_DOCUMENT_DEPTH) {
                    g.writeString(write(inner -> object(inner, docDepth + 1, 0, pending, where + " JSON in a string")));
                } else {
                    g.writeBoolean(data.consumeBoolean());
                }
            }
            default -> g.writeString(values.text(where));
        }
    }

    static String write(Json writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
