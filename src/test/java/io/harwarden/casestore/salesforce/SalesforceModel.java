package io.harwarden.casestore.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import io.harwarden.casestore.CaseSystemModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful model of the parts of Salesforce's REST API the store uses, for whole flows through the pipeline: the
 * client-credentials token (tokens can be expired at will: the next call answers 401 {@code INVALID_SESSION_ID}),
 * Salesforce Files on cases (a document, its latest version, its links), the SOQL queries the store sends, each page
 * {@link #pageSize} records with a {@code nextRecordsUrl}, multipart uploads published on a case, deletes into the
 * recycle bin and the SOAP {@code emptyRecycleBin}, internal and published case comments, internal and public Chatter
 * posts, the daily API count in {@code Sforce-Limit-Info}, and faults injected per path. The request shapes follow
 * the JSON mappings beside the store's test ({@code src/test/resources/salesforce/}).
 */
final class SalesforceModel extends CaseSystemModel {
    static final String CUSTOMER = "005Hs00000Cust1IAA";
    static final String V = "/services/data/v60.0/";
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern FIELDS = Pattern.compile("SELECT (.+?) FROM (\\w+) WHERE (.+?)(?: ORDER BY (\\w+))?");
    private static final Pattern EQUALS = Pattern.compile("(\\w+) = '([A-Za-z0-9]+)'");
    private static final Pattern IN = Pattern.compile("(\\w+) IN \\(([^)]*)\\)");
    private static final Pattern SINCE = Pattern.compile("CreatedDate >= (\\S+Z)");
    private static final Pattern VERSION_DATA = Pattern.compile(V + "sobjects/ContentVersion/(068\\w+)/VersionData");
    private static final Pattern VERSION = Pattern.compile(V + "sobjects/ContentVersion/(068\\w+)");
    private static final Pattern DOCUMENT = Pattern.compile(V + "sobjects/ContentDocument/(069\\w+)");
    private static final Pattern NEXT = Pattern.compile(V + "query/(01g\\w+)-\\d+");
    private static final Pattern PURGE_IDS = Pattern.compile("<urn:ids>(069\\w+)</urn:ids>");

    /** A Salesforce File: one document with its latest version, linked to one case. */
    record File(String documentId, String versionId, String caseId, String name, byte[] bytes, String createdBy,
            Instant created, String description) {
    }

    /** A case comment or Chatter post; {@code internal} false means the customer sees it. */
    record Note(String caseId, String kind, String body, String createdBy, boolean internal) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final String clientId;
    private final String clientSecret;
    private final String user;
    private final Clock clock;
    private final List<File> files = new ArrayList<>();
    private final List<File> recycleBin = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();
    /** EmailMessage id to its case (Email-to-Case): a mail's attachments are files linked to the email. */
    private final Map<String, String> emails = new HashMap<>();
    private final Map<String, List<JsonNode>> cursors = new HashMap<>();
    private String token = newToken();
    private int tokensIssued;
    private String expireAt;
    private long apiCalls = 1200;
    int pageSize = 2;

    SalesforceModel(String clientId, String clientSecret, String user, Clock clock) {
        super("salesforce-model");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.user = user;
        this.clock = clock;
    }

    static String id(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 15; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private static String newToken() {
        return "00DHs0000000001!" + id("AQ4");
    }

    synchronized void customerUpload(String caseId, String name, byte[] bytes, Duration ago) {
        files.add(new File(id("069"), id("068"), caseId, name, bytes, CUSTOMER, clock.instant().minus(ago)
                .truncatedTo(ChronoUnit.SECONDS), null));
        notes.add(new Note(caseId, "CaseComment", "Please look at the attached file.", CUSTOMER, false));
    }

    /** A mail to the case whose attachment Email-to-Case keeps as a file of the email, not of the case. */
    synchronized void customerEmail(String caseId, String name, byte[] bytes, Duration ago) {
        String email = id("02s");
        emails.put(email, caseId);
        files.add(new File(id("069"), id("068"), email, name, bytes, CUSTOMER, clock.instant().minus(ago)
                .truncatedTo(ChronoUnit.SECONDS), null));
    }

    /** The files linked to the case's emails. */
    synchronized List<File> emailFiles(String caseId) {
        return files.stream().filter(f -> caseId.equals(emails.get(f.caseId()))).toList();
    }

    synchronized List<File> files(String caseId) {
        return files.stream().filter(f -> f.caseId().equals(caseId)).toList();
    }

    synchronized List<File> recycleBin() {
        return List.copyOf(recycleBin);
    }

    synchronized List<Note> notes(String caseId) {
        return notes.stream().filter(n -> n.caseId().equals(caseId)).toList();
    }

    /** The session ends: the next call with the old token answers 401. */
    synchronized void expireSession() {
        token = newToken();
    }

    /** The session ends as the next {@code method} request on a path starting with {@code path} arrives. */
    synchronized void expireSessionAt(String method, String path) {
        expireAt = method + " " + path;
    }

    synchronized int tokensIssued() {
        return tokensIssued;
    }

    @Override
    protected ResponseDefinition serve(Request request, String method, String path) {
        try {
            if (expireAt != null && (method + " " + path).startsWith(expireAt)) {
                expireAt = null;
                expireSession();
            }
            if (method.equals("POST") && path.equals("/services/oauth2/token")) {
                return token(request.getBodyAsString(), request.getAbsoluteUrl().replace(request.getUrl(), ""));
            }
            if (path.startsWith("/services/Soap/")) {
                return purge(request.getBodyAsString());
            }
            if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
                return errors(401, "INVALID_SESSION_ID", "Session expired or invalid");
            }
            apiCalls++;
            return route(request, method, path);
        } catch (IOException | RuntimeException e) {
            return errors(400, "INVALID_REQUEST", e.getClass().getSimpleName());
        }
    }

    private ResponseDefinition token(String form, String instance) throws IOException {
        if (!form.equals("grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + clientSecret)) {
            return aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                    "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}").build();
        }
        tokensIssued++;
        return ok(200, json.createObjectNode().put("access_token", token).put("instance_url", instance).put("id", "https://login.salesforce.com/id/00DHs0000000001MAA/" + user)
                .put("token_type", "Bearer"));
    }

    private ResponseDefinition route(Request request, String method, String path) throws IOException {
        Matcher m;
        if (method.equals("GET") && path.equals(V + "query")) {
            return query(request.queryParameter("q").firstValue());
        }
        if (method.equals("GET") && (m = NEXT.matcher(path)).matches()) {
            List<JsonNode> rest = cursors.remove(m.group(1));
            return rest == null ? errors(400, "INVALID_QUERY_LOCATOR", "invalid query locator") : page(rest);
        }
        if (method.equals("GET") && (m = VERSION_DATA.matcher(path)).matches()) {
            File file = version(m.group(1));
            return file == null ? errors(404, "NOT_FOUND", "The requested resource does not exist")
                    : aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream")
                            .withBody(file.bytes()).build();
        }
        if (method.equals("GET") && (m = VERSION.matcher(path)).matches()) {
            File file = version(m.group(1));
            return file == null ? errors(404, "NOT_FOUND", "The requested resource does not exist")
                    : ok(200, record(file));
        }
        if (method.equals("POST") && path.equals(V + "sobjects/ContentVersion")) {
            return upload(request);
        }
        if ((m = DOCUMENT.matcher(path)).matches()) {
            return document(method, m.group(1));
        }
        if (method.equals("POST") && (path.equals(V + "sobjects/CaseComment") || path.equals(V
                + "sobjects/FeedItem"))) {
            JsonNode body = json.readTree(request.getBody());
            boolean comment = path.endsWith("CaseComment");
            boolean internal = comment ? !body.path("IsPublished").asBoolean(true)
                    : "InternalUsers".equals(body.path("Visibility").asText());
            String text = body.path(comment ? "CommentBody" : "Body").asText();
            if (comment && text.getBytes(StandardCharsets.UTF_8).length > 4000) {
                return errors(400, "STRING_TOO_LONG", "Body: data value too large");
            }
            notes.add(new Note(body.path("ParentId").asText(), comment ? "CaseComment" : "FeedItem", text, user,
                    internal));
            return ok(201, json.createObjectNode().put("id", id(comment ? "00a" : "0D5")).put("success", true));
        }
        return errors(404, "NOT_FOUND", "The requested resource does not exist");
    }

    private ResponseDefinition upload(Request request) throws IOException {
        JsonNode entity = null;
        byte[] data = null;
        for (Request.Part part : request.getParts()) {
            if (part.getName().equals("entity_content")) {
                entity = json.readTree(part.getBody().asBytes());
            } else if (part.getName().equals("VersionData")) {
                data = part.getBody().asBytes();
            }
        }
        if (entity == null || data == null) {
            return errors(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [VersionData]");
        }
        if (entity.path("Title").asText().length() > 255) {
            return errors(400, "STRING_TOO_LONG", "Title: data value too large");
        }
        String caseId = entity.path("FirstPublishLocationId").asText();
        File file = new File(id("069"), id("068"), caseId, entity.path("PathOnClient").asText(), data, user,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), entity.path("Description").asText(null));
        files.add(file);
        return ok(201, json.createObjectNode().put("id", file.versionId()).put("success", true).set("errors",
                json.createArrayNode()));
    }

    private ResponseDefinition document(String method, String documentId) throws IOException {
        File file = files.stream().filter(f -> f.documentId().equals(documentId)).findFirst().orElse(null);
        if (file == null) {
            return recycleBin.stream().anyMatch(f -> f.documentId().equals(documentId))
                    ? errors(404, "ENTITY_IS_DELETED", "entity is deleted")
                    : errors(404, "NOT_FOUND", "The requested resource does not exist");
        }
        if (method.equals("DELETE")) {
            files.remove(file);
            recycleBin.add(file);
            return aResponse().withStatus(204).withHeader("Sforce-Limit-Info", usage()).build();
        }
        return ok(200, json.createObjectNode().put("Id", documentId).put("LatestPublishedVersionId",
                file.versionId()));
    }

    private ResponseDefinition purge(String envelope) {
        if (!envelope.contains("<urn:sessionId>" + token + "</urn:sessionId>")) {
            return soap("<soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: "
                    + "Invalid Session ID found in SessionHeader</faultstring></soapenv:Fault>", 500);
        }
        StringBuilder results = new StringBuilder();
        Matcher ids = PURGE_IDS.matcher(envelope);
        while (ids.find()) {
            String id = ids.group(1);
            boolean there = recycleBin.removeIf(f -> f.documentId().equals(id));
            results.append("<result><id>").append(id).append("</id>").append(there ? "<success>true</success>"
                    : "<errors><statusCode>INVALID_ID_FIELD</statusCode><message>not in the recycle bin</message>"
                            + "</errors><success>false</success>").append("</result>");
        }
        return soap("<emptyRecycleBinResponse>" + results + "</emptyRecycleBinResponse>", 200);
    }

    /** The SOQL shapes the store sends: a WHERE of {@code =}, {@code IN} and a creation time, ANDed. */
    private ResponseDefinition query(String soql) throws IOException {
        if (soql.equals("SELECT Id FROM ContentVersion LIMIT 1")) {
            return page(files.stream().limit(1).map(f -> (JsonNode) json.createObjectNode().put("Id", f.versionId()))
                    .toList());
        }
        Matcher q = FIELDS.matcher(soql);
        if (!q.matches()) {
            return errors(400, "MALFORMED_QUERY", "unexpected query");
        }
        Map<String, String> equals = new HashMap<>();
        Matcher e = EQUALS.matcher(q.group(3));
        while (e.find()) {
            equals.put(e.group(1), e.group(2));
        }
        Map<String, List<String>> in = new HashMap<>();
        Matcher i = IN.matcher(q.group(3));
        while (i.find()) {
            in.put(i.group(1), List.of(i.group(2).replace("'", "").split(",")));
        }
        Matcher since = SINCE.matcher(q.group(3));
        Instant from = since.find() ? Instant.parse(since.group(1)) : Instant.EPOCH;
        List<JsonNode> records = new ArrayList<>();
        switch (q.group(2)) {
            case "ContentDocumentLink" -> {
                if (!equals.containsKey("LinkedEntityId") && !in.containsKey("LinkedEntityId")
                        && !in.containsKey("ContentDocumentId")) {
                    return errors(400, "MALFORMED_QUERY", "Implementation restriction: ContentDocumentLink requires "
                            + "a filter by a single Id on ContentDocumentId or LinkedEntityId");
                }
                files.stream().filter(f -> f.caseId().equals(equals.getOrDefault("LinkedEntityId", f.caseId()))
                        && in.getOrDefault("LinkedEntityId", List.of(f.caseId())).contains(f.caseId())
                        && in.getOrDefault("ContentDocumentId", List.of(f.documentId())).contains(f.documentId()))
                        .forEach(f -> records.add(json.createObjectNode().put("ContentDocumentId", f.documentId())
                                .put("LinkedEntityId", f.caseId())));
            }
            case "ContentVersion" -> files.stream().filter(f -> in.getOrDefault("ContentDocumentId", List.of(
                    f.documentId())).contains(f.documentId()) && in.getOrDefault("FileExtension", List.of(extension(
                            f))).contains(extension(f)) && !f.created().isBefore(from)).sorted(Comparator.comparing(File::created))
                    .forEach(f -> records.add(record(f)));
            case "EmailMessage" -> emails.forEach((email, parent) -> {
                if (parent.equals(equals.getOrDefault("ParentId", parent)) && in.getOrDefault("Id", List.of(email))
                        .contains(email)) {
                    records.add(json.createObjectNode().put("Id", email).put("ParentId", parent));
                }
            });
            case "CaseComment", "FeedItem" -> notes.stream().filter(n -> n.kind().equals(q.group(2))
                    && n.caseId().equals(equals.get("ParentId")) && n.createdBy().equals(equals.getOrDefault(
                            "CreatedById", n.createdBy())) && (!q.group(3).contains("IsPublished = false")
                                    || n.internal())).forEach(n -> records.add(json.createObjectNode().put("Id",
                                            id("00a")).put(n.kind().equals("FeedItem") ? "Body" : "CommentBody",
                                                    n.body())));
            default -> {
                return errors(400, "INVALID_TYPE", "sObject type '" + q.group(2) + "' is not supported.");
            }
        }
        return page(records);
    }

    private ResponseDefinition page(List<JsonNode> records) throws IOException {
        ObjectNode body = json.createObjectNode().put("totalSize", records.size());
        List<JsonNode> first = records.subList(0, Math.min(pageSize, records.size()));
        body.put("done", first.size() == records.size());
        if (first.size() < records.size()) {
            String cursor = id("01g");
            cursors.put(cursor, new ArrayList<>(records.subList(first.size(), records.size())));
            body.put("nextRecordsUrl", V + "query/" + cursor + "-" + first.size());
        }
        ArrayNode page = body.putArray("records");
        first.forEach(page::add);
        return ok(200, body);
    }

    private static String extension(File f) {
        return f.name().substring(f.name().lastIndexOf('.') + 1);
    }

    private ObjectNode record(File f) {
        ObjectNode r = json.createObjectNode();
        r.putObject("attributes").put("type", "ContentVersion").put("url", V + "sobjects/ContentVersion/"
                + f.versionId());
        return r.put("Id", f.versionId()).put("ContentDocumentId", f.documentId()).put("Title", f.name())
                .put("PathOnClient", f.name()).put("FileExtension", extension(f)).put("ContentSize", f.bytes().length)
                .put("Description", f.description()).put("CreatedById", f.createdBy())
                .put("CreatedDate", API_TIME.format(OffsetDateTime.ofInstant(f.created(), ZoneOffset.UTC)));
    }

    private File version(String versionId) {
        return files.stream().filter(f -> f.versionId().equals(versionId)).findFirst().orElse(null);
    }

    private String usage() {
        return "api-usage=" + apiCalls + "/15000";
    }

    private ResponseDefinition ok(int status, JsonNode body) throws IOException {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withHeader("Sforce-Limit-Info", usage()).withBody(json.writeValueAsBytes(body)).build();
    }

    private ResponseDefinition errors(int status, String code, String message) {
        ArrayNode body = json.createArrayNode();
        body.addObject().put("message", message).put("errorCode", code);
        try {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                    .withBody(json.writeValueAsBytes(body)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseDefinition soap(String body, int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap"
                        + ".org/soap/envelope/\" xmlns=\"urn:partner.soap.sforce.com\"><soapenv:Body>" + body
                        + "</soapenv:Body></soapenv:Envelope>").build();
    }
}
