package io.harwarden.casestore.zendesk;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful model of the parts of Zendesk's API the store uses, for whole flows through the pipeline: tickets with
 * comments and their files, uploads that a comment attaches by token, redaction, the incremental ticket events (the
 * last minute left out), cursor paging (pages of {@link #pageSize}, smaller than Zendesk's 100 so every listing
 * pages), the signed storage a download redirects to (on {@code 127.0.0.1}, another host than the API's
 * {@code localhost}, which refuses a request that carries credentials), a comment public unless it says otherwise
 * (Zendesk's default), and faults injected per path. The request shapes follow the JSON mappings beside the store's
 * test ({@code src/test/resources/zendesk/}).
 */
final class ZendeskModel extends CaseSystemModel {
    static final long AGENT = 900001;
    static final long CUSTOMER = 1001;
    private static final Pattern COMMENTS = Pattern.compile("/api/v2/tickets/(\\d+)/comments\\.json");
    private static final Pattern TICKET = Pattern.compile("/api/v2/tickets/(\\d+)\\.json");
    private static final Pattern ATTACHMENT = Pattern.compile("/api/v2/attachments/(\\d+)\\.json");
    private static final Pattern TOKEN_URL = Pattern.compile("/attachments/token/([A-Za-z0-9]+)/");
    private static final Pattern STORAGE = Pattern.compile("/storage/([A-Za-z0-9]+)");
    private static final Pattern COMMENT_REDACTION = Pattern.compile("/api/v2/comment_redactions/(\\d+)\\.json");

    /** One file: uploaded, then attached by a comment; redaction empties it. */
    static final class File {
        final long id;
        String name;
        final String contentType;
        byte[] bytes;
        final String token;
        boolean redacted;

        File(long id, String name, String contentType, byte[] bytes, String token) {
            this.id = id;
            this.name = name;
            this.contentType = contentType;
            this.bytes = bytes;
            this.token = token;
        }
    }

    record Comment(long id, long ticket, long author, String body, boolean isPublic, Instant created,
            List<File> files) {
    }


    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;
    private final Clock clock;
    private final Map<Long, List<Comment>> tickets = new LinkedHashMap<>();
    private final Map<String, File> uploads = new LinkedHashMap<>();
    private long nextId = 10_000;
    int pageSize = 2;
    Duration eventLag = Duration.ofSeconds(60);

    ZendeskModel(String authorization, Clock clock) {
        super("zendesk-model");
        this.authorization = authorization;
        this.clock = clock;
    }

    /** Routes every request of {@code server} to this model. */
    /** The same for a server started outside JUnit's extension (before a daemon under test starts). */
    /** A customer's public comment, with a file unless {@code name} is null, {@code ago} before now. */
    synchronized Comment customerComment(long ticket, String body, String name, byte[] bytes, Duration ago) {
        List<File> files = new ArrayList<>();
        if (name != null) {
            File file = new File(nextId++, name, "application/json", bytes, "Tok" + nextId++);
            uploads.put(file.token, file);
            files.add(file);
        }
        Comment comment = new Comment(nextId++, ticket, CUSTOMER, body, true, clock.instant().minus(ago), files);
        tickets.computeIfAbsent(ticket, t -> new ArrayList<>()).add(comment);
        return comment;
    }

    synchronized List<Comment> comments(long ticket) {
        return List.copyOf(tickets.getOrDefault(ticket, List.of()));
    }

    @Override
    protected ResponseDefinition serve(Request request, String method, String path) {
        try {
            Matcher storage = STORAGE.matcher(path);
            if (storage.matches()) {
                return storage(request, storage.group(1));
            }
            if (!authorization.equals(request.getHeader("Authorization"))) {
                return error(401, json.createObjectNode().put("error", "Couldn't authenticate you"));
            }
            return route(request, method, path);
        } catch (IOException | RuntimeException e) {
            return error(400, json.createObjectNode().put("error", "InvalidValue").put("description",
                    String.valueOf(e.getMessage())));
        }
    }

    private ResponseDefinition route(Request request, String method, String path) throws IOException {
        String base = "http://localhost:" + request.getPort();
        Matcher m;
        if (method.equals("GET") && path.equals("/api/v2/users/me.json")) {
            ObjectNode answer = json.createObjectNode();
            answer.putObject("user").put("id", AGENT).put("name", "HAR Warden").put("role", "admin");
            return ok(answer);
        }
        if (method.equals("GET") && (m = COMMENTS.matcher(path)).matches()) {
            return commentsPage(request, base, Long.parseLong(m.group(1)));
        }
        if (method.equals("GET") && (m = ATTACHMENT.matcher(path)).matches()) {
            long id = Long.parseLong(m.group(1));
            File file = uploads.values().stream().filter(f -> f.id == id).findFirst().orElse(null);
            if (file == null) {
                return notFound();
            }
            ObjectNode answer = json.createObjectNode();
            answer.set("attachment", file(base, file));
            return ok(answer);
        }
        if (method.equals("GET") && (m = TOKEN_URL.matcher(path)).matches()) {
            File file = uploads.get(m.group(1));
            return file == null ? notFound() : aResponse().withStatus(302).withHeader("Location", "http://127.0.0.1:"
                    + request.getPort() + "/storage/" + file.token + "?X-Amz-Signature=5f2e").build();
        }
        if (method.equals("POST") && path.equals("/api/v2/uploads.json")) {
            File file = new File(nextId++, request.queryParameter("filename").firstValue(),
                    request.getHeader("Content-Type"), request.getBody(), "Up" + nextId++);
            uploads.put(file.token, file);
            ObjectNode answer = json.createObjectNode();
            ObjectNode upload = answer.putObject("upload").put("token", file.token);
            upload.set("attachment", file(base, file));
            upload.putArray("attachments").add(file(base, file));
            return aResponse().withStatus(201).withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(json.writeValueAsBytes(answer)).build();
        }
        if (method.equals("PUT") && (m = TICKET.matcher(path)).matches()) {
            return addComment(base, Long.parseLong(m.group(1)), json.readTree(request.getBody()));
        }
        if (method.equals("PUT") && (m = COMMENT_REDACTION.matcher(path)).matches()) {
            JsonNode body = json.readTree(request.getBody());
            long commentId = Long.parseLong(m.group(1));
            Comment comment = comments(body.path("ticket_id").asLong()).stream().filter(c -> c.id() == commentId)
                    .findFirst().orElse(null);
            if (comment == null) {
                return notFound();
            }
            for (JsonNode url : body.path("external_attachment_urls")) {
                comment.files().stream().filter(f -> url.asText().equals(contentUrl(base, f))).forEach(f -> {
                    f.redacted = true;
                    f.name = ZendeskCaseStore.REDACTED_NAME;
                    f.bytes = new byte[0];
                });
            }
            ObjectNode answer = json.createObjectNode();
            answer.set("comment", comment(base, comment));
            return ok(answer);
        }
        if (method.equals("GET") && path.equals("/api/v2/incremental/ticket_events.json")) {
            return events(request, base);
        }
        return notFound();
    }

    private ResponseDefinition commentsPage(Request request, String base, long ticket) throws IOException {
        if (!tickets.containsKey(ticket)) {
            return notFound();
        }
        List<Comment> all = tickets.get(ticket);
        int size = Math.min(pageSize, Integer.parseInt(request.queryParameter("page[size]").firstValue()));
        var after = request.queryParameter("page[after]");
        int from = after.isPresent() ? Integer.parseInt(after.firstValue().substring(1)) : 0;
        int to = Math.min(all.size(), from + size);
        ObjectNode answer = json.createObjectNode();
        ArrayNode comments = answer.putArray("comments");
        all.subList(from, to).forEach(c -> comments.add(comment(base, c)));
        boolean more = to < all.size();
        answer.putObject("meta").put("has_more", more).put("after_cursor", "c" + to);
        answer.putObject("links").put("next", more ? base + "/api/v2/tickets/" + ticket
                + "/comments.json?page%5Bafter%5D=c" + to + "&page%5Bsize%5D=" + size : null);
        return ok(answer);
    }

    private ResponseDefinition addComment(String base, long ticket, JsonNode request) throws IOException {
        if (!tickets.containsKey(ticket)) {
            return notFound();
        }
        JsonNode given = request.path("ticket").path("comment");
        List<File> files = new ArrayList<>();
        for (JsonNode token : given.path("uploads")) {
            File file = uploads.get(token.asText());
            if (file == null) {
                return error(422, json.createObjectNode().put("error", "RecordInvalid").put("description",
                        "Record validation errors"));
            }
            files.add(file);
        }
        Comment comment = new Comment(nextId++, ticket, AGENT, given.path("body").asText(),
                given.path("public").asBoolean(true), clock.instant(), files);
        tickets.get(ticket).add(comment);
        ObjectNode answer = json.createObjectNode();
        answer.putObject("ticket").put("id", ticket);
        ObjectNode audit = answer.putObject("audit").put("id", nextId++).put("ticket_id", ticket);
        ObjectNode shown = comment(base, comment);
        shown.put("type", "Comment");
        audit.putArray("events").add(shown);
        return ok(answer);
    }

    private ResponseDefinition events(Request request, String base) throws IOException {
        long start = Long.parseLong(request.queryParameter("start_time").firstValue());
        Instant newest = clock.instant().minus(eventLag);
        List<Comment> all = tickets.values().stream().flatMap(List::stream)
                .filter(c -> c.created().getEpochSecond() >= start && !c.created().isAfter(newest))
                .sorted(java.util.Comparator.comparing(Comment::created)).toList();
        int end = Math.min(pageSize, all.size());
        while (end > 0 && end < all.size() && all.get(end).created().getEpochSecond()
                == all.get(end - 1).created().getEpochSecond()) {
            end++; // as Zendesk does, a page never splits the events of one second (the next page starts after it)
        }
        List<Comment> found = all.subList(0, end);
        ObjectNode answer = json.createObjectNode();
        ArrayNode events = answer.putArray("ticket_events");
        for (Comment c : found) {
            ObjectNode event = events.addObject().put("id", c.id() + 1_000_000).put("ticket_id", c.ticket())
                    .put("timestamp", c.created().getEpochSecond()).put("event_type", "Audit");
            ObjectNode child = comment(base, c);
            child.put("event_type", "Comment");
            event.putArray("child_events").add(child);
        }
        boolean finished = end == all.size();
        long last = found.isEmpty() ? start : found.get(found.size() - 1).created().getEpochSecond() + 1;
        answer.put("end_of_stream", finished).put("end_time", last).put("count", found.size());
        answer.put("next_page", base + "/api/v2/incremental/ticket_events.json?start_time=" + last
                + "&include=comment_events");
        return ok(answer);
    }

    private ResponseDefinition storage(Request request, String token) {
        if (request.containsHeader("Authorization")) {
            return aResponse().withStatus(400).withHeader("Content-Type", "application/xml").withBody(
                    "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>")
                    .build();
        }
        File file = uploads.get(token);
        return file == null ? aResponse().withStatus(404).build()
                : aResponse().withStatus(200).withHeader("Content-Type", file.contentType).withBody(file.bytes)
                        .build();
    }

    private ObjectNode comment(String base, Comment c) {
        ObjectNode node = json.createObjectNode().put("id", c.id()).put("author_id", c.author()).put("body", c.body())
                .put("public", c.isPublic()).put("created_at", c.created().toString());
        ArrayNode files = node.putArray("attachments");
        c.files().forEach(f -> files.add(file(base, f)));
        return node;
    }

    private ObjectNode file(String base, File f) {
        return json.createObjectNode().put("id", f.id).put("file_name", f.name).put("content_url", contentUrl(base, f))
                .put("content_type", f.contentType).put("size", f.bytes.length).put("deleted", false)
                .put("inline", false);
    }

    private static String contentUrl(String base, File f) {
        return base + "/attachments/token/" + f.token + "/?name=" + f.name.replace(" ", "%20");
    }

    private ResponseDefinition ok(JsonNode body) throws IOException {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(json.writeValueAsBytes(body)).build();
    }

    private ResponseDefinition notFound() {
        return error(404, json.createObjectNode().put("error", "RecordNotFound").put("description", "Not found"));
    }

    private ResponseDefinition error(int status, JsonNode body) {
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(json.writeValueAsBytes(body)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
