package io.harwarden.triage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds HAR files with planted situations for the triage tests (a labelled corpus, entry by entry). */
public final class HarBuilder {
    /** The tracking id of the seed's failed call. */
    public static final String TRACKING = "ATLAS_81167162-feb6-4a99-a357-d2c7f811a73f_3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode entries;
    private Instant clock = Instant.parse("2025-06-10T15:20:00Z");

    /** The Webex support guide's worked example: a 502 whose body carries the upstream 400. */
    public static HarBuilder seed() {
        HarBuilder har = new HarBuilder();
        har.call("GET", "https://cpapi-r.wbx2.com/api/v1/customers/0769cbb4-1f2e-4a5b-9c8d-7e6f5a4b3c2d/users", 200)
                .requestHeader("TrackingID", "ATLAS_81167162-feb6-4a99-a357-d2c7f811a73f_1");
        har.call("PATCH", "https://cpapi-r.wbx2.com/api/v1/customers/0769cbb4-1f2e-4a5b-9c8d-7e6f5a4b3c2d/users/"
                + "5f717f67-cedb-4f96-a577-5c528ae5e37c/features/callrecording?orgId=x", 502)
                .at("2025-06-10T15:20:41.445Z")
                .requestHeader("TrackingID", TRACKING)
                .responseHeader("Content-Type", "application/json")
                .body("application/json", "{\"message\":\"400: Invalid Product: Creating dub point failed in Dubber.\","
                        + "\"errors\":[{\"description\":\"400: Invalid Product: Creating dub point failed in Dubber.\"}],"
                        + "\"trackingId\":\"" + TRACKING + "\"}");
        har.call("GET", "https://settings-service-r.wbx2.com/api/v1/settings", 200)
                .requestHeader("TrackingID", "ATLAS_81167162-feb6-4a99-a357-d2c7f811a73f_5");
        return har;
    }

    public HarBuilder() {
        ObjectNode log = root.putObject("log");
        log.put("version", "1.2");
        log.putObject("creator").put("name", "WebInspector").put("version", "537.36");
        log.putArray("pages").addObject().put("id", "page_1").put("title", "Control Hub");
        entries = log.putArray("entries");
    }

    /** One call; further calls start 100 ms later unless {@link Entry#at} says otherwise. */
    public Entry call(String method, String url, int status) {
        clock = clock.plusMillis(100);
        return new Entry(entries.addObject(), method, url, status, clock);
    }

    public final class Entry {
        private final ObjectNode entry;
        private final ObjectNode request;
        private final ObjectNode response;

        Entry(ObjectNode entry, String method, String url, int status, Instant started) {
            this.entry = entry;
            entry.put("startedDateTime", started.toString());
            entry.put("time", 80.0);
            request = entry.putObject("request");
            request.put("method", method).put("url", url).put("httpVersion", "http/2.0");
            request.putArray("headers");
            response = entry.putObject("response");
            response.put("status", status).put("statusText", "");
            response.putArray("headers");
            response.putObject("content").put("size", 0).put("mimeType", "application/json");
            timings(1, 0, 0, 1, 70, 8);
        }

        public Entry at(String started) {
            entry.put("startedDateTime", started);
            return this;
        }

        public Entry requestHeader(String name, String value) {
            ((ArrayNode) request.get("headers")).addObject().put("name", name).put("value", value);
            return this;
        }

        public Entry responseHeader(String name, String value) {
            ((ArrayNode) response.get("headers")).addObject().put("name", name).put("value", value);
            return this;
        }

        public Entry body(String mimeType, String text) {
            ((ObjectNode) response.get("content")).put("mimeType", mimeType).put("size", text.length())
                    .put("text", text);
            return this;
        }

        public Entry error(String error) {
            response.put("_error", error);
            return this;
        }

        /** blocked, dns, connect, send, wait, receive in ms; {@code time} is their sum. */
        public Entry timings(double blocked, double dns, double connect, double send, double wait, double receive) {
            entry.putObject("timings").put("blocked", blocked).put("dns", dns).put("connect", connect)
                    .put("ssl", -1).put("send", send).put("wait", wait).put("receive", receive);
            entry.put("time", Math.max(0, blocked) + Math.max(0, dns) + Math.max(0, connect) + send + wait + receive);
            return this;
        }

        public Entry noTimings() {
            entry.remove("timings");
            return this;
        }
    }

    public String json() {
        return root.toString();
    }

    public InputStream stream() {
        return new ByteArrayInputStream(json().getBytes(StandardCharsets.UTF_8));
    }
}
