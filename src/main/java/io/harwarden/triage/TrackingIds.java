package io.harwarden.triage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids a call leaves in server logs: tracking, request and correlation id headers (request and response, any case)
 * and a {@code trackingId} in an error body. Webex's {@code <CLIENT>_<session uuid>_<seq>} ids share their session
 * uuid along a call's way through the services, so they group by that root.
 */
public final class TrackingIds {
    /** The headers known to carry an id to search for, lower case. */
    static final Set<String> HEADERS = Set.of("trackingid", "x-trackingid", "x-request-id", "request-id",
            "x-correlation-id", "correlation-id", "x-correlationid", "traceparent", "cf-ray", "x-amz-request-id",
            "x-amzn-requestid", "x-amzn-trace-id", "x-ms-request-id", "x-ms-correlation-request-id", "x-b3-traceid",
            "x-okta-request-id", "x-trace-id", "x-cloud-trace-context", "x-github-request-id", "x-fb-trace-id",
            "x-datadog-trace-id", "x-vcap-request-id", "apigw-requestid");
    private static final Pattern SESSION = Pattern.compile(
            "^([A-Za-z][A-Za-z0-9-]*)_([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
                    + "(?:_[0-9]+)+$");
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final JsonFactory JSON = new JsonFactory();

    private final Set<String> headers;

    /** @param extraHeaders more header names to read (any case) */
    public TrackingIds(List<String> extraHeaders) {
        Set<String> all = new LinkedHashSet<>(HEADERS);
        extraHeaders.forEach(h -> all.add(h.strip().toLowerCase(Locale.ROOT)));
        this.headers = Set.copyOf(all);
    }

    /** The ids of one call, request headers first, each once, in the order found. */
    public List<String> of(HarEntry entry) {
        Set<String> ids = new LinkedHashSet<>();
        collect(entry.requestHeaders(), ids);
        collect(entry.responseHeaders(), ids);
        String fromBody = bodyTrackingId(entry.body());
        if (fromBody != null) {
            ids.add(fromBody);
        }
        return new ArrayList<>(ids);
    }

    private void collect(List<HarEntry.Header> list, Set<String> ids) {
        for (HarEntry.Header h : list) {
            if (headers.contains(h.name())) { // triage keeps header names in lower case
                String value = h.value().strip();
                if (plausible(value)) {
                    ids.add(value);
                }
            }
        }
    }

    /** A {@code trackingId} (or {@code requestId}) at the top of a JSON body, read without building the tree. */
    static String bodyTrackingId(String body) {
        if (body == null || !body.stripLeading().startsWith("{")) {
            return null;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                JsonToken t = p.nextToken();
                if ((name.equals("trackingid") || name.equals("requestid") || name.equals("request_id"))
                        && t == JsonToken.VALUE_STRING && plausible(p.getText())) {
                    return p.getText();
                }
                p.skipChildren();
            }
        } catch (Exception notJson) {
            return null;
        }
        return null;
    }

    /** An id one can search for: 6 to 200 characters of letters, digits and {@code ._:/=+-} (read per call: no regex). */
    static boolean plausible(String value) {
        if (value.length() < 6 || value.length() > 200) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "._:/=+-".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The root that ties an id to others of the same session or trace: a Webex session uuid, a W3C trace id; the id
     * itself otherwise.
     */
    public static String root(String id) {
        if (id.indexOf('_') < 0 && id.length() != 55) {
            return id; // neither shape: no regex for the usual request ids
        }
        Matcher session = SESSION.matcher(id);
        if (session.matches()) {
            return session.group(2).toLowerCase(Locale.ROOT);
        }
        Matcher trace = TRACEPARENT.matcher(id);
        return trace.matches() ? trace.group(1) : id;
    }
}
