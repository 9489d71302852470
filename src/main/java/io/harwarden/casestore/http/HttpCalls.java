package io.harwarden.casestore.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What every case system's HTTP adapter does alike, over the JDK client: no redirect followed by the client (an
 * adapter decides where credentials may go), HTTP/1.1 (no h2c upgrade attempt on plain http), failures of the
 * exchange itself as transient faults that name the system, bodies that stall failed, JSON answers read. Messages
 * carry the call's description and the system's name, never a credential or a body.
 */
public final class HttpCalls {
    /** Error bodies are read up to this size; case systems' are a few hundred bytes. */
    public static final int MAX_ERROR_BODY = 64 * 1024;
    /** The slowest upload rate allowed for: an upload may take the request timeout plus its size at this rate. */
    public static final long MIN_UPLOAD_BYTES_PER_SECOND = 1 << 20;

    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final String system;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient client;

    public HttpCalls(String system, Duration timeout, ObjectMapper json) {
        this.system = system;
        this.timeout = timeout;
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public Duration timeout() {
        return timeout;
    }

    /** The time an upload of {@code length} bytes may take. */
    public Duration uploadTimeout(long length) {
        return timeout.plusSeconds(length / MIN_UPLOAD_BYTES_PER_SECOND);
    }

    /** A body of exactly {@code length} bytes streamed from {@code content}. */
    public static HttpRequest.BodyPublisher streamed(InputStream content, long length) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> content),
                length);
    }

    /** Sends the request; the answer whatever its status, or a transient fault if there was none. */
    public HttpResponse<InputStream> exchange(HttpRequest.Builder request, String what) throws CaseStoreException {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new CaseStoreException.Transient("cannot " + what + ": " + system + " did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaseStoreException.Transient("cannot " + what + ": interrupted", new InterruptedIOException());
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot " + what + ": cannot reach " + system + ": " + describe(e),
                    e);
        }
    }

    /**
     * POSTs {@code fields} form-encoded to {@code url} asking for JSON (an OAuth token endpoint); the answer whatever
     * its status. The form carries credentials: never logged.
     */
    public HttpResponse<InputStream> postForm(URI url, Map<String, String> fields, String what)
            throws CaseStoreException {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return exchange(HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type",
                "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), what);
    }

    /** A JSON answer (an empty object for an empty body); JSON answers are small, files never come this way. */
    public JsonNode readJson(HttpResponse<InputStream> response, String what) throws CaseStoreException {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readAllBytes();
            return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
        } catch (IOException e) {
            throw new CaseStoreException.Transient("cannot " + what + ": " + system + "'s answer could not be read: "
                    + describe(e), e);
        }
    }

    /** Reads and drops an answer whose body carries nothing needed. */
    public void discard(HttpResponse<InputStream> response) throws CaseStoreException {
        try (InputStream body = response.body()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new CaseStoreException.Transient("the connection to " + system + " broke: " + describe(e), e);
        }
    }

    /** The start of an error answer's body, or nothing when it cannot be read (the status says enough then). */
    public static byte[] errorBody(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return body.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /**
     * The answer when its status is 2xx; otherwise the port's failure kind for the status, with the system's own
     * words from {@code errors} (its error envelope read into lines) and {@code credentials} naming the settings to
     * check on a 401.
     */
    public HttpResponse<InputStream> check(HttpResponse<InputStream> response, String what,
            Function<byte[], List<String>> errors, String credentials) throws CaseStoreException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        throw failure(status, response.headers().firstValue("Retry-After").orElse(""),
                errors.apply(errorBody(response)), what, credentials);
    }

    /**
     * The port's failure kind for an answer's status, with the system's own words and {@code credentials} naming
     * the settings to check on a 401: for adapters that read the error body themselves first.
     */
    public CaseStoreException failure(int status, String retryAfter, List<String> words, String what,
            String credentials) {
        String detail = words.isEmpty() ? "" : ": " + String.join("; ", words);
        String cannot = "cannot " + what + ": ";
        return switch (status) {
            case 401 -> new CaseStoreException.Permanent(cannot + system + " refused the credentials (401); check "
                    + credentials);
            case 403 -> new CaseStoreException.Permanent(cannot + "the " + system + " account lacks the permission "
                    + "(403)" + detail);
            case 404 -> new CaseStoreException.NotFound(cannot + "not found on " + system + " (404)" + detail);
            case 409, 413, 422 -> new CaseStoreException.Rejected(cannot + system + " refused it (" + status + ")"
                    + detail);
            case 429 -> new CaseStoreException.Transient(cannot + system + " is limiting requests (429)"
                    + (retryAfter.matches("\\d{1,6}") ? ", retry after " + retryAfter + " s" : ""), null);
            default -> status >= 500
                    ? new CaseStoreException.Transient(cannot + system + " answered " + status + detail, null)
                    : new CaseStoreException.Permanent(cannot + system + " answered " + status + detail);
        };
    }

    /** Adds one of a system's error texts as a short single line (five at most). */
    public static void addLine(List<String> lines, String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        if (!line.isEmpty() && lines.size() < 5) {
            lines.add(line.length() > 200 ? line.substring(0, 200) + "…" : line);
        }
    }

    /** A download's body that fails when no byte arrives for the timeout. */
    public InputStream guarded(InputStream body, String what) {
        return new StallGuard(body, timeout, system, what, Watchdog.THREAD);
    }

    /**
     * GETs {@code url} and follows its redirects (at most five): with {@code credentials} added on {@code home}'s
     * scheme, host and port, without them anywhere else (a case system's signed storage). Returns the first answer
     * that is not a redirect, whatever its status.
     */
    public HttpResponse<InputStream> follow(URI url, URI home, UnaryOperator<HttpRequest.Builder> credentials,
            String what) throws CaseStoreException {
        URI at = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!"https".equals(at.getScheme()) && !home.getScheme().equals(at.getScheme())) {
                throw new CaseStoreException.Permanent("cannot " + what + ": " + system + " redirected to a "
                        + at.getScheme() + " URL");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(at).timeout(timeout).header("User-Agent",
                    "HAR-Warden");
            HttpResponse<InputStream> response = exchange((sameOrigin(home, at) ? credentials.apply(request)
                    : request).GET(), what);
            if (!REDIRECTS.contains(response.statusCode())) {
                return response;
            }
            String location = response.headers().firstValue("Location").orElse(null);
            errorBody(response); // a redirect's body carries nothing needed
            if (location == null) {
                throw new CaseStoreException.Transient("cannot " + what + ": a redirect without a Location", null);
            }
            at = at.resolve(location);
        }
        throw new CaseStoreException.Transient("cannot " + what + ": more than " + MAX_REDIRECTS + " redirects", null);
    }

    /** Whether {@code uri} is on {@code home}'s scheme, host and port: where credentials may go. */
    public static boolean sameOrigin(URI home, URI uri) {
        return home.getScheme().equalsIgnoreCase(uri.getScheme()) && home.getHost() != null
                && home.getHost().equalsIgnoreCase(uri.getHost()) && home.getPort() == uri.getPort();
    }

    /**
     * One daemon thread for the whole process watches every download's progress, started at the first download (a
     * store that never downloads, or a token endpoint's client, starts none). Its tasks are cancelled as each body
     * ends or is closed, so it holds nothing once the files are done.
     */
    private static final class Watchdog {
        static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "case-store-stall-watch");
            t.setDaemon(true);
            return t;
        });
    }

    public static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
