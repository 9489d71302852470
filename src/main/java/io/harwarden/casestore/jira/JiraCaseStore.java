package io.harwarden.casestore.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.Capability;
import io.harwarden.casestore.InboundWebhook;
import io.harwarden.casestore.Lookback;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Jira Cloud (Jira Service Management or plain Jira) as a case store: an issue is a case (its key, {@code SUP-42}, is
 * the case id), its attachments are the files. Copies are uploaded as attachments (multipart, {@code X-Atlassian-Token:
 * no-check}), the original is deleted, and the note is an internal comment: through the Service Management API with
 * {@code public: false}, or on plain Jira a comment restricted to a project role. Jira has no description on an
 * attachment, so HAR Warden's outputs are told by their uploader, HAR Warden's own account, besides the journal.
 *
 * <p>Detection: a JQL search for issues updated in the last minutes with attachments (relative times, so the
 * searching account's time zone does not matter), and the {@code jira:issue_updated} webhook ({@link JiraWebhook}).
 */
public final class JiraCaseStore implements CaseStore {
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** Which Jira: Cloud ({@code *.atlassian.net}) or Data Center (self-hosted). */
    public enum Deployment {
        CLOUD,
        DATA_CENTER
    }

    /** Where the note goes. */
    public enum CommentMode {
        /** {@code POST /rest/servicedeskapi/request/{key}/comment} with {@code public: false}: JSM's internal note. */
        SERVICE_DESK,
        /** {@code POST /rest/api/2/issue/{key}/comment} visible to one project role only (plain Jira). */
        RESTRICTED
    }

    /** The store's tunables, from the configuration. */
    record Settings(List<String> projects, Duration pollInterval, Duration lookback, CommentMode comments,
            String restrictedRole, boolean dataCenter) {
    }

    /** The platform API: v3 on Cloud, v2 on Data Center (which has no v3). */
    private String api() {
        return settings.dataCenter() ? "rest/api/2/" : "rest/api/3/";
    }

    private final JiraHttp http;
    private final ObjectMapper json;
    private final Settings settings;
    private final Optional<InboundWebhook> webhook;
    private final Clock clock;
    private volatile String ownAccount;
    private volatile Long uploadLimit;

    JiraCaseStore(JiraHttp http, ObjectMapper json, Settings settings, Optional<InboundWebhook> webhook, Clock clock) {
        this.http = http;
        this.json = json;
        this.settings = settings;
        this.webhook = webhook;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "jira";
    }

    @Override
    public String identity() {
        return "jira:" + http.base();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.TRUE_DELETE, Capability.PRIVATE_NOTES, Capability.ATOMIC_UPLOADS);
    }

    @Override
    public Duration pollInterval() {
        return settings.pollInterval();
    }

    @Override
    public Optional<InboundWebhook> webhook() {
        return webhook;
    }

    @Override
    public Optional<String> ownAccount() throws CaseStoreException {
        return Optional.of(ownAccount != null ? ownAccount : identify());
    }

    /** {@code myself}: the account id on Cloud (its key on Data Center). */
    private String identify() throws CaseStoreException {
        JsonNode me = http.getJson(api() + "myself", "identify the account of the credentials");
        String id = me.path("accountId").asText(me.path("key").asText(""));
        if (id.isEmpty()) {
            throw new CaseStoreException.Permanent("Jira did not name the account of the credentials");
        }
        ownAccount = id;
        return id;
    }

    @Override
    public List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException {
        if (ownAccount == null) {
            identify(); // outputs are told by their uploader
        }
        JsonNode issue = http.getJson(api() + "issue/" + key(caseId) + "?fields=attachment", "read issue "
                + caseId);
        return attachmentsOf(new CaseId(issue.path("key").asText(caseId.value())), issue);
    }

    /**
     * Issues updated in the minutes since {@code since} (within the look-back) with attachments, every page. The
     * search is eventually consistent: the detector's overlap covers what it lists late.
     */
    @Override
    public List<AttachmentRef> changedSince(Instant since) throws CaseStoreException {
        identify();
        Instant now = clock.instant();
        if (!since.isBefore(now)) {
            return List.of(); // a readiness probe asks for "now": the account is checked, nothing is searched
        }
        Instant from = Lookback.start(since, now, settings.lookback());
        long minutes = Math.max(1, Duration.between(from, now).toMinutes() + 1);
        String jql = "updated >= \"-" + minutes + "m\" AND attachments IS NOT EMPTY" + projects()
                + " ORDER BY updated ASC";
        List<AttachmentRef> found = new ArrayList<>();
        if (settings.dataCenter()) { // Data Center keeps the offset search that Cloud replaced
            for (int startAt = 0, total = 1; startAt < total; ) {
                JsonNode page = http.getJson("rest/api/2/search?jql=" + encode(jql) + "&fields=attachment"
                        + "&maxResults=100&startAt=" + startAt, "search for issues with new attachments");
                for (JsonNode issue : page.path("issues")) {
                    found.addAll(attachmentsOf(new CaseId(issue.path("key").asText()), issue));
                }
                total = page.path("total").asInt(0);
                startAt += Math.max(1, page.path("issues").size());
            }
            return found;
        }
        String token = null;
        do {
            JsonNode page = http.getJson("rest/api/3/search/jql?jql=" + encode(jql) + "&fields=attachment"
                    + "&maxResults=100" + (token == null ? "" : "&nextPageToken=" + encode(token)),
                    "search for issues with new attachments");
            for (JsonNode issue : page.path("issues")) {
                found.addAll(attachmentsOf(new CaseId(issue.path("key").asText()), issue));
            }
            token = page.path("isLast").asBoolean(false) ? null : page.path("nextPageToken").asText(null);
        } while (token != null && !token.isEmpty());
        return found;
    }

    private String projects() {
        if (settings.projects().isEmpty()) {
            return "";
        }
        return " AND project in (" + settings.projects().stream().map(p -> "\"" + p.replace("\"", "") + "\"")
                .collect(Collectors.joining(", ")) + ")";
    }

    @Override
    public InputStream open(AttachmentRef attachment) throws CaseStoreException {
        String path = settings.dataCenter()
                ? "secure/attachment/" + number(attachment.id()) + "/" + encode(attachment.name())
                : "rest/api/3/attachment/content/" + number(attachment.id()) + "?redirect=false";
        return http.download(path,
                "download " + attachment.name() + " from " + attachment.caseId());
    }

    /** Checked against the site's upload limit first (Jira would take the bytes and refuse them only at the end). */
    @Override
    public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
        long limit = uploadLimit();
        if (upload.length() > limit) {
            throw new CaseStoreException.Rejected(upload.name() + " is " + upload.length() + " bytes, over Jira's "
                    + "attachment limit of " + limit + " bytes");
        }
        JsonNode answer = http.postFile(api() + "issue/" + key(caseId) + "/attachments", upload.name(),
                upload.contentType(), content, upload.length(), "upload " + upload.name() + " to " + caseId);
        for (JsonNode a : answer) {
            if (upload.name().equals(a.path("filename").asText())) {
                return new Uploaded(attachment(caseId, a), null);
            }
        }
        throw new CaseStoreException.Transient("cannot upload " + upload.name() + " to " + caseId
                + ": Jira's answer did not list the file", null);
    }

    private long uploadLimit() throws CaseStoreException {
        if (uploadLimit == null) {
            JsonNode meta = http.getJson(api() + "attachment/meta", "read the attachment settings");
            if (!meta.path("enabled").asBoolean(true)) {
                throw new CaseStoreException.Permanent("attachments are turned off on this Jira site");
            }
            uploadLimit = meta.path("uploadLimit").asLong(Long.MAX_VALUE);
        }
        return uploadLimit;
    }

    @Override
    public void delete(AttachmentRef attachment) throws CaseStoreException {
        try {
            http.delete(api() + "attachment/" + number(attachment.id()), "delete " + attachment.name()
                    + " from " + attachment.caseId());
        } catch (CaseStoreException.NotFound alreadyGone) {
            // a repeated delete: the attachment is gone, which is what was asked
        }
    }

    /** An internal comment, written once: the key is its last line and is looked for among the issue's comments. */
    @Override
    public void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException {
        String marker = "[" + key.value() + "]";
        if (comments(caseId).stream().anyMatch(body -> body.contains(marker))) {
            return;
        }
        String body = text.strip() + "\n\n" + marker;
        String what = "add an internal comment to " + caseId;
        if (settings.comments() == CommentMode.SERVICE_DESK) {
            JsonNode answer = http.sendJson("POST", "rest/servicedeskapi/request/" + key(caseId) + "/comment",
                    json.createObjectNode().put("body", body).put("public", false), what);
            if (answer.path("public").asBoolean(true)) { // the one promise that must hold: never to the customer
                throw new CaseStoreException.Permanent("cannot " + what + ": Jira made the comment public");
            }
        } else {
            ObjectNode request = json.createObjectNode().put("body", body);
            request.putObject("visibility").put("type", "role").put("value", settings.restrictedRole());
            JsonNode answer = http.sendJson("POST", "rest/api/2/issue/" + key(caseId) + "/comment", request, what);
            if (!settings.restrictedRole().equals(answer.path("visibility").path("value").asText())) {
                throw new CaseStoreException.Permanent("cannot " + what + ": Jira did not restrict the comment to "
                        + "the role " + settings.restrictedRole());
            }
        }
    }

    /** The bodies of the issue's comments (internal ones included), every page. */
    private List<String> comments(CaseId caseId) throws CaseStoreException {
        List<String> bodies = new ArrayList<>();
        String what = "read the comments of " + caseId;
        if (settings.comments() == CommentMode.SERVICE_DESK) {
            for (int start = 0, more = 1; more == 1; ) {
                JsonNode page = http.getJson("rest/servicedeskapi/request/" + key(caseId) + "/comment?start=" + start
                        + "&limit=100", what);
                page.path("values").forEach(c -> bodies.add(c.path("body").asText("")));
                start += page.path("values").size();
                more = page.path("isLastPage").asBoolean(true) || page.path("values").isEmpty() ? 0 : 1;
            }
        } else {
            for (int startAt = 0, total = 1; startAt < total; ) {
                JsonNode page = http.getJson("rest/api/2/issue/" + key(caseId) + "/comment?startAt=" + startAt
                        + "&maxResults=100", what);
                page.path("comments").forEach(c -> bodies.add(c.path("body").asText("")));
                total = page.path("total").asInt(0);
                startAt += Math.max(1, page.path("comments").size());
            }
        }
        return bodies;
    }

    private List<AttachmentRef> attachmentsOf(CaseId caseId, JsonNode issue) {
        List<AttachmentRef> result = new ArrayList<>();
        for (JsonNode a : issue.path("fields").path("attachment")) {
            result.add(attachment(caseId, a));
        }
        return result;
    }

    /** HAR Warden's own uploads carry its mark: Jira keeps no description, and only its account uploads as it. */
    private AttachmentRef attachment(CaseId caseId, JsonNode a) {
        String author = a.path("author").path("accountId").asText(a.path("author").path("key").asText(""));
        String mark = !author.isEmpty() && author.equals(ownAccount) ? AttachmentRef.OUTPUT_MARK
                + "uploaded by HAR Warden's account" : "";
        return new AttachmentRef(caseId, a.path("id").asText(), a.path("filename").asText(), a.path("size").asLong(),
                time(a.path("created").asText("")), mark, author);
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text, JIRA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** Issue keys and attachment ids go into URL paths: only their documented shapes are accepted. */
    private static String key(CaseId caseId) throws CaseStoreException {
        if (!caseId.value().matches("[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}|[1-9][0-9]{0,18}")) {
            throw new CaseStoreException.NotFound("\"" + caseId + "\" is not a Jira issue key");
        }
        return caseId.value();
    }

    private static String number(String id) throws CaseStoreException {
        if (!id.matches("[1-9][0-9]{0,18}")) {
            throw new CaseStoreException.NotFound("\"" + id + "\" is not a Jira attachment id");
        }
        return id;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "Jira at " + http.base() + (settings.projects().isEmpty() ? "" : ", projects " + settings.projects());
    }
}
