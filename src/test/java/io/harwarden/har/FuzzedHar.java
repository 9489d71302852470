package io.harwarden.har;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.core.JsonGenerator;
import io.harwarden.har.walk.Pointers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A syntactically valid HAR built from fuzzer data: its structure, names and strings come from the fuzzer, and secrets
 * of a recognisable shape, or under a name a documented rule redacts, are planted where the fuzzer chooses. The only
 * place no text rule reads (media bodies, by design) gets random bytes and never a secret.
 */
final class FuzzedHar {
    enum Kind { GITHUB_TOKEN, JWT_SIGNATURE, BEARER, API_KEY_HEADER, COOKIE, ACCESS_TOKEN, PASSWORD, CLIENT_SECRET }

    /** A planted secret: {@code needle} must not be in the output; {@code where} says where it was put. */
    record Planted(Kind kind, String needle, String where) {
    }

    /** The document, its number of {@code log.entries}, and what was planted in it. */
    record Built(byte[] json, int entries, List<Planted> planted) {
    }

    private record Body(String mimeType, String encoding, String text) {
    }

    private enum BodyKind { JSON, FORM, MULTIPART, TEXT, EMBEDDED_HAR, OPAQUE, MEDIA }

    /** A WebSocket frame declares no type: base64 and multipart text would be read as plain text, rightly. */
    private static final BodyKind[] FRAME_KINDS = {BodyKind.JSON, BodyKind.FORM, BodyKind.TEXT, BodyKind.EMBEDDED_HAR};


    private static final String[] JSON_TYPES = {"application/json", "application/json; charset=utf-8",
        "application/problem+json", "text/json", "text/plain", "text/html", "application/octet-stream", null};
    private static final String[] FORM_TYPES = {"application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8", "text/plain", null};
    private static final String[] TEXT_TYPES = {"text/html; charset=utf-8", "application/javascript", "text/plain",
        "text/css", "application/xml", null};
    private static final String[] OPAQUE_TYPES = {"application/octet-stream", "application/x-protobuf",
        "application/grpc-web+proto"};
    private static final String[] MEDIA_TYPES = {"image/png", "image/jpeg", "font/woff2", "application/pdf",
        "video/mp4", "application/zip"};
    private static final String[] AUTH_HEADERS = {"Authorization", "authorization", "AUTHORIZATION",
        "Proxy-Authorization"};
    private static final String[] API_KEY_HEADERS = {"X-Api-Key", "x-api-key", "X-API-KEY"};
    private static final String[] URL_HEADERS = {"Referer", "Location", "Origin", "Content-Location"};
    static final String[] ACCESS_TOKEN_NAMES = {"access_token", "accessToken", "ACCESS_TOKEN"};
    private static final String[] MULTIPART_PASSWORDS = {"password", "user[password]", "pwd"};
    private static final String[] SCHEMES = {"Bearer", "bearer", "BEARER"};
    /** Orders of a body's {@code mimeType}, {@code encoding} and {@code text}: browsers differ. */
    private static final String[] FIELD_ORDERS = {"met", "mte", "emt", "etm", "tme", "tem"};

    private final FuzzedDataProvider data;
    private final FuzzedValues values;
    private final FuzzedText text;

    private FuzzedHar(FuzzedDataProvider data) {
        this.data = data;
        this.values = new FuzzedValues(data);
        this.text = new FuzzedText(data, values);
    }

    static Built build(FuzzedDataProvider data) {
        FuzzedHar har = new FuzzedHar(data);
        int entries = har.data.consumeInt(0, 4);
        byte[] json = har.har(entries, 0, "").getBytes(StandardCharsets.UTF_8);
        return new Built(json, entries, har.values.planted());
    }

    private String har(int entries, int depth, String where) {
        return FuzzedText.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("log");
            g.writeStringField("version", "1.2");
            g.writeObjectFieldStart("creator");
            g.writeStringField("name", values.text(where + "log.creator.name"));
            g.writeStringField("version", "1");
            g.writeEndObject();
            g.writeArrayFieldStart("pages");
            for (int i = data.consumeInt(0, 2); i > 0; i--) {
                page(g, where + "log.pages[" + i + "]");
            }
            g.writeEndArray();
            g.writeArrayFieldStart("entries");
            for (int i = 0; i < entries; i++) {
                entry(g, depth, where + "entry " + i + " ");
            }
            g.writeEndArray();
            extras(g, where + "log");
            g.writeEndObject();
            extras(g, where + "root");
            g.writeEndObject();
        });
    }

    private void page(JsonGenerator g, String where) throws IOException {
        g.writeStartObject();
        g.writeStringField("startedDateTime", "2026-01-01T00:00:00.000Z");
        g.writeStringField("id", values.text(where + ".id"));
        g.writeStringField("title", data.consumeBoolean() ? values.url(where + ".title") : values.text(where + ".title"));
        g.writeObjectFieldStart("pageTimings");
        g.writeNumberField("onLoad", data.consumeInt());
        g.writeEndObject();
        extras(g, where);
        g.writeEndObject();
    }

    private void entry(JsonGenerator g, int depth, String where) throws IOException {
        g.writeStartObject();
        g.writeStringField("startedDateTime", "2026-01-01T00:00:00.000Z");
        g.writeNumberField("time", data.consumeRegularDouble());
        request(g, depth, where + "request");
        if (data.consumeInt(0, 7) == 0) { // a duplicate key: the second request must be read as well
            request(g, depth, where + "second request");
        }
        response(g, depth, where + "response");
        g.writeObjectFieldStart("cache");
        g.writeEndObject();
        g.writeObjectFieldStart("timings");
        g.writeNumberField("send", 1);
        g.writeNumberField("wait", data.consumeInt(-1, 1000));
        g.writeNumberField("receive", 1);
        g.writeEndObject();
        if (data.consumeBoolean()) {
            g.writeArrayFieldStart("_webSocketMessages");
            for (int i = data.consumeInt(0, 3); i > 0; i--) {
                boolean binary = data.consumeBoolean();
                Body body = body(depth + 1, where + "_webSocketMessages[" + i + "].data", false);
                g.writeStartObject();
                g.writeStringField("type", data.consumeBoolean() ? "send" : "receive");
                g.writeNumberField("time", data.consumeRegularDouble());
                g.writeNumberField("opcode", binary ? 2 : 1);
                g.writeStringField("data", binary ? values.base64(body.text) : body.text);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        extras(g, where.strip());
        g.writeEndObject();
    }

    private void request(JsonGenerator g, int depth, String where) throws IOException {
        g.writeObjectFieldStart("request");
        g.writeStringField("method", data.pickValue(new String[] {"GET", "POST", "PUT", "PATCH"}));
        g.writeStringField("url", values.url(where + ".url"));
        g.writeStringField("httpVersion", "HTTP/1.1");
        headers(g, true, where + ".headers");
        cookies(g, where + ".cookies");
        g.writeArrayFieldStart("queryString");
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            String w = where + ".queryString[" + i + "]";
            if (data.consumeBoolean()) {
                pair(g, data.pickValue(ACCESS_TOKEN_NAMES), values.plant(Kind.ACCESS_TOKEN, values.core(32), w));
            } else {
                pair(g, values.name(), values.text(w));
            }
        }
        g.writeEndArray();
        if (data.consumeBoolean()) {
            postData(g, depth, where + ".postData");
        }
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", data.consumeInt(-1, 100_000));
        extras(g, where);
        g.writeEndObject();
    }

    private void postData(JsonGenerator g, int depth, String where) throws IOException {
        Body body = body(depth + 1, where + ".text", true);
        g.writeObjectFieldStart("postData");
        fields(g, body, false);
        if (data.consumeBoolean()) {
            g.writeArrayFieldStart("params");
            for (int i = data.consumeInt(0, 3); i > 0; i--) {
                String w = where + ".params[" + i + "]";
                if (data.consumeBoolean()) {
                    pair(g, data.pickValue(FuzzedText.PASSWORD_NAMES), values.plant(Kind.PASSWORD, values.core(20), w));
                } else {
                    pair(g, values.name(), values.text(w));
                }
            }
            g.writeEndArray();
        }
        extras(g, where);
        g.writeEndObject();
    }

    private void response(JsonGenerator g, int depth, String where) throws IOException {
        g.writeObjectFieldStart("response");
        g.writeNumberField("status", data.consumeInt(0, 599));
        g.writeStringField("statusText", values.text(where + ".statusText"));
        g.writeStringField("httpVersion", "HTTP/1.1");
        headers(g, false, where + ".headers");
        cookies(g, where + ".cookies");
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", data.consumeInt(-1, 100_000));
        fields(g, body(depth + 1, where + ".content.text", true), true);
        extras(g, where + ".content");
        g.writeEndObject();
        g.writeStringField("redirectURL", data.consumeBoolean() ? values.url(where + ".redirectURL") : "");
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", -1);
        extras(g, where);
        g.writeEndObject();
    }

    /** A body's fields in an order the fuzzer picks, sometimes with a second {@code text}. */
    private void fields(JsonGenerator g, Body body, boolean content) throws IOException {
        for (char field : data.pickValue(FIELD_ORDERS).toCharArray()) {
            if (field == 'm' && (body.mimeType != null || content)) {
                g.writeStringField("mimeType", body.mimeType == null ? "" : body.mimeType);
            } else if (field == 'e' && body.encoding != null) {
                g.writeStringField("encoding", body.encoding);
            } else if (field == 't') {
                g.writeStringField("text", body.text);
            }
        }
        if (data.consumeInt(0, 7) == 0) {
            g.writeStringField("text", values.text("second text"));
        }
    }

    private void headers(JsonGenerator g, boolean request, String where) throws IOException {
        g.writeArrayFieldStart("headers");
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            String w = where + "[" + i + "]";
            switch (data.consumeInt(0, 5)) {
                case 0 -> pair(g, data.pickValue(AUTH_HEADERS), data.pickValue(SCHEMES) + " "
                        + values.plant(Kind.BEARER, values.core(20 + data.consumeInt(0, 20)), w + " Authorization: Bearer"));
                case 1 -> pair(g, data.pickValue(AUTH_HEADERS), "Bearer " + values.jwt(w + " Authorization: Bearer JWT"));
                case 2 -> pair(g, data.pickValue(API_KEY_HEADERS), values.plant(Kind.API_KEY_HEADER, values.core(32), w));
                case 3 -> pair(g, request ? "Cookie" : "Set-Cookie", cookieHeader(request, w));
                case 4 -> pair(g, data.pickValue(URL_HEADERS), values.url(w + " URL"));
                default -> pair(g, values.name(), values.text(w));
            }
        }
        g.writeEndArray();
    }

    /** A name/value object; sometimes with a second {@code value} before or after the first. */
    private void pair(JsonGenerator g, String name, String value) throws IOException {
        int duplicate = data.consumeInt(0, 5);
        g.writeStartObject();
        if (duplicate == 1) {
            g.writeStringField("value", values.text("duplicate value"));
        }
        g.writeStringField("name", name);
        g.writeStringField("value", value);
        if (duplicate == 2) {
            g.writeStringField("value", values.text("duplicate value"));
        }
        extras(g, "header");
        g.writeEndObject();
    }

    private String cookieHeader(boolean request, String where) {
        List<String> cookies = new ArrayList<>();
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            cookies.add(values.token(values.name()) + "=" + values.text("cookie").replaceAll("[;,\r\n]", ""));
        }
        String header = request ? "Cookie" : "Set-Cookie";
        String planted = values.token(values.name()) + "=" + values.plant(Kind.COOKIE, values.core(24), where + " " + header);
        cookies.add(data.consumeInt(0, cookies.size()), request ? planted : planted + "; Path=/; HttpOnly");
        return String.join(request ? "; " : "\n", cookies);
    }

    private void cookies(JsonGenerator g, String where) throws IOException {
        g.writeArrayFieldStart("cookies");
        for (int i = data.consumeInt(0, 3); i > 0; i--) {
            String w = where + "[" + i + "]";
            pair(g, values.text(w + ".name"), data.consumeBoolean() ? values.plant(Kind.COOKIE, values.core(24), w) : values.text(w));
        }
        g.writeEndArray();
    }

    /**
     * A body of a kind the fuzzer picks, with its declared type and encoding ({@code declared} false: a frame's data);
     * {@code docDepth} is how deep in documents the sanitizer will be when it reads this text.
     */
    private Body body(int docDepth, String where, boolean declared) {
        BodyKind kind = data.pickValue(declared ? BodyKind.values() : FRAME_KINDS);
        String w = where + " (" + kind.name().toLowerCase(Locale.ROOT) + ")";
        Body body = switch (kind) {
            case JSON -> new Body(data.pickValue(JSON_TYPES), null, text.json(docDepth, w));
            case FORM -> new Body(data.pickValue(FORM_TYPES), null, text.form(w));
            case MULTIPART -> multipart(docDepth, w);
            case TEXT -> new Body(data.pickValue(TEXT_TYPES), null, text.body(w));
            case EMBEDDED_HAR -> docDepth < 2 ? new Body(data.pickValue(JSON_TYPES), null,
                    har(data.consumeInt(0, 2), docDepth, "embedded HAR in " + w + ": ")) : textBodyOnly(w);
            case OPAQUE -> new Body(data.pickValue(OPAQUE_TYPES), "base64",
                    values.base64(values.bytes(32), " " + values.shape(w) + " ", values.bytes(32)));
            case MEDIA -> new Body(data.pickValue(MEDIA_TYPES), "base64", values.base64(values.bytes(64)));
        };
        if (!declared) {
            return new Body(null, null, body.text);
        }
        return body.encoding != null || !data.consumeBoolean() ? body
                : new Body(body.mimeType, "base64", values.base64(body.text));
    }

    private Body textBodyOnly(String where) {
        return new Body(data.pickValue(TEXT_TYPES), null, text.body(where));
    }

    private Body multipart(int docDepth, String where) {
        String boundary = "----" + values.token(values.name()) + "B0und";
        StringBuilder b = new StringBuilder();
        for (int i = data.consumeInt(1, 3); i > 0; i--) {
            b.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"");
            switch (data.consumeInt(0, 2)) {
                case 0 -> b.append(data.pickValue(MULTIPART_PASSWORDS)).append("\"\r\n\r\n")
                        .append(values.plant(Kind.PASSWORD, values.core(20), where + " part " + i));
                case 1 -> b.append("file\"; filename=\"a.har\"\r\nContent-Type: application/json\r\n\r\n")
                        .append(docDepth < 2 ? har(data.consumeInt(0, 1), docDepth, "HAR uploaded in " + where + ": ")
                                : text.json(docDepth, where));
                default -> b.append(values.token(values.name())).append("\"\r\n\r\n")
                        .append(values.text(where).replace("--" + boundary, ""));
            }
            b.append("\r\n");
        }
        b.append("--").append(boundary).append("--\r\n");
        return new Body("multipart/form-data" + (data.consumeBoolean() ? "; boundary=" + boundary : ""), null,
                b.toString());
    }

    /** Up to two extra fields with names and values from the fuzzer; never a HAR field name, which has a rule. */
    private void extras(JsonGenerator g, String where) throws IOException {
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
            String key = values.name();
            g.writeFieldName(Pointers.isHarField(key) ? "_" + key : key);
            if (data.consumeBoolean()) {
                g.writeString(values.text(where + "." + i));
            } else {
                g.writeStartObject();
                g.writeStringField(values.name(), values.text(where + "." + i));
                g.writeNumberField(values.name(), data.consumeInt());
                g.writeEndObject();
            }
        }
    }


}
