package io.harwarden.casestore.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.harwarden.casestore.CaseSystemModel;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful model of the parts of Jira Cloud's API the store uses, for whole flows through the pipeline: issues with
 * attachments and Service Management comments, multipart uploads that need {@code X-Atlassian-Token: no-check}, the
 * JQL search by relative update time with token paging ({@link #pageSize} a page), downloads that without
 * {@code redirect=false} go to a media service on another host ({@code 127.0.0.1}) which refuses credentials, comments
 * public unless they say otherwise, and faults injected per path. The request shapes follow the JSON mappings beside
 * the store's test ({@code src/test/resources/jira/}).
 */
final class JiraModel extends CaseSystemModel {
    static final String AGENT = JiraCaseStoreTest.ME;
    static final String CUSTOMER = "qm:customer-0001";
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.ofHours(9)); // the site's zone: what it prints is not UTC
    private static final Pattern ISSUE = Pattern.compile("/rest/api/[23]/issue/([A-Z]+-\\d+)");
    private static final Pattern UPLOAD = Pattern.compile("/rest/api/[23]/issue/([A-Z]+-\\d+)/attachments");
    private static final Pattern SECURE = Pattern.compile("/secure/attachment/(\\d+)/[^/]+");
    private static final Pattern CONTENT = Pattern.compile("/rest/api/3/attachment/content/(\\d+)");
    private static final Pattern ATTACHMENT = Pattern.compile("/rest/api/[23]/attachment/(\\d+)");
    private static final Pattern MEDIA = Pattern.compile("/file/(\\d+)/binary");
    private static final Pattern JSM_COMMENTS = Pattern.compile("/rest/servicedeskapi/request/([A-Z]+-\\d+)/comment");
    private static final Pattern MINUTES = Pattern.compile("updated >= \"-(\\d+)m\" AND attachments IS NOT EMPTY.*");

    record File(long id, String key, String name, String contentType, byte[] bytes, String author, Instant created) {
    }

    record Comment(long id, String key, String author, String body, boolean isPublic, Instant created) {
    }


    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;
    private final Clock clock;
    private final Map<String, Instant> updated = new LinkedHashMap<>();
    private final List<File> files = new ArrayList<>();
    private final List<Comment> comments = new ArrayList<>();
    private long nextId = 20_000;
    int pageSize = 2;
    /** Data Center: the v2 API only, the offset search, downloads from {@code /secure/attachment}; Cloud: v3 only. */
    volatile boolean dataCenter;

    JiraModel(String authorization, Clock clock) {
        super("jira-model");
        this.authorization = authorization;
        this.clock = clock;
    }

    /** The customer's public comment and, unless {@code name} is null, a file, {@code ago} before now. */
    synchronized void customerUpload(String key, String name, byte[] bytes, Duration ago) {
        Instant at = clock.instant().minus(ago);
        if (name != null) {
            files.add(new File(nextId++, key, name, "application/json", bytes, CUSTOMER, at));
        }
        comments.add(new Comment(nextId++, key, CUSTOMER, "Here is what happened.", true, at));
        updated.put(key, at);
    }

    synchronized List<File> files(String key) {
        return files.stream().filter(f -> f.key().equals(key)).toList();
    }

    synchronized List<Comment> comments(String key) {
        return comments.stream().filter(c -> c.key().equals(key)).toList();
    }

    @Override
    protected ResponseDefinition serve(Request request, String method, String path) {
        try {
            Matcher media = MEDIA.matcher(path);
            if (media.matches()) {
                return request.containsHeader("Authorization") ? status(401, "{\"error\":\"two credentials\"}")
                        : bytes(find(Long.parseLong(media.group(1))));
            }
            if (!authorization.equals(request.getHeader("Authorization"))) {
                return aResponse().withStatus(401).withHeader("Content-Type", "text/plain;charset=UTF-8")
                        .withBody("Client must be authenticated to access this resource.").build();
            }
            return route(request, method, path);
        } catch (IOException | RuntimeException e) {
            return status(400, "{\"errorMessages\":[\"" + e.getClass().getSimpleName() + "\"],\"errors\":{}}");
        }
    }

    private ResponseDefinition route(Request request, String method, String path) throws IOException {
        String base = "http://localhost:" + request.getPort();
        Matcher m;
        if (path.startsWith(dataCenter ? "/rest/api/3/" : "/rest/api/2/search") || !dataCenter
                && path.startsWith("/secure/")) {
            return notFound("Not on this " + (dataCenter ? "Data Center" : "Cloud site"));
        }
        if (dataCenter && method.equals("GET") && (m = SECURE.matcher(path)).matches()) {
            File file = find(Long.parseLong(m.group(1)));
            return file == null ? notFound("The attachment does not exist") : bytes(file);
        }
        if (dataCenter && method.equals("GET") && path.equals("/rest/api/2/search")) {
            return offsetSearch(request, base);
        }
        if (method.equals("GET") && path.matches("/rest/api/[23]/myself")) {
            return ok(json.createObjectNode().put("accountId", AGENT).put("displayName", "HAR Warden"));
        }
        if (method.equals("GET") && path.matches("/rest/api/[23]/attachment/meta")) {
            return ok(json.createObjectNode().put("enabled", true).put("uploadLimit", 10L << 20));
        }
        if (method.equals("GET") && (m = ISSUE.matcher(path)).matches()) {
            return updated.containsKey(m.group(1)) ? ok(issue(base, m.group(1))) : notFound("Issue does not exist or "
                    + "you do not have permission to see it.");
        }
        if (method.equals("GET") && (m = CONTENT.matcher(path)).matches()) {
            File file = find(Long.parseLong(m.group(1)));
            if (file == null) {
                return notFound("The attachment does not exist");
            }
            var redirect = request.queryParameter("redirect");
            return redirect.isPresent() && "false".equals(redirect.firstValue()) ? bytes(file)
                    : aResponse().withStatus(303).withHeader("Location", "http://127.0.0.1:" + request.getPort()
                            + "/file/" + file.id() + "/binary?token=media").build();
        }
        if (method.equals("POST") && (m = UPLOAD.matcher(path)).matches()) {
            if (!"no-check".equals(request.getHeader("X-Atlassian-Token"))) {
                return aResponse().withStatus(403).withHeader("Content-Type", "text/plain").withBody(
                        "XSRF check failed").build();
            }
            ArrayNode answer = json.createArrayNode();
            for (Request.Part part : request.getParts()) {
                if (part.getName().equals("file")) {
                    File file = new File(nextId++, m.group(1), part.getFileName(), part.getHeader("Content-Type")
                            .firstValue(), part.getBody().asBytes(), AGENT, clock.instant());
                    files.add(file);
                    updated.put(m.group(1), clock.instant());
                    answer.add(file(base, file));
                }
            }
            return ok(answer);
        }
        if (method.equals("DELETE") && (m = ATTACHMENT.matcher(path)).matches()) {
            File file = find(Long.parseLong(m.group(1)));
            if (file == null) {
                return notFound("The attachment with id '" + m.group(1) + "' does not exist");
            }
            files.remove(file);
            updated.put(file.key(), clock.instant());
            return aResponse().withStatus(204).build();
        }
        if ((m = JSM_COMMENTS.matcher(path)).matches()) {
            return method.equals("GET") ? jsmComments(request, m.group(1)) : addJsmComment(request, m.group(1));
        }
        if (method.equals("GET") && path.equals("/rest/api/3/search/jql")) {
            return search(request, base);
        }
        return notFound("Not found");
    }

    private ResponseDefinition jsmComments(Request request, String key) throws IOException {
        List<Comment> all = comments(key);
        int start = Integer.parseInt(request.queryParameter("start").firstValue());
        int end = Math.min(all.size(), start + pageSize);
        ObjectNode answer = json.createObjectNode().put("start", start).put("limit", pageSize)
                .put("size", end - start).put("isLastPage", end == all.size());
        ArrayNode values = answer.putArray("values");
        all.subList(start, end).forEach(c -> values.addObject().put("id", String.valueOf(c.id())).put("body", c.body())
                .put("public", c.isPublic()));
        return ok(answer);
    }

    private ResponseDefinition addJsmComment(Request request, String key) throws IOException {
        JsonNode body = json.readTree(request.getBody());
        Comment comment = new Comment(nextId++, key, AGENT, body.path("body").asText(),
                body.path("public").asBoolean(true), clock.instant());
        comments.add(comment);
        updated.put(key, clock.instant());
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(json
                .writeValueAsBytes(json.createObjectNode().put("id", String.valueOf(comment.id()))
                        .put("body", comment.body()).put("public", comment.isPublic()))).build();
    }

    private ResponseDefinition search(Request request, String base) throws IOException {
        List<String> keys = found(request);
        if (keys == null) {
            return status(400, "{\"errorMessages\":[\"Error in the JQL Query\"],\"errors\":{}}");
        }
        var token = request.queryParameter("nextPageToken");
        int from = token.isPresent() ? Integer.parseInt(token.firstValue()) : 0;
        int to = Math.min(keys.size(), from + pageSize);
        ObjectNode answer = json.createObjectNode();
        ArrayNode issues = answer.putArray("issues");
        for (String key : keys.subList(from, to)) {
            issues.add(issue(base, key));
        }
        answer.put("isLast", to == keys.size());
        if (to < keys.size()) {
            answer.put("nextPageToken", String.valueOf(to));
        }
        return ok(answer);
    }

    /** Data Center's {@code /rest/api/2/search}: {@code startAt}, {@code maxResults}, {@code total}. */
    private ResponseDefinition offsetSearch(Request request, String base) throws IOException {
        List<String> keys = found(request);
        if (keys == null) {
            return status(400, "{\"errorMessages\":[\"Error in the JQL Query\"],\"errors\":{}}");
        }
        int from = Integer.parseInt(request.queryParameter("startAt").firstValue());
        int to = Math.min(keys.size(), from + pageSize);
        ObjectNode answer = json.createObjectNode().put("startAt", from).put("maxResults", pageSize)
                .put("total", keys.size());
        ArrayNode issues = answer.putArray("issues");
        keys.subList(Math.min(from, keys.size()), to).forEach(key -> issues.add(issue(base, key)));
        return ok(answer);
    }

    /** The issues the store's JQL finds (updated in the last N minutes, with files), or null for other JQL. */
    private List<String> found(Request request) {
        Matcher minutes = MINUTES.matcher(request.queryParameter("jql").firstValue());
        if (!minutes.matches()) {
            return null;
        }
        Instant since = clock.instant().minus(Duration.ofMinutes(Long.parseLong(minutes.group(1))));
        return updated.entrySet().stream().filter(e -> !e.getValue().isBefore(since))
                .filter(e -> !files(e.getKey()).isEmpty()).map(Map.Entry::getKey).toList();
    }

    private ObjectNode issue(String base, String key) {
        ObjectNode issue = json.createObjectNode().put("key", key);
        ArrayNode attachments = issue.putObject("fields").putArray("attachment");
        files(key).forEach(f -> attachments.add(file(base, f)));
        return issue;
    }

    private ObjectNode file(String base, File f) {
        ObjectNode node = json.createObjectNode().put("id", String.valueOf(f.id())).put("filename", f.name())
                .put("size", f.bytes().length).put("mimeType", f.contentType())
                .put("created", JIRA_TIME.format(f.created()))
                .put("content", base + "/rest/api/3/attachment/content/" + f.id());
        node.putObject("author").put("accountId", f.author());
        return node;
    }

    private File find(long id) {
        return files.stream().filter(f -> f.id() == id).findFirst().orElse(null);
    }

    private ResponseDefinition bytes(File file) {
        return file == null ? aResponse().withStatus(404).build() : aResponse().withStatus(200)
                .withHeader("Content-Type", file.contentType()).withBody(file.bytes()).build();
    }

    private ResponseDefinition ok(JsonNode body) throws IOException {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(json.writeValueAsBytes(body)).build();
    }

    private ResponseDefinition notFound(String message) throws IOException {
        return status(404, json.writeValueAsString(json.createObjectNode().set("errorMessages", json.createArrayNode()
                .add(message))));
    }

    private static ResponseDefinition status(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(body).build();
    }
}
