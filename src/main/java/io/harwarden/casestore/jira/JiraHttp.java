package io.harwarden.casestore.jira;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Jira Cloud's REST API (platform and Service Management) over the JDK HTTP client. Credentials go only to the site's
 * own host (a download redirected to the media service gets none). Answers map to the port's failure kinds, with
 * Jira's {@code errorMessages}, {@code errors} or JSM {@code errorMessage} quoted; uploads stream as multipart.
 */
final class JiraHttp {
    private final HttpCalls calls;
    private final URI base;
    private final String authorization;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    /** {@code authorization} is the whole header value ({@code Basic …} or {@code Bearer …}); never logged. */
    JiraHttp(URI base, String authorization, Duration timeout, ObjectMapper json) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.authorization = authorization;
        this.json = json;
        this.calls = new HttpCalls("Jira", timeout, json);
    }

    URI base() {
        return base;
    }

    JsonNode getJson(String path, String what) throws CaseStoreException {
        return calls.readJson(send(authorized(path).GET().header("Accept", "application/json"), what), what);
    }

    /** POST or PUT of a JSON body; returns Jira's answer (an empty object for none). */
    JsonNode sendJson(String method, String path, JsonNode body, String what) throws CaseStoreException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return calls.readJson(send(authorized(path).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json").header("Accept", "application/json"), what), what);
    }

    /**
     * POST of one file as {@code multipart/form-data}, part {@code file}, streamed; with {@code X-Atlassian-Token:
     * no-check}, without which Jira refuses any upload (403, "XSRF check failed").
     */
    JsonNode postFile(String path, String fileName, String contentType, InputStream content, long length,
            String what) throws CaseStoreException {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        String boundary = "harwarden-" + HexFormat.of().formatHex(nonce);
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName.replaceAll("[\"\\\\\r\n]", "_") + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(
                head), HttpCalls.streamed(content, length), HttpRequest.BodyPublishers.ofByteArray(tail));
        return calls.readJson(send(authorized(path).timeout(calls.uploadTimeout(length)).POST(body)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-Atlassian-Token", "no-check").header("Accept", "application/json"), what), what);
    }

    void delete(String path, String what) throws CaseStoreException {
        calls.discard(send(authorized(path).DELETE(), what));
    }

    /** A streaming download; a redirect to another host (Atlassian's media service) is followed without credentials. */
    InputStream download(String path, String what) throws CaseStoreException {
        return calls.guarded(check(calls.follow(base.resolve(path), base, r -> r.header("Authorization",
                authorization), what), what).body(), what);
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(calls.timeout()).header("Authorization",
                authorization).header("User-Agent", "HAR-Warden");
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, String what) throws CaseStoreException {
        return check(calls.exchange(request, what), what);
    }

    private HttpResponse<InputStream> check(HttpResponse<InputStream> response, String what)
            throws CaseStoreException {
        return calls.check(response, what, this::errors,
                "harwarden.store.jira.email and api-token, or personal-access-token");
    }

    /** {@code {"errorMessages":[…],"errors":{field:msg}}} or JSM's {@code {"errorMessage":"…"}}, as lines. */
    private List<String> errors(byte[] body) {
        List<String> errors = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            return errors;
        }
        try {
            JsonNode error = json.readTree(text);
            error.path("errorMessages").forEach(m -> HttpCalls.addLine(errors, m.asText("")));
            error.path("errors").fields().forEachRemaining(e -> HttpCalls.addLine(errors, e.getKey() + ": "
                    + e.getValue().asText("")));
            HttpCalls.addLine(errors, error.path("errorMessage").asText(""));
        } catch (IOException e) {
            // the status alone says enough
        }
        return errors;
    }
}
