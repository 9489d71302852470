package io.harwarden.casestore.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real Redmine started by {@code deploy/redmine/start.sh}, as the suite's customer and admin see it: its own REST
 * API, independent of the adapter under test. Settings come from the variables the script prints.
 */
final class RedmineServer {
    // Quarkus reads the test profile even for a skipped class, so unset variables need harmless values
    static final String URL = env("REDMINE_URL", "http://127.0.0.1:9");
    static final String KEY = env("REDMINE_API_KEY", "unset");
    static final String PROJECT = env("REDMINE_PROJECT", "harwarden-it");
    static final String UNWATCHED_PROJECT = env("REDMINE_UNWATCHED_PROJECT", "harwarden-it-unwatched");
    static final String CUSTOMER = env("REDMINE_CUSTOMER", "customer");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** What a customer does: uploads the files, then opens an issue with them attached. Returns the issue id. */
    String openIssueAsCustomer(String project, String subject, Map<String, byte[]> files) throws Exception {
        ArrayNode uploads = json.createArrayNode();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            HttpResponse<String> uploaded = send(request("uploads.json?filename="
                    + URLEncoder.encode(file.getKey(), StandardCharsets.UTF_8), true)
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(file.getValue())), 201);
            uploads.addObject().put("token", json.readTree(uploaded.body()).path("upload").path("token").asText())
                    .put("filename", file.getKey());
        }
        ObjectNode body = json.createObjectNode();
        body.putObject("issue").put("project_id", project).put("subject", subject).set("uploads", uploads);
        HttpResponse<String> created = send(request("issues.json", true).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))), 201);
        return json.readTree(created.body()).path("issue").path("id").asText();
    }

    /** The issue with its attachments and notes, as the admin sees it. */
    JsonNode issue(String id) throws Exception {
        return getJson("issues/" + id + ".json?include=attachments,journals", false).path("issue");
    }

    /** The issue's notes as the customer sees them. */
    List<JsonNode> notesSeenByCustomer(String id) throws Exception {
        return notes(getJson("issues/" + id + ".json?include=journals", true).path("issue"));
    }

    static List<JsonNode> notes(JsonNode issue) {
        List<JsonNode> notes = new ArrayList<>();
        for (JsonNode journal : issue.path("journals")) {
            if (!journal.path("notes").asText("").isEmpty()) {
                notes.add(journal);
            }
        }
        return notes;
    }

    /** Attachment name to attachment, in the issue's order. */
    static Map<String, JsonNode> attachments(JsonNode issue) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode a : issue.path("attachments")) {
            byName.put(a.path("filename").asText(), a);
        }
        return byName;
    }

    byte[] download(JsonNode attachment) throws Exception {
        return http.send(request("attachments/download/" + attachment.path("id").asText(), false).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    int status(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder request = authenticated ? request(path, false)
                : HttpRequest.newBuilder(URI.create(URL + "/" + path));
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode getJson(String path, boolean asCustomer) throws Exception {
        return json.readTree(send(request(path, asCustomer).GET(), 200).body());
    }

    private HttpRequest.Builder request(String path, boolean asCustomer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + "/" + path))
                .header("X-Redmine-API-Key", KEY);
        return asCustomer ? request.header("X-Redmine-Switch-User", CUSTOMER) : request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected) throws Exception {
        HttpRequest built = request.build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(built.method() + " " + built.uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
