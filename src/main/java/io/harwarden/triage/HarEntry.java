package io.harwarden.triage;

import java.util.List;
import java.util.Locale;

/**
 * What triage reads of one entry of the original, bounded: long values and bodies are cut, only the first headers kept.
 *
 * @param index its position in {@code log.entries}
 * @param started {@code startedDateTime} as written, or null
 * @param time {@code time} in ms, or -1
 * @param method the request method
 * @param url the request URL
 * @param requestHeaders the request headers
 * @param status the response status (0 for a call that got no response)
 * @param responseHeaders the response headers
 * @param mimeType the response content's type, or empty
 * @param body the response content's text when short enough and textual, else null
 * @param hasBody whether the capture holds a response body at all
 * @param timings the phases, or null when the entry has none
 * @param error the browser's network error ({@code _error}), or null
 */
public record HarEntry(int index, String started, double time, String method, String url, List<Header> requestHeaders,
        int status, List<Header> responseHeaders, String mimeType, String body, boolean hasBody, Timings timings,
        String error) {

    /** A header as captured. */
    public record Header(String name, String value) {
    }

    /** The first value of header {@code name} (triage keeps names in lower case), or null. */
    public static String header(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The headers triage reads (their names in lower case); the tracking id headers come on top. */
    static final java.util.Set<String> READ = java.util.Set.of("authorization", "cookie", "origin", "sec-fetch-mode",
            "access-control-request-method", "www-authenticate", "location", "retry-after",
            "access-control-allow-origin", "access-control-allow-credentials");

    public String requestHeader(String name) {
        return header(requestHeaders, name);
    }

    public String responseHeader(String name) {
        return header(responseHeaders, name);
    }

    /** The host of the URL, lower case, or empty. */
    public String host() {
        return PathTemplate.host(url);
    }

    /** Whether the call failed: an HTTP error, no response, or a network error. */
    public boolean failed() {
        return status >= 400 || status <= 0 || error != null;
    }

    public String upperMethod() {
        return method == null ? "" : method.toUpperCase(Locale.ROOT);
    }
}
