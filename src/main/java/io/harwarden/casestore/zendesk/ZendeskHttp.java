package io.harwarden.casestore.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.http.HttpCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Zendesk's REST API over the JDK HTTP client. Credentials go only to the account's own host: a next-page URL
 * elsewhere is refused, and a download that redirects to another host (Zendesk's signed storage URLs) is followed
 * without them. Answers map to the port's failure kinds, with Zendesk's error text quoted; bodies stream both ways.
 */
final class ZendeskHttp {
    private final HttpCalls calls;
    private final URI base;
    private final String authorization;
    private final ObjectMapper json;

    /** {@code authorization} is the whole header value ({@code Basic …} or {@code Bearer …}); never logged. */
    ZendeskHttp(URI base, String authorization, Duration timeout, ObjectMapper json) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.authorization = authorization;
        this.json = json;
        this.calls = new HttpCalls("Zendesk", timeout, json);
    }

    URI base() {
        return base;
    }

    /** GET of a JSON resource: a path under the account, or an absolute URL Zendesk gave (a next page) on its host. */
    JsonNode getJson(String pathOrUrl, String what) throws CaseStoreException {
        URI uri = base.resolve(pathOrUrl);
        if (!sameOrigin(uri)) {
            throw new CaseStoreException.Permanent("cannot " + what + ": Zendesk pointed to another host ("
                    + uri.getHost() + "); the credentials go to " + base.getHost() + " only");
        }
        return calls.readJson(send(authorized(uri).GET().header("Accept", "application/json"), what), what);
    }

    /** PUT or POST of a JSON body; returns Zendesk's JSON answer (an empty object when it sends none). */
    JsonNode sendJson(String method, String path, JsonNode body, String what) throws CaseStoreException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return calls.readJson(send(authorized(base.resolve(path)).method(method, HttpRequest.BodyPublishers
                .ofByteArray(bytes)).header("Content-Type", "application/json").header("Accept", "application/json"),
                what), what);
    }

    /** POST of raw bytes with their real MIME type, streamed from {@code content}; returns Zendesk's answer. */
    JsonNode postBytes(String path, String contentType, InputStream content, long length, String what)
            throws CaseStoreException {
        return calls.readJson(send(authorized(base.resolve(path)).timeout(calls.uploadTimeout(length))
                .POST(HttpCalls.streamed(content, length)).header("Content-Type", contentType)
                .header("Accept", "application/json"), what), what);
    }

    /**
     * A streaming GET of an attachment's {@code content_url}, following redirects: with the credentials on the
     * account's host, without them anywhere else. Fails if the body stalls for the request timeout.
     */
    InputStream download(URI url, String what) throws CaseStoreException {
        return calls.guarded(check(calls.follow(url, base, r -> r.header("Authorization", authorization), what),
                what).body(), what);
    }

    private boolean sameOrigin(URI uri) {
        return HttpCalls.sameOrigin(base, uri);
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(calls.timeout()).header("Authorization", authorization)
                .header("User-Agent", "HAR-Warden");
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, String what) throws CaseStoreException {
        return check(calls.exchange(request, what), what);
    }

    private HttpResponse<InputStream> check(HttpResponse<InputStream> response, String what)
            throws CaseStoreException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        throw failure(status, what, errors(response), response.headers().firstValue("Retry-After").orElse(null));
    }

    /** The port's failure kind for an HTTP status, with Zendesk's own words where it gave any. */
    static CaseStoreException failure(int status, String what, List<String> errors, String retryAfter) {
        String detail = errors.isEmpty() ? "" : ": " + String.join("; ", errors);
        String cannot = "cannot " + what + ": ";
        return switch (status) {
            case 401 -> new CaseStoreException.Permanent(cannot + "Zendesk refused the credentials (401); check "
                    + "harwarden.store.zendesk.email and api-token, or oauth-token");
            case 403 -> new CaseStoreException.Permanent(cannot + "the Zendesk account lacks the permission (403)"
                    + detail);
            case 404 -> new CaseStoreException.NotFound(cannot + "not found on Zendesk (404)");
            case 409, 413, 422 -> new CaseStoreException.Rejected(cannot + "Zendesk refused it (" + status + ")"
                    + detail);
            case 429 -> new CaseStoreException.Transient(cannot + "Zendesk is limiting requests (429)"
                    + (retryAfter != null && retryAfter.matches("\\d{1,6}") ? ", retry after " + retryAfter + " s"
                            : ""), null);
            default -> status >= 500
                    ? new CaseStoreException.Transient(cannot + "Zendesk answered " + status + detail, null)
                    : new CaseStoreException.Permanent(cannot + "Zendesk answered " + status + detail);
        };
    }

    /**
     * Zendesk's error envelope, {@code {"error":"RecordInvalid","description":"…","details":{field:[{"description":
     * "…"}]}}} (or {@code "error":{"title","message"}}), as short one-line texts; nothing for a text or empty body.
     */
    private List<String> errors(HttpResponse<InputStream> response) {
        List<String> errors = new ArrayList<>();
        String text = new String(HttpCalls.errorBody(response), StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            return errors;
        }
        try {
            JsonNode error = json.readTree(text);
            JsonNode kind = error.path("error");
            add(errors, kind.isTextual() ? kind.asText() : kind.path("title").asText(""));
            add(errors, kind.path("message").asText(""));
            add(errors, error.path("description").asText(""));
            error.path("details").forEach(field -> field.forEach(d -> add(errors, d.path("description").asText(""))));
        } catch (IOException e) {
            // the status alone says enough
        }
        return errors;
    }

    private static void add(List<String> errors, String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        if (!line.isEmpty() && errors.size() < 5) {
            errors.add(line.length() > 200 ? line.substring(0, 200) + "…" : line);
        }
    }
}
