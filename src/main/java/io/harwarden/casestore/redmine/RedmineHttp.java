package io.harwarden.casestore.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.http.HttpCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Redmine's REST API over the JDK HTTP client: one method per kind of call, every answer mapped to the case-store
 * port's failure kinds. Bodies stream both ways; the API key travels in a header and never appears in a message.
 */
final class RedmineHttp {
    private final HttpCalls calls;
    private final URI base;
    private final String apiKey;
    private final ObjectMapper json;

    RedmineHttp(URI base, String apiKey, Duration timeout, ObjectMapper json) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.apiKey = apiKey;
        this.json = json;
        this.calls = new HttpCalls("Redmine", timeout, json);
    }

    URI base() {
        return base;
    }

    /** GET of a JSON resource; {@code what} names the call in failure messages. */
    JsonNode getJson(String path, String what) throws CaseStoreException {
        return calls.readJson(send(request(path).GET().header("Accept", "application/json"), what), what);
    }

    /** PUT or POST of a JSON body whose answer carries nothing HAR Warden needs (Redmine says 204 or 200). */
    void sendJson(String method, String path, JsonNode body, String what) throws CaseStoreException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        calls.discard(send(request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json"), what));
    }

    /** POST of raw bytes, streamed from {@code content}; returns Redmine's JSON answer. */
    JsonNode postOctets(String path, InputStream content, long length, String what) throws CaseStoreException {
        // the client's timeout covers sending the body too: a large file on a slow link gets time for its size
        return calls.readJson(send(request(path).timeout(calls.uploadTimeout(length))
                .POST(HttpCalls.streamed(content, length)).header("Content-Type", "application/octet-stream")
                .header("Accept", "application/json"), what), what);
    }

    /** A streaming GET that fails if the body stalls for the request timeout; the caller closes the stream. */
    InputStream download(String path, String what) throws CaseStoreException {
        return calls.guarded(send(request(path).GET(), what).body(), what);
    }

    void delete(String path, String what) throws CaseStoreException {
        calls.discard(send(request(path).DELETE(), what));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(calls.timeout()).header("X-Redmine-API-Key", apiKey)
                .header("User-Agent", "HAR-Warden");
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, String what) throws CaseStoreException {
        HttpResponse<InputStream> response = calls.exchange(request, what);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        throw failure(status, what, errors(response), response.headers().firstValue("Retry-After").orElse(null));
    }

    /** The port's failure kind for an HTTP status (see the README's Redmine section for what each means to ops). */
    static CaseStoreException failure(int status, String what, List<String> errors, String retryAfter) {
        String detail = errors.isEmpty() ? "" : ": " + String.join("; ", errors);
        String cannot = "cannot " + what + ": ";
        return switch (status) {
            case 401 -> new CaseStoreException.Permanent(cannot + "Redmine refused the API key (401); check "
                    + "harwarden.store.redmine.api-key or api-key-file");
            case 403 -> new CaseStoreException.Permanent(cannot + "the Redmine account lacks the permission (403); "
                    + "give it a role that allows it");
            case 404 -> new CaseStoreException.NotFound(cannot + "not found on Redmine (404)");
            case 406, 413, 422 -> new CaseStoreException.Rejected(cannot + "Redmine refused it (" + status + ")"
                    + detail);
            case 429 -> new CaseStoreException.Transient(cannot + "Redmine is limiting requests (429)"
                    + (retryAfter != null ? ", retry after " + retryAfter + " s" : ""), null);
            default -> status >= 500
                    ? new CaseStoreException.Transient(cannot + "Redmine answered " + status + detail, null)
                    : new CaseStoreException.Permanent(cannot + "Redmine answered " + status + detail);
        };
    }

    /** Redmine's {@code {"errors":[...]}}, or nothing for an empty or non-JSON body. */
    private List<String> errors(HttpResponse<InputStream> response) {
        List<String> errors = new ArrayList<>();
        byte[] bytes = HttpCalls.errorBody(response);
        if (bytes.length > 0 && bytes[0] == '{') {
            try {
                for (JsonNode error : json.readTree(bytes).path("errors")) {
                    errors.add(error.asText());
                }
            } catch (IOException e) {
                // the status alone says enough
            }
        }
        return errors;
    }
}
