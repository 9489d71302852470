package io.harwarden.casestore.servicenow;

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
 * ServiceNow's REST API (Attachment and Table APIs) over the JDK HTTP client, with Basic credentials or an OAuth
 * token ({@link ServiceNowAuth}, which fetches a new one after a 401, once per call). Answers map to the port's
 * failure kinds with ServiceNow's {@code error.message} and {@code detail} quoted; files stream both ways.
 */
final class ServiceNowHttp {
    private final HttpCalls calls;
    private final URI base;
    private final ServiceNowAuth auth;
    private final ObjectMapper json;

    ServiceNowHttp(URI base, ServiceNowAuth auth, Duration timeout, ObjectMapper json) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.auth = auth;
        this.json = json;
        this.calls = new HttpCalls("ServiceNow", timeout, json);
    }

    URI base() {
        return base;
    }

    /** A GET's JSON answer and its {@code Link} header (paging). */
    record Page(JsonNode body, String link) {
    }

    /** A path under the instance, or an absolute URL it gave (a next page), which must be on its own host. */
    Page getJson(String path, String what) throws CaseStoreException {
        if (!HttpCalls.sameOrigin(base, base.resolve(path))) {
            throw new CaseStoreException.Permanent("cannot " + what + ": ServiceNow pointed to another host ("
                    + base.resolve(path).getHost() + "); the credentials go to " + base.getHost() + " only");
        }
        HttpResponse<InputStream> response = send(() -> request(path).GET().header("Accept", "application/json"),
                what);
        return new Page(calls.readJson(response, what), response.headers().firstValue("Link").orElse(""));
    }

    JsonNode sendJson(String method, String path, JsonNode body, String what) throws CaseStoreException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return calls.readJson(send(() -> request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json").header("Accept", "application/json"), what), what);
    }

    /**
     * POST of raw bytes with their MIME type (mandatory for ServiceNow). The body is a stream that can be sent once:
     * a 401 here is not retried with a new token in place, the pipeline's retry sends the file again.
     */
    JsonNode postFile(String path, String contentType, InputStream content, long length, String what)
            throws CaseStoreException {
        HttpResponse<InputStream> response = calls.exchange(request(path).timeout(calls.uploadTimeout(length))
                .POST(HttpCalls.streamed(content, length)).header("Content-Type", contentType)
                .header("Accept", "application/json"), what);
        if (response.statusCode() == 401) {
            auth.expired();
        }
        return calls.readJson(check(response, what), what);
    }

    void delete(String path, String what) throws CaseStoreException {
        calls.discard(send(() -> request(path).DELETE(), what));
    }

    InputStream download(String path, String what) throws CaseStoreException {
        return calls.guarded(send(() -> request(path).GET().header("Accept", "*/*"), what).body(), what);
    }

    private HttpRequest.Builder request(String path) throws CaseStoreException {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(calls.timeout()).header("Authorization",
                auth.header()).header("User-Agent", "HAR-Warden");
    }

    /** A request that can be built again: after a 401 with an OAuth token, once more with a new token. */
    private interface Request {
        HttpRequest.Builder build() throws CaseStoreException;
    }

    private HttpResponse<InputStream> send(Request request, String what) throws CaseStoreException {
        HttpResponse<InputStream> response = calls.exchange(request.build(), what);
        if (response.statusCode() == 401 && auth.expired()) {
            HttpCalls.errorBody(response);
            response = calls.exchange(request.build(), what);
        }
        return check(response, what);
    }

    private HttpResponse<InputStream> check(HttpResponse<InputStream> response, String what)
            throws CaseStoreException {
        return calls.check(response, what, this::errors, "harwarden.store.servicenow.username and password, or "
                + "the OAuth client");
    }

    /** {@code {"error":{"message":"…","detail":"…"},"status":"failure"}} as lines. */
    private List<String> errors(byte[] body) {
        List<String> errors = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            return errors;
        }
        try {
            JsonNode error = json.readTree(text).path("error");
            HttpCalls.addLine(errors, error.path("message").asText(""));
            HttpCalls.addLine(errors, error.path("detail").asText(""));
        } catch (IOException e) {
            // the status alone says enough
        }
        return errors;
    }
}
