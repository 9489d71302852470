package io.harwarden.casestore.zendesk;

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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Zendesk Support as a case store: a ticket is a case, the files attached to its comments are its attachments (an
 * attachment's id here is {@code <comment id>-<attachment id>}, since removing one needs both). Zendesk cannot delete
 * an attachment: the original is <em>redacted</em>, which leaves an empty {@code redacted.txt} in its place (comment
 * redaction by default, which also works on closed tickets). Each copy is uploaded and attached to the ticket in its
 * own private comment, whose body carries HAR Warden's mark, before the next step runs: a copy is on the ticket
 * before the original is touched, whatever happens to this process. The note is one more private comment.
 *
 * <p>Detection: the incremental ticket events (the tickets whose comments gained files since the cursor, read again
 * through the comments API), and the event webhook ({@link ZendeskWebhook}) for at once.
 */
public final class ZendeskCaseStore implements CaseStore {
    /**
     * Zendesk leaves the last minute out of the incremental exports (and refuses a start time that recent); the
     * detector's overlap, minutes, covers it at the next poll.
     */
    static final Duration EVENT_LAG = Duration.ofSeconds(60);
    /** What Zendesk names a redacted attachment. */
    static final String REDACTED_NAME = "redacted.txt";

    /** How the original is removed. */
    public enum Redaction {
        /** {@code PUT /api/v2/comment_redactions/{comment}}: Agent Workspace; also on closed and archived tickets. */
        COMMENT,
        /** {@code PUT /api/v2/tickets/{t}/comments/{c}/attachments/{a}/redact}: fails on closed tickets. */
        ATTACHMENT
    }

    private final ZendeskHttp http;
    private final ObjectMapper json;
    private final Duration pollInterval;
    private final Duration lookback;
    private final long maxAttachmentBytes;
    private final Redaction redaction;
    private final Optional<InboundWebhook> webhook;
    private final Clock clock;
    private volatile String ownAccount;

    ZendeskCaseStore(ZendeskHttp http, ObjectMapper json, Settings settings, Optional<InboundWebhook> webhook,
            Clock clock) {
        this.http = http;
        this.json = json;
        this.pollInterval = settings.pollInterval();
        this.lookback = settings.lookback();
        this.maxAttachmentBytes = settings.maxAttachmentBytes();
        this.redaction = settings.redaction();
        this.webhook = webhook;
        this.clock = clock;
    }

    /** The store's tunables, from the configuration. */
    record Settings(Duration pollInterval, Duration lookback, long maxAttachmentBytes, Redaction redaction) {
    }

    @Override
    public String type() {
        return "zendesk";
    }

    @Override
    public String identity() {
        return "zendesk:" + http.base();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.REDACT_ONLY, Capability.PRIVATE_NOTES, Capability.ATOMIC_UPLOADS);
    }

    @Override
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public Optional<InboundWebhook> webhook() {
        return webhook;
    }

    /** The id of the account the credentials belong to, asked at every poll (a revoked token shows at once). */
    @Override
    public Optional<String> ownAccount() throws CaseStoreException {
        return Optional.of(ownAccount != null ? ownAccount : identify());
    }

    /** Zendesk answers {@code users/me} for wrong credentials with an anonymous user (no id), not always 401. */
    private String identify() throws CaseStoreException {
        JsonNode user = http.getJson("api/v2/users/me.json", "identify the account of the credentials").path("user");
        String id = user.path("id").asText("");
        if (id.isEmpty() || "null".equals(id)) {
            throw new CaseStoreException.Permanent("Zendesk did not recognise the credentials (users/me is "
                    + "anonymous); check harwarden.store.zendesk.email and api-token, or oauth-token");
        }
        ownAccount = id;
        return id;
    }

    @Override
    public List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException {
        List<AttachmentRef> found = new ArrayList<>();
        for (JsonNode comment : comments(caseId)) {
            for (JsonNode a : comment.path("attachments")) {
                found.add(attachment(caseId, comment, a));
            }
        }
        return found;
    }

    /** A ticket's comments, oldest first, every page (cursor paging, 100 a page). */
    private List<JsonNode> comments(CaseId caseId) throws CaseStoreException {
        List<JsonNode> all = new ArrayList<>();
        String next = "api/v2/tickets/" + ticket(caseId) + "/comments.json?include_inline_images=false"
                + "&page%5Bsize%5D=100";
        while (next != null) {
            JsonNode page = http.getJson(next, "read the comments of ticket #" + caseId);
            page.path("comments").forEach(all::add);
            boolean more = page.path("meta").path("has_more").asBoolean(false);
            String link = page.path("links").path("next").asText("");
            next = more && !link.isEmpty() ? link : null;
        }
        return all;
    }

    /**
     * The tickets whose comments gained files since {@code since} (within the look-back), from the incremental
     * ticket events, each read again through the comments API for what it holds now. Zendesk leaves the last minute
     * out of these events; the webhook covers it, and the detector's overlap the rest.
     */
    @Override
    public List<AttachmentRef> changedSince(Instant since) throws CaseStoreException {
        identify();
        Instant now = clock.instant();
        if (since.isAfter(now.minus(EVENT_LAG))) {
            return List.of(); // nothing Zendesk would list yet (a readiness probe asks for "now"): no export call
        }
        long start = Lookback.start(since, now, lookback).getEpochSecond();
        Set<String> tickets = new LinkedHashSet<>();
        String next = "api/v2/incremental/ticket_events.json?start_time=" + start + "&include=comment_events";
        while (next != null) {
            JsonNode page = http.getJson(next, "read the incremental ticket events");
            for (JsonNode event : page.path("ticket_events")) {
                for (JsonNode child : event.path("child_events")) {
                    if ("Comment".equals(child.path("event_type").asText()) && !child.path("attachments").isEmpty()) {
                        tickets.add(event.path("ticket_id").asText());
                    }
                }
            }
            String link = page.path("next_page").asText("");
            next = page.path("end_of_stream").asBoolean(true) || link.isEmpty() ? null : link;
        }
        List<AttachmentRef> found = new ArrayList<>();
        for (String ticket : tickets) {
            try {
                found.addAll(attachments(new CaseId(ticket)));
            } catch (CaseStoreException.NotFound deleted) {
                // the ticket was deleted since the event
            }
        }
        return found;
    }

    @Override
    public InputStream open(AttachmentRef attachment) throws CaseStoreException {
        JsonNode a = metadata(attachment);
        if (isRedacted(a)) {
            throw new CaseStoreException.NotFound("attachment " + attachment.name() + " on ticket #"
                    + attachment.caseId() + " was redacted");
        }
        return http.download(URI.create(a.path("content_url").asText()), "download " + attachment.name()
                + " from ticket #" + attachment.caseId());
    }

    /**
     * Uploads the file, then attaches it to the ticket in a private comment whose body is the upload's description
     * (HAR Warden's mark). Checked against the attachment size limit first: Zendesk would take the bytes and refuse
     * them only at the end.
     */
    @Override
    public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
        if (upload.length() > maxAttachmentBytes) {
            throw new CaseStoreException.Rejected(upload.name() + " is " + upload.length() + " bytes, over Zendesk's "
                    + "attachment limit of " + maxAttachmentBytes + " bytes (harwarden.store.zendesk."
                    + "max-attachment-size)");
        }
        String what = "upload " + upload.name() + " to ticket #" + caseId;
        JsonNode answer = http.postBytes("api/v2/uploads.json?filename=" + encode(upload.name()),
                upload.contentType(), content, upload.length(), what).path("upload");
        String token = answer.path("token").asText("");
        if (token.isEmpty()) {
            throw new CaseStoreException.Transient("cannot " + what + ": Zendesk gave no upload token", null);
        }
        JsonNode comment = addComment(caseId, upload.description(), token, "attach " + upload.name()
                + " to ticket #" + caseId);
        for (JsonNode a : comment.path("attachments")) {
            if (upload.name().equals(a.path("file_name").asText())) {
                return new Uploaded(attachment(caseId, comment, a), null);
            }
        }
        throw new CaseStoreException.Transient("cannot " + what + ": Zendesk's comment did not list the file", null);
    }

    /**
     * Redacts the attachment (see {@link Redaction}). One already redacted, or gone with its ticket, counts as done.
     */
    @Override
    public void delete(AttachmentRef attachment) throws CaseStoreException {
        String[] ids = ids(attachment.id());
        String what = "redact " + attachment.name() + " on ticket #" + attachment.caseId();
        try {
            JsonNode a = metadata(attachment);
            if (isRedacted(a)) {
                return;
            }
            String ticket = ticket(attachment.caseId());
            if (redaction == Redaction.COMMENT) {
                ObjectNode body = json.createObjectNode().put("ticket_id", Long.parseLong(ticket));
                body.putArray("external_attachment_urls").add(a.path("content_url").asText());
                http.sendJson("PUT", "api/v2/comment_redactions/" + ids[0] + ".json", body, what);
            } else {
                http.sendJson("PUT", "api/v2/tickets/" + ticket + "/comments/" + ids[0] + "/attachments/" + ids[1]
                        + "/redact.json", json.createObjectNode(), what);
            }
        } catch (CaseStoreException.NotFound alreadyGone) {
            // the attachment or its ticket is gone, which is what was asked
        }
    }

    /** A private comment, written once: the key is its last line and is looked for among the ticket's comments. */
    @Override
    public void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException {
        String marker = "[" + key.value() + "]";
        for (JsonNode comment : comments(caseId)) {
            if (comment.path("body").asText("").contains(marker)) {
                return;
            }
        }
        addComment(caseId, text.strip() + "\n\n" + marker, null, "add a note to ticket #" + caseId);
    }

    /** Adds a private comment (with the files of {@code token}, if any); returns the comment from the audit. */
    private JsonNode addComment(CaseId caseId, String body, String token, String what) throws CaseStoreException {
        ObjectNode request = json.createObjectNode();
        ObjectNode comment = request.putObject("ticket").putObject("comment").put("body", body).put("public", false);
        if (token != null) {
            comment.putArray("uploads").add(token);
        }
        JsonNode answer = http.sendJson("PUT", "api/v2/tickets/" + ticket(caseId) + ".json", request, what);
        for (JsonNode event : answer.path("audit").path("events")) {
            if ("Comment".equals(event.path("type").asText())) {
                if (event.path("public").asBoolean(true)) { // the one promise that must hold: never to the customer
                    throw new CaseStoreException.Permanent("cannot " + what + ": Zendesk made the comment public");
                }
                return event;
            }
        }
        return json.createObjectNode();
    }

    private JsonNode metadata(AttachmentRef attachment) throws CaseStoreException {
        return http.getJson("api/v2/attachments/" + ids(attachment.id())[1] + ".json", "read attachment "
                + attachment.name() + " of ticket #" + attachment.caseId()).path("attachment");
    }

    private static boolean isRedacted(JsonNode a) {
        return a.path("deleted").asBoolean(false) || REDACTED_NAME.equals(a.path("file_name").asText());
    }

    private static AttachmentRef attachment(CaseId caseId, JsonNode comment, JsonNode a) {
        String created = comment.path("created_at").asText("");
        return new AttachmentRef(caseId, comment.path("id").asText() + "-" + a.path("id").asText(),
                a.path("file_name").asText(), a.path("size").asLong(),
                created.isEmpty() ? Instant.EPOCH : Instant.parse(created), comment.path("body").asText(""),
                comment.path("author_id").asText(""));
    }

    /** Ticket, comment and attachment ids go into URL paths: only Zendesk's numeric ids are accepted. */
    private static String ticket(CaseId caseId) throws CaseStoreException {
        if (!caseId.value().matches("[1-9][0-9]{0,18}")) {
            throw new CaseStoreException.NotFound("\"" + caseId + "\" is not a Zendesk ticket number");
        }
        return caseId.value();
    }

    private static String[] ids(String id) throws CaseStoreException {
        if (!id.matches("[1-9][0-9]{0,18}-[1-9][0-9]{0,18}")) {
            throw new CaseStoreException.NotFound("\"" + id + "\" is not a Zendesk comment-attachment id");
        }
        return id.split("-");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Zendesk at " + http.base();
    }
}
