package io.harwarden.casestore.redmine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.Capability;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Redmine as a case store: an issue is a case, its attachments are the files. Detection polls {@code issues.json}
 * for issues updated since a time, with their attachments, page by page (newest first, so that an issue updated
 * while paging moves to a page already read and is seen twice rather than missed). Uploads go through
 * {@code uploads.json} and are attached by token with a description that marks HAR Warden's outputs; Redmine's token
 * carries the SHA-256 of what it stored, which verifies the upload without reading it back. Notes are private.
 */
public final class RedmineCaseStore implements CaseStore {
    /** Redmine caps a page at 100 issues. */
    static final int PAGE = 100;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final RedmineHttp http;
    private final List<String> projects;
    private final Duration pollInterval;
    private final ObjectMapper json;
    private volatile String ownAccount;

    RedmineCaseStore(RedmineHttp http, List<String> projects, Duration pollInterval, ObjectMapper json) {
        this.http = http;
        this.projects = List.copyOf(projects);
        this.pollInterval = pollInterval;
        this.json = json;
    }

    @Override
    public String type() {
        return "redmine";
    }

    @Override
    public String identity() {
        return "redmine:" + http.base();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.TRUE_DELETE, Capability.PRIVATE_NOTES, Capability.REPORTS_SHA256,
                Capability.ATOMIC_UPLOADS);
    }

    /** The id of the user the API key belongs to (asked at the first scan and again at every scan). */
    @Override
    public Optional<String> ownAccount() throws CaseStoreException {
        return Optional.of(ownAccount != null ? ownAccount : identify());
    }

    /**
     * Asks Redmine whose the API key is. Redmine answers a wrong key on a public project as if nobody had logged in,
     * so without this a revoked key would look like a quiet Redmine; {@code users/current.json} says 401.
     */
    private String identify() throws CaseStoreException {
        String id = http.getJson("users/current.json", "identify the account of the API key").path("user")
                .path("id").asText("");
        if (id.isEmpty()) {
            throw new CaseStoreException.Permanent("Redmine did not name the account of the API key");
        }
        ownAccount = id;
        return id;
    }

    @Override
    public Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException {
        JsonNode issue = http.getJson("issues/" + issueNumber(caseId) + ".json?include=attachments",
                "read issue #" + caseId).path("issue");
        return attachmentsOf(caseId, issue);
    }

    /** Issues updated at or after {@code since} (to the second, rounded down) in the watched projects. */
    @Override
    public List<AttachmentRef> changedSince(Instant since) throws CaseStoreException {
        identify();
        List<AttachmentRef> found = new ArrayList<>();
        String filter = "status_id=*&sort=updated_on:desc&include=attachments&updated_on="
                + encode(">=" + since.truncatedTo(ChronoUnit.SECONDS));
        for (String project : projects.isEmpty() ? List.of("") : projects) {
            String scope = project.isEmpty() ? "" : "&project_id=" + encode(project);
            for (int offset = 0, total = 1; offset < total; offset += PAGE) {
                JsonNode page = http.getJson("issues.json?" + filter + scope + "&limit=" + PAGE + "&offset=" + offset,
                        "list issues" + (project.isEmpty() ? "" : " of project " + project));
                for (JsonNode issue : page.path("issues")) {
                    found.addAll(attachmentsOf(new CaseId(issue.path("id").asText()), issue));
                }
                total = page.path("total_count").asInt(0);
                if (page.path("issues").isEmpty()) {
                    break; // issues went away while paging: the count is stale
                }
            }
        }
        return found;
    }

    @Override
    public InputStream open(AttachmentRef attachment) throws CaseStoreException {
        String path = "attachments/download/" + attachmentNumber(attachment.id()) + "/" + encodePath(attachment.name());
        return http.download(path, "download " + attachment.name() + " from issue #" + attachment.caseId());
    }

    /** Uploads the bytes, then attaches them to the issue by token; Redmine's token names the stored SHA-256. */
    @Override
    public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
        String what = "upload " + upload.name() + " to issue #" + caseId;
        JsonNode answer = http.postOctets("uploads.json?filename=" + encode(upload.name()), content, upload.length(),
                what).path("upload");
        String token = answer.path("token").asText("");
        String id = answer.path("id").asText("");
        if (token.isEmpty() || id.isEmpty()) {
            throw new CaseStoreException.Transient("cannot " + what + ": Redmine gave no upload token", null);
        }
        ObjectNode file = json.createObjectNode().put("token", token).put("filename", upload.name())
                .put("content_type", upload.contentType()).put("description", upload.description());
        ObjectNode body = json.createObjectNode();
        body.putObject("issue").putArray("uploads").add(file);
        http.sendJson("PUT", "issues/" + issueNumber(caseId) + ".json", body, "attach " + upload.name()
                + " to issue #" + caseId);
        JsonNode stored = http.getJson("attachments/" + attachmentNumber(id) + ".json", "read attachment "
                + upload.name()).path("attachment");
        String digest = token.substring(token.indexOf('.') + 1);
        return new Uploaded(attachment(caseId, stored), SHA256.matcher(digest).matches() ? digest : null);
    }

    /**
     * Deletes the attachment if its id still holds the same upload: Redmine never reuses an id, except after its
     * database was restored from a backup, when a new upload can get an id HAR Warden has seen before.
     */
    @Override
    public void delete(AttachmentRef attachment) throws CaseStoreException {
        try {
            JsonNode stored = http.getJson("attachments/" + attachmentNumber(attachment.id()) + ".json",
                    "read attachment " + attachment.name()).path("attachment");
            if (!attachment(attachment.caseId(), stored).revision().equals(attachment.revision())) {
                return; // another upload now has this id: it is not the one that was read
            }
            http.delete("attachments/" + attachmentNumber(attachment.id()) + ".json", "delete " + attachment.name()
                    + " from issue #" + attachment.caseId());
        } catch (CaseStoreException.NotFound alreadyGone) {
            // a repeated delete: the attachment is gone, which is what was asked
        }
    }

    /** A private note, written once: the key is the note's last line and is looked for among the issue's notes. */
    @Override
    public void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException {
        String marker = "[" + key.value() + "]";
        JsonNode journals = http.getJson("issues/" + issueNumber(caseId) + ".json?include=journals",
                "read the notes of issue #" + caseId).path("issue").path("journals");
        for (JsonNode journal : journals) {
            if (journal.path("notes").asText("").contains(marker)) {
                return;
            }
        }
        ObjectNode body = json.createObjectNode();
        body.putObject("issue").put("notes", text.strip() + "\n\n" + marker).put("private_notes", true);
        http.sendJson("PUT", "issues/" + issueNumber(caseId) + ".json", body, "add a note to issue #" + caseId);
    }

    private List<AttachmentRef> attachmentsOf(CaseId caseId, JsonNode issue) {
        List<AttachmentRef> result = new ArrayList<>();
        for (JsonNode a : issue.path("attachments")) {
            result.add(attachment(caseId, a));
        }
        return result;
    }

    private static AttachmentRef attachment(CaseId caseId, JsonNode a) {
        return new AttachmentRef(caseId, a.path("id").asText(), a.path("filename").asText(),
                a.path("filesize").asLong(), parseTime(a.path("created_on").asText(null)),
                a.path("description").asText(""), a.path("author").path("id").asText(""));
    }

    private static Instant parseTime(String text) {
        return text == null ? Instant.EPOCH : Instant.parse(text);
    }

    /** Case and attachment ids go into URL paths: only Redmine's numeric ids are accepted. */
    private static String issueNumber(CaseId caseId) throws CaseStoreException {
        return number(caseId.value(), "issue");
    }

    private static String attachmentNumber(String id) throws CaseStoreException {
        return number(id, "attachment");
    }

    private static String number(String id, String kind) throws CaseStoreException {
        if (!id.matches("[1-9][0-9]{0,18}")) {
            throw new CaseStoreException.NotFound("\"" + id + "\" is not a Redmine " + kind + " number");
        }
        return id;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String encodePath(String segment) {
        return encode(segment).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "Redmine at " + http.base() + (projects.isEmpty() ? "" : ", projects " + projects);
    }
}
