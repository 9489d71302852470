package io.harwarden.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;

/**
 * A HAR like an admin portal's session: API calls of about 3.7 KB each, with about eleven request and eleven response
 * headers (HTTP/2 pseudo-headers, a bearer JWT, cookies, fetch metadata, tracking ids), a query string, small JSON
 * bodies, and no images: the traffic where a sanitizer spends its time on many small strings, not on copying media.
 */
public final class ApiSessionGenerator {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[] RESOURCES = {"users", "devices", "licenses", "locations", "numbers", "features"};
    private static final String[] NAMES = {"Alice Martin", "Bob Chen", "Carla Díaz", "Daniel Okafor", "Eva Novak"};

    private final Random random;
    private final String jwt;
    private final String session;
    private int n;

    public ApiSessionGenerator(long seed) {
        this.random = new Random(seed);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        this.jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." + b64.encodeToString(("{\"sub\":\"" + UUID.randomUUID()
                + "\",\"org\":\"" + UUID.randomUUID() + "\",\"exp\":1790000000}").getBytes()) + "." + chars(342);
        this.session = chars(32);
    }

    /** Writes entries until at least {@code targetBytes} have been written. */
    public int write(OutputStream out, long targetBytes) throws IOException {
        Counting counted = new Counting(out);
        try (JsonGenerator g = new JsonFactory().createGenerator(counted)) {
            g.writeStartObject();
            g.writeObjectFieldStart("log");
            g.writeStringField("version", "1.2");
            g.writeObjectFieldStart("creator");
            g.writeStringField("name", "WebInspector");
            g.writeStringField("version", "537.36");
            g.writeEndObject();
            g.writeArrayFieldStart("entries");
            while (counted.count < targetBytes) {
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
        String org = uuid();
        String resource = RESOURCES[random.nextInt(RESOURCES.length)];
        String method = random.nextInt(5) == 0 ? "PATCH" : "GET";
        String path = "/api/v1/customers/" + org + "/" + resource + "/" + uuid();
        String tracking = "ATLAS_" + uuid() + "_" + random.nextInt(20);
        g.writeStartObject();
        g.writeStringField("startedDateTime", "2026-06-10T15:20:41." + (100 + random.nextInt(900)) + "Z");
        g.writeNumberField("time", 40 + random.nextInt(900) + 0.5);
        g.writeObjectFieldStart("request");
        g.writeStringField("method", method);
        g.writeStringField("url", "https://cpapi.example.com" + path + "?limit=50&offset=" + 50 * random.nextInt(9));
        g.writeStringField("httpVersion", "http/2.0");
        g.writeArrayFieldStart("headers");
        header(g, ":authority", "cpapi.example.com");
        header(g, ":method", method);
        header(g, ":path", path);
        header(g, ":scheme", "https");
        header(g, "accept", "application/json, text/plain, */*");
        header(g, "accept-language", "en-US,en;q=0.9");
        header(g, "authorization", "Bearer " + jwt);
        header(g, "cookie", "_ga=GA1.2." + random.nextInt(1_000_000_000) + "; sid=" + session);
        header(g, "origin", "https://admin.example.com");
        header(g, "referer", "https://admin.example.com/manage/" + resource);
        header(g, "trackingid", tracking);
        header(g, "user-agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
                + "Gecko) Chrome/125.0.0.0 Safari/537.36");
        g.writeEndArray();
        g.writeArrayFieldStart("queryString");
        nameValue(g, "limit", "50");
        nameValue(g, "offset", String.valueOf(50 * random.nextInt(9)));
        g.writeEndArray();
        g.writeArrayFieldStart("cookies");
        nameValue(g, "sid", session);
        g.writeEndArray();
        if (method.equals("PATCH")) {
            g.writeObjectFieldStart("postData");
            g.writeStringField("mimeType", "application/json");
            g.writeStringField("text", "{\"enabled\":" + random.nextBoolean() + ",\"displayName\":\""
                    + NAMES[random.nextInt(NAMES.length)] + "\"}");
            g.writeEndObject();
        }
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", method.equals("PATCH") ? 40 : 0);
        g.writeEndObject();
        response(g, tracking, org);
        g.writeObjectFieldStart("cache");
        g.writeEndObject();
        g.writeObjectFieldStart("timings");
        g.writeNumberField("blocked", 1.2);
        g.writeNumberField("dns", -1);
        g.writeNumberField("connect", -1);
        g.writeNumberField("send", 0.1);
        g.writeNumberField("wait", 30 + random.nextInt(800) + 0.3);
        g.writeNumberField("receive", 2.4);
        g.writeEndObject();
        g.writeStringField("serverIPAddress", "203.0.113." + random.nextInt(255));
        g.writeStringField("_resourceType", "xhr");
        g.writeEndObject();
    }

    private void response(JsonGenerator g, String tracking, String org) throws IOException {
        int status = random.nextInt(20) == 0 ? 502 : 200;
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0, items = 2 + random.nextInt(3); i < items; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(uuid()).append("\",\"orgId\":\"").append(org)
                    .append("\",\"displayName\":\"").append(name).append("\",\"email\":\"")
                    .append(name.toLowerCase().replace(' ', '.')).append("@example.com\",\"status\":\"active\",")
                    .append("\"created\":\"2025-0").append(1 + random.nextInt(9)).append("-12T08:00:00Z\"}");
        }
        body.append("],\"paging\":{\"next\":\"/api/v1/customers/").append(org).append("/users?offset=50\"}}");
        g.writeObjectFieldStart("response");
        g.writeNumberField("status", status);
        g.writeStringField("statusText", status == 200 ? "" : "Bad Gateway");
        g.writeStringField("httpVersion", "http/2.0");
        g.writeArrayFieldStart("headers");
        header(g, "access-control-allow-origin", "https://admin.example.com");
        header(g, "cache-control", "no-cache, no-store, must-revalidate");
        header(g, "content-type", "application/json;charset=UTF-8");
        header(g, "date", "Tue, 10 Jun 2025 15:20:41 GMT");
        header(g, "server", "envoy");
        header(g, "strict-transport-security", "max-age=31536000; includeSubDomains");
        header(g, "trackingid", tracking);
        header(g, "vary", "Origin, Accept-Encoding");
        header(g, "x-content-type-options", "nosniff");
        header(g, "x-envoy-upstream-service-time", String.valueOf(random.nextInt(900)));
        header(g, "content-length", String.valueOf(body.length()));
        g.writeEndArray();
        g.writeArrayFieldStart("cookies");
        g.writeEndArray();
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", body.length());
        g.writeStringField("mimeType", "application/json");
        g.writeStringField("text", body.toString());
        g.writeEndObject();
        g.writeStringField("redirectURL", "");
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", body.length());
        g.writeEndObject();
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

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String chars(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return s.toString();
    }

    private static final class Counting extends OutputStream {
        private final OutputStream out;
        long count;

        Counting(OutputStream out) {
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
    }
}
