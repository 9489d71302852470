package io.harwarden.casestore.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.http.HttpCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce's REST API (and the one SOAP call it has no REST twin for) over the JDK HTTP client, on the instance the
 * token names. A 401 fetches a new token and sends the call once more; the error array's codes choose the port's
 * failure kind ({@code REQUEST_LIMIT_EXCEEDED} and lock contention are transient, whatever the status); every answer's
 * {@code Sforce-Limit-Info} updates {@link ApiUsage}. Files stream both ways.
 */
final class SalesforceHttp {
    /** Error codes that a later attempt can get past: the org's daily API limit, a row another transaction holds. */
    private static final Set<String> TRANSIENT_CODES = Set.of("REQUEST_LIMIT_EXCEEDED", "UNABLE_TO_LOCK_ROW",
            "SERVER_UNAVAILABLE");
    /** Error codes that say the org will not take this content: reported on the case, not retried. */
    private static final Set<String> REJECTED_CODES = Set.of("STORAGE_LIMIT_EXCEEDED", "STRING_TOO_LONG",
            "FILE_EXTENSION_NOT_ALLOWED", "FIELD_FILTER_VALIDATION_EXCEPTION");
    private static final Pattern FAULT_CODE = Pattern.compile("<faultcode>(?:\\w+:)?([A-Z_]{1,64})</faultcode>");
    private static final String CREDENTIALS = "harwarden.store.salesforce.client-id and its secret or key";

    private final HttpCalls calls;
    private final URI home;
    private final SalesforceAuth auth;
    private final String version;
    private final ObjectMapper json;
    private final ApiUsage usage;

    SalesforceHttp(URI home, SalesforceAuth auth, String version, HttpCalls calls, ObjectMapper json,
            ApiUsage usage) {
        this.home = home;
        this.auth = auth;
        this.version = version;
        this.calls = calls;
        this.json = json;
        this.usage = usage;
    }

    /** The org's My Domain URL, as configured: its identity, whatever instance the tokens name. */
    URI home() {
        return home;
    }

    SalesforceAuth.Token token() throws CaseStoreException {
        return auth.token();
    }

    /** A path under {@code /services/data/vXX.X/}, or an absolute path the API gave ({@code nextRecordsUrl}). */
    JsonNode getJson(String path, String what) throws CaseStoreException {
        return calls.readJson(send(t -> request(t, path).GET().header("Accept", "application/json"), what), what);
    }

    JsonNode postJson(String path, JsonNode body, String what) throws CaseStoreException {
        byte[] bytes = bytes(body);
        return calls.readJson(send(t -> request(t, path).POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json").header("Accept", "application/json"), what), what);
    }

    void delete(String path, String what) throws CaseStoreException {
        calls.discard(send(t -> request(t, path).DELETE(), what));
    }

    InputStream download(String path, String what) throws CaseStoreException {
        return calls.guarded(send(t -> request(t, path).GET().header("Accept", "*/*"), what).body(), what);
    }

    /**
     * A multipart POST of a new record ({@code entity_content}, JSON) with its file ({@code VersionData}), streamed
     * with its exact length. The body can be sent once: after a 401 the token is renewed and the failure is
     * transient, so the pipeline's retry sends the file again.
     */
    JsonNode postFile(String path, JsonNode entity, String fileName, String contentType, InputStream content,
            long length, String what) throws CaseStoreException {
        String boundary = "harwarden-" + UUID.randomUUID();
        String safeName = fileName.replaceAll("[\"\\\\\\r\\n]", "_");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"entity_content\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + new String(bytes(entity), StandardCharsets.UTF_8)
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"VersionData\"; filename=\""
                + safeName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        InputStream body = new SequenceInputStream(new ByteArrayInputStream(head), new SequenceInputStream(content,
                new ByteArrayInputStream(tail)));
        SalesforceAuth.Token token = auth.token();
        HttpResponse<InputStream> response = calls.exchange(request(token, path).timeout(calls.uploadTimeout(length))
                .POST(HttpCalls.streamed(body, head.length + length + tail.length))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json"), what);
        if (response.statusCode() == 401) {
            auth.expired(token);
            HttpCalls.errorBody(response);
            throw new CaseStoreException.Transient("cannot " + what + ": the Salesforce session expired during the "
                    + "upload; a new one is fetched for the next attempt", null);
        }
        return calls.readJson(check(response, what), what);
    }

    /**
     * A SOAP call on the instance's partner endpoint, the session's token in its header; the answer's text. SOAP
     * says an expired session with a fault (HTTP 500, {@code INVALID_SESSION_ID}): a new token once, as for REST.
     */
    String soap(String bodyXml, String what) throws CaseStoreException {
        for (int attempt = 0; ; attempt++) {
            SalesforceAuth.Token token = auth.token();
            byte[] envelope = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv="
                    + "\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:urn=\"urn:partner.soap.sforce.com\">"
                    + "<soapenv:Header><urn:SessionHeader><urn:sessionId>" + token.access()
                    + "</urn:sessionId></urn:SessionHeader></soapenv:Header><soapenv:Body>" + bodyXml
                    + "</soapenv:Body></soapenv:Envelope>").getBytes(StandardCharsets.UTF_8);
            HttpResponse<InputStream> response = calls.exchange(HttpRequest.newBuilder(token.instance().resolve(
                    "services/Soap/u/" + version)).timeout(calls.timeout()).header("User-Agent", "HAR-Warden")
                    .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)), what);
            String answer = new String(HttpCalls.errorBody(response), StandardCharsets.UTF_8);
            if (response.statusCode() == 200) {
                return answer;
            }
            if (answer.contains("INVALID_SESSION_ID") && attempt == 0) {
                auth.expired(token);
                continue;
            }
            Matcher fault = FAULT_CODE.matcher(answer);
            if (fault.find() && TRANSIENT_CODES.contains(fault.group(1))) {
                throw new CaseStoreException.Transient("cannot " + what + ": Salesforce asks to wait ("
                        + fault.group(1) + ")", null);
            }
            if (fault.find(0)) {
                throw new CaseStoreException.Permanent("cannot " + what + ": Salesforce answered the fault "
                        + fault.group(1));
            }
            throw calls.failure(response.statusCode(), "", List.of(), what, CREDENTIALS);
        }
    }

    private HttpRequest.Builder request(SalesforceAuth.Token token, String path) throws CaseStoreException {
        URI uri = path.startsWith("/services/data/") ? token.instance().resolve(path.substring(1))
                : token.instance().resolve("services/data/v" + version + "/" + path);
        if (!HttpCalls.sameOrigin(token.instance(), uri)) {
            throw new CaseStoreException.Permanent("Salesforce pointed to another host (" + uri.getHost()
                    + "); the token goes to " + token.instance().getHost() + " only");
        }
        return HttpRequest.newBuilder(uri).timeout(calls.timeout()).header("Authorization", "Bearer "
                + token.access()).header("User-Agent", "HAR-Warden");
    }

    /** A request that can be built again for a new token. */
    private interface Request {
        HttpRequest.Builder build(SalesforceAuth.Token token) throws CaseStoreException;
    }

    /** Sends the request; after a 401 ({@code INVALID_SESSION_ID}) once more with a new token. */
    private HttpResponse<InputStream> send(Request request, String what) throws CaseStoreException {
        SalesforceAuth.Token token = auth.token();
        HttpResponse<InputStream> response = calls.exchange(request.build(token), what);
        if (response.statusCode() == 401) {
            usage.seen(response.headers());
            HttpCalls.errorBody(response);
            auth.expired(token);
            response = calls.exchange(request.build(auth.token()), what);
        }
        return check(response, what);
    }

    private HttpResponse<InputStream> check(HttpResponse<InputStream> response, String what)
            throws CaseStoreException {
        usage.seen(response.headers());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        List<String> codes = new ArrayList<>();
        List<String> words = errors(HttpCalls.errorBody(response), codes);
        if (codes.stream().anyMatch(TRANSIENT_CODES::contains)) {
            throw new CaseStoreException.Transient("cannot " + what + ": Salesforce asks to wait (" + status + "): "
                    + String.join("; ", words), null);
        }
        if (codes.stream().anyMatch(REJECTED_CODES::contains)) {
            throw new CaseStoreException.Rejected("cannot " + what + ": Salesforce refused it (" + status + "): "
                    + String.join("; ", words));
        }
        if (codes.contains("ENTITY_IS_DELETED") || codes.contains("NOT_FOUND")) {
            throw new CaseStoreException.NotFound("cannot " + what + ": not found on Salesforce (" + status + "): "
                    + String.join("; ", words));
        }
        throw calls.failure(status, response.headers().firstValue("Retry-After").orElse(""), words, what,
                CREDENTIALS);
    }

    /** {@code [{"message":"…","errorCode":"…","fields":[…]}]} as lines, the codes into {@code codes}. */
    private List<String> errors(byte[] body, List<String> codes) {
        List<String> lines = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("[") && !text.startsWith("{")) {
            return lines;
        }
        try {
            JsonNode errors = json.readTree(text);
            for (JsonNode error : errors.isArray() ? errors : json.createArrayNode().add(errors)) {
                String code = error.path("errorCode").asText("").replaceAll("[^A-Z_]", "");
                codes.add(code);
                HttpCalls.addLine(lines, (code.isEmpty() ? "" : code + ": ") + error.path("message").asText(""));
            }
        } catch (IOException e) {
            // the status alone says enough
        }
        return lines;
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
