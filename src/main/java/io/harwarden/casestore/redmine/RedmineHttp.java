package io.harwarden.casestore.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.har.walk.Bodies;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Redmine's REST API over the JDK HTTP client: one method per kind of call, every answer mapped to the case-store
 * port's failure kinds. Bodies stream both ways; the API key travels in a header and never appears in a message.
 */
final class RedmineHttp {
    /** Error bodies are read up to this size; Redmine's are a few hundred bytes. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** The slowest upload rate allowed for: an upload may take the request timeout plus its size at this rate. */
    static final long MIN_UPLOAD_BYTES_PER_SECOND = 1 << 20;

    private final HttpClient client;
    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final ObjectMapper json;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "redmine-stall-watch");
        t.setDaemon(true);
        return t;
    });

    RedmineHttp(URI base, String apiKey, Duration timeout, ObjectMapper json) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build(); // no h2c upgrade attempt on plain http
    }

    URI base() {
        return base;
    }

    /** GET of a JSON resource; {@code what} names the call in failure messages. */
    JsonNode getJson(String path, String what) throws CaseStoreException {
        return readJson(send(request(path).GET().header("Accept", "application/json"), what), what);
    }

    /** PUT or POST of a JSON body whose answer carries nothing HAR Warden needs (Redmine says 204 or 200). */
    void sendJson(String method, String path, JsonNode body, String what) throws CaseStoreException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        discard(send(request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json"), what));
    }

    /** POST of raw bytes, streamed from {@code content}; returns Redmine's JSON answer. */
    JsonNode postOctets(String path, InputStream content, long length, String what) throws CaseStoreException {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> content), length);
        // the client's timeout covers sending the body too: a large file on a slow link gets time for its size
        Duration forTheBody = timeout.plusSeconds(length / MIN_UPLOAD_BYTES_PER_SECOND);
        return readJson(send(request(path).timeout(forTheBody).POST(body)
                .header("Content-Type", "application/octet-stream").header("Accept", "application/json"), what), what);
    }

    private JsonNode readJson(HttpResponse<InputStream> response, String what) throws CaseStoreException {
        try (InputStream body = response.body()) {
            return json.readTree(body);
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot " + what + ": Redmine's answer could not be read: "
                    + describe(e), e);
        }
    }

    /** A streaming GET that fails if the body stalls for the request timeout; the caller closes the stream. */
    InputStream download(String path, String what) throws CaseStoreException {
        return new StallGuard(send(request(path).GET(), what).body(), timeout, what, watchdog);
    }

    void delete(String path, String what) throws CaseStoreException {
        discard(send(request(path).DELETE(), what));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("X-Redmine-API-Key", apiKey)
                .header("User-Agent", "HAR-Warden");
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, String what) throws CaseStoreException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new CaseStoreException.Transient("cannot " + what + ": Redmine did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaseStoreException.Transient("cannot " + what + ": interrupted", new InterruptedIOException());
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot " + what + ": cannot reach Redmine: " + describe(e), e);
        }
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
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
            if (bytes.length > 0 && bytes[0] == '{') {
                for (JsonNode error : json.readTree(bytes).path("errors")) {
                    errors.add(error.asText());
                }
            }
        } catch (IOException e) {
            // the status alone says enough
        }
        return errors;
    }

    private static void discard(HttpResponse<InputStream> response) throws CaseStoreException {
        try (InputStream body = response.body()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new CaseStoreException.Transient("the connection to Redmine broke: " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
