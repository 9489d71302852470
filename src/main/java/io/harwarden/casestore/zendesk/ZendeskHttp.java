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
        return calls.check(response, what, this::errors, "harwarden.store.zendesk.email and api-token, or oauth-token");
    }

    /**
     * Zendesk's error envelope, {@code {"error":"RecordInvalid","description":"…","details":{field:[{"description":
     * "…"}]}}} (or {@code "error":{"title","message"}}), as lines; nothing for a text or empty body.
     */
    private List<String> errors(byte[] body) {
        List<String> errors = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            return errors;
        }
        try {
            JsonNode error = json.readTree(text);
            JsonNode kind = error.path("error");
            HttpCalls.addLine(errors, kind.isTextual() ? kind.asText() : kind.path("title").asText(""));
            HttpCalls.addLine(errors, kind.path("message").asText(""));
            HttpCalls.addLine(errors, error.path("description").asText(""));
            error.path("details").forEach(field -> field.forEach(d -> HttpCalls.addLine(errors,
                    d.path("description").asText(""))));
        } catch (IOException e) {
            // the status alone says enough
        }
        return errors;
    }
}
