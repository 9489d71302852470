package io.harwarden.casestore.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ServiceNow as a case store: a record of a watched table ({@code sn_customerservice_case}, {@code incident}) is a
 * case, its id {@code <table>:<sys_id>}; its attachments are the files. Copies go through the Attachment API, the
 * original is deleted, and the note is a <em>work note</em> ({@code work_notes}, agents only), never
 * {@code comments}, which the customer sees. ServiceNow keeps no description on an attachment: HAR Warden's outputs
 * are told by their creator, its integration user, besides the journal.
 *
 * <p>Detection: the Attachment API queried for files created on the watched tables since the cursor
 * ({@code sys_created_on}, UTC), paged by offset; and a business rule's REST message ({@link ServiceNowWebhook}).
 */
public final class ServiceNowCaseStore implements CaseStore {
    private static final DateTimeFormatter GLIDE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final int PAGE = 100;

    /** The store's tunables, from the configuration. */
    record Settings(List<String> tables, String user, Duration pollInterval, Duration lookback,
            long maxAttachmentBytes) {
    }

    private final ServiceNowHttp http;
    private final ObjectMapper json;
    private final Settings settings;
    private final Optional<InboundWebhook> webhook;
    private final Clock clock;

    ServiceNowCaseStore(ServiceNowHttp http, ObjectMapper json, Settings settings, Optional<InboundWebhook> webhook,
            Clock clock) {
        this.http = http;
        this.json = json;
        this.settings = settings;
        this.webhook = webhook;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "servicenow";
    }

    @Override
    public String identity() {
        return "servicenow:" + http.base();
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

    /** The integration user's name, as ServiceNow writes it in {@code sys_created_by}. */
    @Override
    public Optional<String> ownAccount() {
        return Optional.of(settings.user());
    }

    @Override
    public List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException {
        String[] record = record(caseId);
        return query("table_name=" + record[0] + "^table_sys_id=" + record[1] + "^ORDERBYsys_created_on",
                "list the attachments of " + caseId);
    }

    /**
     * Files created on the watched tables at or after {@code since} (within the look-back). ServiceNow's encoded
     * query compares {@code sys_created_on} in UTC, its stored form ([belief]: the REST API's own values are UTC).
     */
    @Override
    public List<AttachmentRef> changedSince(Instant since) throws CaseStoreException {
        Instant now = clock.instant();
        Instant from = Lookback.start(since, now, settings.lookback());
        if (!from.isBefore(now)) { // a readiness probe asks for "now": one cheap call proves the credentials
            http.getJson("api/now/attachment?sysparm_limit=1&sysparm_fields=sys_id", "reach the Attachment API");
            return List.of();
        }
        String time = GLIDE_TIME.format(LocalDateTime.ofInstant(from, ZoneOffset.UTC));
        return query("table_nameIN" + String.join(",", settings.tables()) + "^sys_created_on>="
                + "javascript:gs.dateGenerate('" + time.substring(0, 10) + "','" + time.substring(11) + "')"
                + "^ORDERBYsys_created_on", "list the new attachments");
    }

    /**
     * Every page of an Attachment API query, following the {@code Link} header's next page for as long as there is
     * one: its offset is the instance's (which may cap the page below the limit asked), and a short page is not the
     * last, since ServiceNow drops the rows an ACL hides after it has cut the page.
     */
    private List<AttachmentRef> query(String sysparmQuery, String what) throws CaseStoreException {
        List<AttachmentRef> found = new ArrayList<>();
        String next = "api/now/attachment?sysparm_query=" + encode(sysparmQuery) + "&sysparm_limit=" + PAGE
                + "&sysparm_offset=0";
        for (int pages = 0; next != null; pages++) {
            if (pages > 10_000) {
                throw new CaseStoreException.Transient("cannot " + what + ": ServiceNow's pages do not end", null);
            }
            var page = http.getJson(next, what);
            page.body().path("result").forEach(a -> found.add(attachment(a)));
            next = nextLink(page.link());
        }
        return found;
    }

    /** The URL of {@code rel="next"} in a {@code Link} header, or null. */
    static String nextLink(String header) {
        for (String link : header.split(",")) {
            int open = link.indexOf('<');
            int close = link.indexOf('>');
            if (open >= 0 && close > open && link.substring(close).replace(" ", "").contains("rel=\"next\"")) {
                return link.substring(open + 1, close).strip();
            }
        }
        return null;
    }

    @Override
    public InputStream open(AttachmentRef attachment) throws CaseStoreException {
        return http.download("api/now/attachment/" + sysId(attachment.id()) + "/file", "download "
                + attachment.name() + " from " + attachment.caseId());
    }

    @Override
    public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
        if (upload.length() > settings.maxAttachmentBytes()) {
            throw new CaseStoreException.Rejected(upload.name() + " is " + upload.length() + " bytes, over the "
                    + "instance's attachment limit of " + settings.maxAttachmentBytes() + " bytes (harwarden.store."
                    + "servicenow.max-attachment-size)");
        }
        String[] record = record(caseId);
        JsonNode answer = http.postFile("api/now/attachment/file?table_name=" + record[0] + "&table_sys_id="
                + record[1] + "&file_name=" + encode(upload.name()), upload.contentType(), content, upload.length(),
                "upload " + upload.name() + " to " + caseId).path("result");
        if (answer.path("sys_id").asText("").isEmpty()) {
            throw new CaseStoreException.Transient("cannot upload " + upload.name() + " to " + caseId
                    + ": ServiceNow's answer named no attachment", null);
        }
        return new Uploaded(attachment(answer), null);
    }

    @Override
    public void delete(AttachmentRef attachment) throws CaseStoreException {
        try {
            http.delete("api/now/attachment/" + sysId(attachment.id()), "delete " + attachment.name() + " from "
                    + attachment.caseId());
        } catch (CaseStoreException.NotFound alreadyGone) {
            // a repeated delete: the attachment is gone, which is what was asked
        }
    }

    /** A work note, written once: the key is its last line and is looked for among the record's work notes. */
    @Override
    public void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException {
        String[] record = record(caseId);
        String marker = "[" + key.value() + "]";
        var written = http.getJson("api/now/table/sys_journal_field?sysparm_query=" + encode("element_id="
                + record[1] + "^element=work_notes^valueLIKE" + marker) + "&sysparm_fields=sys_id&sysparm_limit=1",
                "read the work notes of " + caseId);
        if (!written.body().path("result").isEmpty()) {
            return;
        }
        http.sendJson("PATCH", "api/now/table/" + record[0] + "/" + record[1] + "?sysparm_fields=sys_id",
                json.createObjectNode().put("work_notes", text.strip() + "\n\n" + marker),
                "add a work note to " + caseId);
    }

    /** HAR Warden's own uploads carry its mark: ServiceNow keeps no description, and only it signs in as its user. */
    private AttachmentRef attachment(JsonNode a) {
        String creator = a.path("sys_created_by").asText("");
        String mark = creator.equals(settings.user()) ? AttachmentRef.OUTPUT_MARK + "created by HAR Warden's user"
                : "";
        return new AttachmentRef(new CaseId(a.path("table_name").asText() + ":" + a.path("table_sys_id").asText()),
                a.path("sys_id").asText(), a.path("file_name").asText(), a.path("size_bytes").asLong(),
                time(a.path("sys_created_on").asText("")), mark, creator);
    }

    private static Instant time(String text) {
        try {
            return LocalDateTime.parse(text, GLIDE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** {@code <table>:<sys_id>}, each checked: they go into URL paths and queries. */
    private String[] record(CaseId caseId) throws CaseStoreException {
        String[] parts = caseId.value().split(":", 2);
        if (parts.length != 2 || !settings.tables().contains(parts[0]) || !parts[1].matches("[0-9a-f]{32}")) {
            throw new CaseStoreException.NotFound("\"" + caseId + "\" is not a record of a watched ServiceNow table");
        }
        return parts;
    }

    private static String sysId(String id) throws CaseStoreException {
        if (!id.matches("[0-9a-f]{32}")) {
            throw new CaseStoreException.NotFound("\"" + id + "\" is not a ServiceNow sys_id");
        }
        return id;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "ServiceNow at " + http.base() + ", tables " + settings.tables();
    }
}
