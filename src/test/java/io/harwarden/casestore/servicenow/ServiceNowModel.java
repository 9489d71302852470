package io.harwarden.casestore.servicenow;

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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful model of ServiceNow's Attachment and Table APIs for whole flows through the pipeline: records with
 * attachments, uploads that need their {@code Content-Type}, deletes, the two journals of a record ({@code
 * work_notes} for agents, {@code comments} for the customer), the encoded queries the store sends (by record, and by
 * tables and creation time, with offset paging of {@link #pageSize}), and faults injected per path. The request shapes
 * follow the JSON mappings beside the store's test ({@code src/test/resources/servicenow/}).
 */
final class ServiceNowModel extends CaseSystemModel {
    static final String CUSTOMER = "jane.customer";
    private static final DateTimeFormatter GLIDE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern FILE = Pattern.compile("/api/now/attachment/([0-9a-f]{32})/file");
    private static final Pattern ONE = Pattern.compile("/api/now/attachment/([0-9a-f]{32})");
    private static final Pattern RECORD = Pattern.compile("/api/now/table/([a-z_]+)/([0-9a-f]{32})");
    private static final Pattern BY_RECORD = Pattern.compile("table_name=([a-z_]+)\\^table_sys_id=([0-9a-f]{32})"
            + "\\^ORDERBYsys_created_on");
    private static final Pattern BY_TIME = Pattern.compile("table_nameIN([a-z_,]+)\\^sys_created_on>=javascript:gs"
            + "\\.dateGenerate\\('([0-9-]{10})','([0-9:]{8})'\\)\\^ORDERBYsys_created_on");
    private static final Pattern NOTE_QUERY = Pattern.compile("element_id=([0-9a-f]{32})\\^element=work_notes"
            + "\\^valueLIKE(.*)");

    record File(String sysId, String table, String record, String name, String contentType, byte[] bytes,
            String createdBy, Instant created) {
    }

    /** A journal entry: {@code element} is {@code work_notes} (agents) or {@code comments} (the customer sees). */
    record Journal(String record, String element, String value) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String authorization;
    private final String user;
    private final Clock clock;
    private final List<File> files = new ArrayList<>();
    private final List<Journal> journal = new ArrayList<>();
    int pageSize = 2;

    ServiceNowModel(String authorization, String user, Clock clock) {
        super("servicenow-model");
        this.authorization = authorization;
        this.user = user;
        this.clock = clock;
    }

    static String sysId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    synchronized void customerUpload(String table, String record, String name, byte[] bytes, Duration ago) {
        files.add(new File(sysId(), table, record, name, "application/json", bytes, CUSTOMER, clock.instant()
                .minus(ago).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        journal.add(new Journal(record, "comments", "Please look at the attached file."));
    }

    synchronized List<File> files(String record) {
        return files.stream().filter(f -> f.record().equals(record)).toList();
    }

    synchronized List<Journal> journal(String record) {
        return journal.stream().filter(j -> j.record().equals(record)).toList();
    }

    @Override
    protected ResponseDefinition serve(Request request, String method, String path) {
        try {
            if (!authorization.equals(request.getHeader("Authorization"))) {
                return error(401, "User Not Authenticated", "Required to provide Auth information");
            }
            return route(request, method, path);
        } catch (IOException | RuntimeException e) {
            return error(400, "Invalid request", e.getClass().getSimpleName());
        }
    }

    private ResponseDefinition route(Request request, String method, String path) throws IOException {
        Matcher m;
        if (method.equals("GET") && path.equals("/api/now/attachment")) {
            return list(request);
        }
        if (method.equals("GET") && (m = FILE.matcher(path)).matches()) {
            File file = find(m.group(1));
            return file == null ? notFound() : aResponse().withStatus(200).withHeader("Content-Type",
                    file.contentType()).withBody(file.bytes()).build();
        }
        if (method.equals("POST") && path.equals("/api/now/attachment/file")) {
            String type = request.getHeader("Content-Type");
            if (type == null || type.isBlank()) {
                return error(400, "Content-Type is required", "");
            }
            File file = new File(sysId(), request.queryParameter("table_name").firstValue(),
                    request.queryParameter("table_sys_id").firstValue(), request.queryParameter("file_name")
                            .firstValue(), type, request.getBody(), user, clock.instant().truncatedTo(
                                    java.time.temporal.ChronoUnit.SECONDS));
            files.add(file);
            ObjectNode answer = json.createObjectNode();
            answer.set("result", meta(file));
            return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                    .withBody(json.writeValueAsBytes(answer)).build();
        }
        if (method.equals("DELETE") && (m = ONE.matcher(path)).matches()) {
            File file = find(m.group(1));
            if (file == null) {
                return notFound();
            }
            files.remove(file);
            return aResponse().withStatus(204).build();
        }
        if (method.equals("GET") && path.equals("/api/now/table/sys_journal_field")) {
            Matcher q = NOTE_QUERY.matcher(request.queryParameter("sysparm_query").firstValue());
            ArrayNode result = json.createArrayNode();
            if (q.matches()) {
                journal.stream().filter(j -> j.record().equals(q.group(1)) && j.element().equals("work_notes")
                        && j.value().contains(q.group(2))).forEach(j -> result.addObject().put("sys_id", sysId()));
            }
            return ok(json.createObjectNode().set("result", result));
        }
        if ((method.equals("PATCH") || method.equals("PUT")) && (m = RECORD.matcher(path)).matches()) {
            JsonNode body = json.readTree(request.getBody());
            for (String element : new String[] {"work_notes", "comments"}) {
                if (body.has(element)) {
                    journal.add(new Journal(m.group(2), element, body.path(element).asText()));
                }
            }
            ObjectNode answer = json.createObjectNode();
            answer.putObject("result").put("sys_id", m.group(2));
            return ok(answer);
        }
        return notFound();
    }

    private ResponseDefinition list(Request request) throws IOException {
        String query = request.queryParameter("sysparm_query").firstValue();
        int limit = Math.min(pageSize, Integer.parseInt(request.queryParameter("sysparm_limit").firstValue()));
        int offset = Integer.parseInt(request.queryParameter("sysparm_offset").firstValue());
        Matcher byRecord = BY_RECORD.matcher(query);
        Matcher byTime = BY_TIME.matcher(query);
        List<File> found;
        if (byRecord.matches()) {
            found = files.stream().filter(f -> f.table().equals(byRecord.group(1)) && f.record().equals(byRecord
                    .group(2))).toList();
        } else if (byTime.matches()) {
            List<String> tables = List.of(byTime.group(1).split(","));
            Instant since = LocalDateTime.parse(byTime.group(2) + " " + byTime.group(3), GLIDE).toInstant(
                    ZoneOffset.UTC);
            found = files.stream().filter(f -> tables.contains(f.table()) && !f.created().isBefore(since))
                    .sorted(java.util.Comparator.comparing(File::created)).toList();
        } else {
            return error(400, "Invalid query", query);
        }
        List<File> page = found.subList(Math.min(offset, found.size()), Math.min(found.size(), offset + limit));
        ArrayNode result = json.createArrayNode();
        page.forEach(f -> result.add(meta(f)));
        var response = aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("X-Total-Count", String.valueOf(found.size()))
                .withBody(json.writeValueAsBytes(json.createObjectNode().set("result", result)));
        if (offset + limit < found.size()) {
            response = response.withHeader("Link", "<" + request.getAbsoluteUrl().replace("sysparm_offset=" + offset,
                    "sysparm_offset=" + (offset + limit)) + ">;rel=\"next\"");
        }
        return response.build();
    }

    private ObjectNode meta(File f) {
        return json.createObjectNode().put("sys_id", f.sysId()).put("file_name", f.name())
                .put("content_type", f.contentType()).put("size_bytes", String.valueOf(f.bytes().length))
                .put("table_name", f.table()).put("table_sys_id", f.record())
                .put("sys_created_on", GLIDE.format(LocalDateTime.ofInstant(f.created(), ZoneOffset.UTC)))
                .put("sys_created_by", f.createdBy());
    }

    private File find(String sysId) {
        return files.stream().filter(f -> f.sysId().equals(sysId)).findFirst().orElse(null);
    }

    private ResponseDefinition ok(JsonNode body) throws IOException {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(json.writeValueAsBytes(body)).build();
    }

    private ResponseDefinition notFound() {
        return error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
    }

    private ResponseDefinition error(int status, String message, String detail) {
        ObjectNode body = json.createObjectNode().put("status", "failure");
        body.putObject("error").put("message", message).put("detail", detail);
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(json.writeValueAsBytes(body)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
