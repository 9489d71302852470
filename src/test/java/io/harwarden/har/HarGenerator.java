package io.harwarden.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Writes a synthetic HAR file with a realistic mix (JSON API calls, cookies, form posts, HTML/JS pages, base64 images
 * and JSON, WebSocket frames) and secrets planted in every place a browser or proxy puts them. Each planted secret is
 * reported to {@code secrets} and each value that must survive to {@code keeps}, so tests can check both.
 */
public final class HarGenerator {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[] SCHEMES = {"Bearer", "Basic", "Digest", "api_key", "SSWS", "Token"};
    private static final String[] AUTH_NAMES = {"Authorization", "authorization", "AUTHORIZATION"};
    private static final String[] KEY_HEADERS = {"x-api-key", "X-Auth-Token", "X-CSRF-Token", "X-Amz-Security-Token",
            "Ocp-Apim-Subscription-Key", "X-Session-Token", "x-xsrf-token"};

    private final Random random;
    private final Consumer<String> secrets;
    private final Consumer<String> keeps;
    private final int bodyScale;
    private int n;

    /** @param bodyScale multiplies body sizes; 1 gives entries of roughly 25 KB on average */
    public HarGenerator(long seed, int bodyScale, Consumer<String> secrets, Consumer<String> keeps) {
        this.random = new Random(seed);
        this.bodyScale = bodyScale;
        this.secrets = secrets;
        this.keeps = keeps;
    }

    /** Writes entries until at least {@code targetBytes} have been written (or {@code maxEntries}). */
    public int write(OutputStream out, long targetBytes, int maxEntries) throws IOException {
        CountingStream counted = new CountingStream(out);
        try (JsonGenerator g = new JsonFactory().createGenerator(counted)) {
            g.writeStartObject();
            g.writeObjectFieldStart("log");
            g.writeStringField("version", "1.2");
            g.writeObjectFieldStart("creator");
            g.writeStringField("name", "HarGenerator");
            g.writeStringField("version", "1");
            g.writeEndObject();
            g.writeArrayFieldStart("pages");
            g.writeStartObject();
            g.writeStringField("id", "page_1");
            g.writeStringField("title", "https://app.example.com/home?access_token=" + secret());
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("entries");
            while (n < maxEntries && counted.count < targetBytes) {
                entry(g);
                n++;
                g.flush();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
        return n;
    }

    private void entry(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("pageref", "page_1");
        g.writeStringField("startedDateTime", "2026-01-01T00:00:00.000Z");
        g.writeNumberField("time", 10 + random.nextInt(900) + 0.25);
        int kind = random.nextInt(10);
        request(g, kind);
        response(g, kind);
        g.writeObjectFieldStart("cache");
        g.writeEndObject();
        g.writeObjectFieldStart("timings");
        g.writeNumberField("send", 1);
        g.writeNumberField("wait", 100 + n);
        g.writeNumberField("receive", 3.5);
        g.writeEndObject();
        g.writeObjectFieldStart("_initiator");
        g.writeStringField("type", "script");
        g.writeStringField("url", "https://cdn.example.com/app.js?sig=" + secret());
        g.writeEndObject();
        if (kind == 9) {
            g.writeArrayFieldStart("_webSocketMessages");
            wsFrame(g, "send", "{\"type\":\"auth\",\"token\":\"" + secret() + "\",\"room\":\"" + keep("room") + "\"}");
            wsFrame(g, "receive", "{\"type\":\"hello\",\"session\":\"" + secret() + "\"}");
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private void wsFrame(JsonGenerator g, String type, String data) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeNumberField("time", 1.5);
        g.writeNumberField("opcode", 1);
        g.writeStringField("data", data);
        g.writeEndObject();
    }

    private void request(JsonGenerator g, int kind) throws IOException {
        boolean post = kind <= 3;
        String token = secret();
        String page = keep("page");
        String userinfo = kind == 5 ? "svc:" + secret() + "@" : "";
        g.writeObjectFieldStart("request");
        g.writeStringField("method", post ? "POST" : "GET");
        g.writeStringField("url", "https://" + userinfo + "api.example.com/v1/items/" + n + "?access_token=" + token
                + "&page=" + page);
        g.writeStringField("httpVersion", "HTTP/2");
        g.writeArrayFieldStart("headers");
        header(g, ":authority", "api.example.com");
        String scheme = SCHEMES[random.nextInt(SCHEMES.length)];
        header(g, AUTH_NAMES[random.nextInt(AUTH_NAMES.length)], scheme + " "
                + (scheme.equals("Bearer") && random.nextBoolean() ? jwt() : secret()));
        header(g, KEY_HEADERS[random.nextInt(KEY_HEADERS.length)], secret());
        List<String[]> cookies = new ArrayList<>();
        int cookieHeaders = 1 + random.nextInt(3);
        for (int h = 0; h < cookieHeaders; h++) {
            String[] c = {"c" + h + "_" + random.nextInt(99), secret()};
            cookies.add(c);
            header(g, h % 2 == 0 ? "cookie" : "Cookie", c[0] + "=" + c[1]);
        }
        header(g, "Referer", "https://app.example.com/page?token=" + secret() + "&tab=" + keep("tab"));
        header(g, "Trackingid", keep("track"));
        header(g, "X-Request-Id", keep("req"));
        header(g, "traceparent", "00-" + keep("trace") + "-00f067aa0ba902b7-01");
        header(g, "user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)");
        header(g, "accept", "application/json, text/plain, */*");
        header(g, "accept-language", "ja-JP,ja;q=0.9,en;q=0.8");
        g.writeEndArray();
        g.writeArrayFieldStart("queryString");
        nameValue(g, "access_token", token);
        nameValue(g, "page", page);
        g.writeEndArray();
        g.writeArrayFieldStart("cookies");
        for (String[] c : cookies) {
            nameValue(g, c[0], c[1]);
        }
        g.writeEndArray();
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", post ? 512 : 0);
        if (post) {
            postData(g, kind);
        }
        g.writeEndObject();
    }

    private void postData(JsonGenerator g, int kind) throws IOException {
        g.writeObjectFieldStart("postData");
        if (kind == 0) {
            String rt = secret();
            String cs = secret();
            String grant = keep("grant");
            g.writeStringField("mimeType", "application/x-www-form-urlencoded");
            g.writeStringField("text", "grant_type=" + grant + "&refresh_token=" + rt + "&client_secret=" + cs);
            g.writeArrayFieldStart("params");
            nameValue(g, "grant_type", grant);
            nameValue(g, "refresh_token", rt);
            nameValue(g, "client_secret", cs);
            g.writeEndArray();
        } else if (kind == 1) {
            g.writeStringField("mimeType", "multipart/form-data; boundary=----B0undary");
            g.writeStringField("text", "------B0undary\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\n"
                    + keep("user") + "\r\n------B0undary\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
                    + secret() + "\r\n------B0undary--\r\n");
        } else {
            g.writeStringField("mimeType", "application/json");
            g.writeStringField("text", "{\"user\":{\"email\":\"" + keep("mail") + "@example.com\",\"password\":\""
                    + secret() + "\"},\"mfa\":{\"otp\":\"" + secret() + "\"},\"items\":[{\"id\":\"" + keep("id")
                    + "\",\"apiKey\":\"" + secret() + "\"}],\"note\":\"" + filler(200 * bodyScale) + "\"}");
        }
        g.writeEndObject();
    }

    private void response(JsonGenerator g, int kind) throws IOException {
        g.writeObjectFieldStart("response");
        g.writeNumberField("status", kind == 4 ? 302 : 200);
        g.writeStringField("statusText", kind == 4 ? "Found" : "OK");
        g.writeStringField("httpVersion", "HTTP/2");
        String sc1 = secret();
        String sc2 = secret();
        g.writeArrayFieldStart("headers");
        header(g, "set-cookie", "sid=" + sc1 + "; Path=/; Secure; HttpOnly\npref=" + sc2 + "; Max-Age=3600");
        header(g, "x-request-id", keep("rid"));
        if (kind == 4) {
            header(g, "location", "https://app.example.com/cb?code=" + secret() + "&state=" + keep("state"));
        }
        header(g, "content-type", contentType(kind));
        header(g, "cache-control", "no-store");
        g.writeEndArray();
        g.writeArrayFieldStart("cookies");
        nameValue(g, "sid", sc1);
        nameValue(g, "pref", sc2);
        g.writeEndArray();
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", 1000);
        g.writeStringField("mimeType", contentType(kind));
        content(g, kind);
        g.writeEndObject();
        g.writeStringField("redirectURL", kind == 4 ? "https://app.example.com/cb#access_token=" + secret() : "");
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", -1);
        g.writeEndObject();
    }

    private static String contentType(int kind) {
        return switch (kind) {
            case 5, 6 -> "image/png";
            case 7 -> "text/html; charset=utf-8";
            case 8 -> "application/javascript";
            default -> "application/json; charset=utf-8";
        };
    }

    private void content(JsonGenerator g, int kind) throws IOException {
        switch (kind) {
            case 5, 6 -> {
                byte[] image = new byte[(4_000 + random.nextInt(30_000)) * bodyScale];
                random.nextBytes(image);
                image[0] = (byte) 0x89;
                g.writeStringField("encoding", "base64");
                g.writeStringField("text", Base64.getEncoder().encodeToString(image));
            }
            case 7 -> g.writeStringField("text", "<html><head><meta name=\"csrf-token\" content=\"" + secret()
                    + "\"></head><body><p>" + keep("html") + " 日本語のテキスト</p><form><input type=\"hidden\" "
                    + "name=\"authenticity_token\" value=\"" + secret() + "\"></form><pre>" + filler(8_000 * bodyScale)
                    + "</pre><script>var cfg={\"accessToken\":\"" + secret() + "\"};</script></body></html>");
            case 8 -> g.writeStringField("text", "/* build */ var k='" + aws() + "'; var t=\"" + github() + "\";\n"
                    + "var pem='-----BEGIN PRIVATE KEY-----\\nMIIE" + secret() + "\\n-----END PRIVATE KEY-----';\n"
                    + filler(20_000 * bodyScale));
            case 3 -> {
                String json = "{\"access_token\":\"" + secret() + "\",\"token_type\":\"Bearer\",\"trackingId\":\""
                        + keep("b64") + "\"}";
                g.writeStringField("encoding", "base64");
                g.writeStringField("text", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
            }
            default -> g.writeStringField("text", "{\"access_token\":\"" + secret() + "\",\"refresh_token\":\""
                    + secret() + "\",\"id_token\":\"" + jwt() + "\",\"expires_in\":3600,\"trackingId\":\""
                    + keep("api") + "\",\"data\":[" + records(10 * bodyScale) + "]}");
        }
    }

    private String records(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
                    .append("\",\"status\":\"active\",\"price\":12.5,\"tags\":[\"a\",\"b\"],\"owner\":{\"id\":\"u-")
                    .append(i).append("\",\"display\":\"Ünïcode user\"},\"updated\":\"2026-01-01T00:00:00Z\"}");
        }
        return sb.toString();
    }

    private static void header(JsonGenerator g, String name, String value) throws IOException {
        nameValue(g, name, value);
    }

    private static void nameValue(JsonGenerator g, String name, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private String secret() {
        String s = "zQ" + chars(ALNUM, 18);
        secrets.accept(s);
        return s;
    }

    private String jwt() {
        String sig = chars(ALNUM + "-_", 43);
        secrets.accept(sig);
        return "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLSIsImlhdCI6MTcwMDAwMDAwMH0." + sig;
    }

    private String aws() {
        String s = "AKIA" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        secrets.accept(s);
        return s;
    }

    private String github() {
        String s = "ghp_" + chars(ALNUM, 36);
        secrets.accept(s);
        return s;
    }

    private String keep(String what) {
        String s = "KEEP" + what + n + "x" + random.nextInt(1000);
        keeps.accept(s);
        return s;
    }

    private String chars(String alphabet, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(c);
    }

    private String filler(int length) {
        StringBuilder sb = new StringBuilder(length + 64);
        while (sb.length() < length) {
            sb.append("Lorem ipsum dolor sit amet, status=ok id=").append(random.nextInt(100000)).append(". ");
        }
        return sb.toString();
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
