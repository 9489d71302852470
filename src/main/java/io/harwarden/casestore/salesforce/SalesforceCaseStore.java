package io.harwarden.casestore.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import io.harwarden.casestore.CaseStore;
import io.harwarden.casestore.CaseStoreException;
import io.harwarden.casestore.Capability;
import io.harwarden.casestore.Lookback;
import io.harwarden.casestore.NoteKey;
import io.harwarden.casestore.Upload;
import io.harwarden.casestore.Uploaded;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Salesforce Service Cloud as a case store: a {@code Case} record is a case (its 18-character id), the Salesforce
 * Files linked to it are its attachments, each known by its {@code ContentDocument} id, its current
 * {@code ContentVersion} being the revision read. Copies are new files published on the case; the original's
 * document is deleted (to the org's recycle bin, or purged with {@code emptyRecycleBin} when configured); the note is
 * an internal case comment or an internal Chatter post.
 *
 * <p>Detection polls: the latest versions of files with a HAR-like extension created since the cursor, org-wide (the
 * integration user needs "Query All Files"), then their links to cases, directly or through an email of the case
 * (Email-to-Case keeps a mail's attachments as files of its {@code EmailMessage}).
 */
public final class SalesforceCaseStore implements CaseStore {
    static final DateTimeFormatter SOQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static final DateTimeFormatter API_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final String VERSION_FIELDS = "Id, ContentDocumentId, Title, PathOnClient, FileExtension, "
            + "ContentSize, Description, CreatedById, CreatedDate";
    private static final Pattern PURGE_FAILED = Pattern.compile("<statusCode>([A-Z_]{1,64})</statusCode>");
    /** The longest {@code Title} of a ContentVersion. */
    static final int MAX_TITLE = 255;

    /** Where the case note goes. */
    enum NoteKind {
        /** A {@code CaseComment} with {@code IsPublished=false}: agents see it, the customer does not. */
        CASE_COMMENT(4000),
        /** A Chatter {@code FeedItem} text post with {@code Visibility=InternalUsers}. */
        CHATTER(10_000);

        /** The longest note the object holds (CaseComment: bytes; FeedItem: characters, counted here as bytes). */
        final int maxBytes;

        NoteKind(int maxBytes) {
            this.maxBytes = maxBytes;
        }
    }

    /** The store's tunables, from the configuration. */
    record Settings(NoteKind note, boolean purge, List<String> extensions, Duration pollInterval, Duration lookback,
            long maxAttachmentBytes) {
    }

    private final SalesforceHttp http;
    private final ObjectMapper json;
    private final Settings settings;
    private final Clock clock;

    SalesforceCaseStore(SalesforceHttp http, ObjectMapper json, Settings settings, Clock clock) {
        this.http = http;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "salesforce";
    }

    @Override
    public String identity() {
        return "salesforce:" + http.home();
    }

    /** Deleted files stay in the recycle bin for a time, unless HAR Warden purges them. */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(settings.purge() ? Capability.TRUE_DELETE : Capability.RECYCLE_BIN, Capability.PRIVATE_NOTES,
                Capability.ATOMIC_UPLOADS);
    }

    @Override
    public Duration pollInterval() {
        return settings.pollInterval();
    }

    /** The integration user's id, as Salesforce writes it in {@code CreatedById}. */
    @Override
    public Optional<String> ownAccount() throws CaseStoreException {
        return Optional.of(http.token().userId());
    }

    @Override
    public List<AttachmentRef> attachments(CaseId caseId) throws CaseStoreException {
        String record = Soql.Id.CASE.checked(caseId.value());
        String what = "list the files of case " + caseId;
        List<String> documents = new ArrayList<>();
        for (JsonNode link : Soql.query(http, "SELECT ContentDocumentId FROM ContentDocumentLink WHERE "
                + "LinkedEntityId = '" + record + "'", what)) {
            documents.add(link.path("ContentDocumentId").asText());
        }
        List<String> emails = new ArrayList<>();
        for (JsonNode email : Soql.query(http, "SELECT Id FROM EmailMessage WHERE ParentId = '" + record + "'",
                what)) {
            emails.add(email.path("Id").asText());
        }
        for (String in : Soql.inLists(emails, Soql.Id.EMAIL)) {
            for (JsonNode link : Soql.query(http, "SELECT ContentDocumentId FROM ContentDocumentLink WHERE "
                    + "LinkedEntityId IN (" + in + ")", what)) {
                documents.add(link.path("ContentDocumentId").asText());
            }
        }
        List<AttachmentRef> found = new ArrayList<>();
        for (JsonNode version : latestVersions(documents, what)) {
            found.add(attachment(caseId, version));
        }
        return found;
    }

    /**
     * Files created (or given a new version) at or after {@code since}, within the look-back, with a HAR-like
     * extension, on any case. Salesforce compares {@code CreatedDate} in UTC to the second.
     */
    @Override
    public List<AttachmentRef> changedSince(Instant since) throws CaseStoreException {
        Instant now = clock.instant();
        Instant from = Lookback.start(since, now, settings.lookback());
        if (!from.isBefore(now)) { // a readiness probe asks for "now": one cheap call proves the credentials
            Soql.query(http, "SELECT Id FROM ContentVersion LIMIT 1", "reach the query API");
            return List.of();
        }
        String extensions = settings.extensions().stream().map(e -> "'" + e + "'").collect(Collectors.joining(","));
        List<JsonNode> versions = Soql.query(http, "SELECT " + VERSION_FIELDS + " FROM ContentVersion WHERE "
                + "IsLatest = true AND FileExtension IN (" + extensions + ") AND CreatedDate >= " + SOQL_TIME.format(
                        from.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)) + " ORDER BY CreatedDate",
                "list the new files");
        Map<String, JsonNode> byDocument = new LinkedHashMap<>();
        versions.forEach(v -> byDocument.put(v.path("ContentDocumentId").asText(), v));
        List<Link> links = new ArrayList<>();
        for (String in : Soql.inLists(new ArrayList<>(byDocument.keySet()), Soql.Id.DOCUMENT)) {
            for (JsonNode link : Soql.query(http, "SELECT ContentDocumentId, LinkedEntityId FROM ContentDocumentLink "
                    + "WHERE ContentDocumentId IN (" + in + ")", "find the cases of the new files")) {
                links.add(new Link(link.path("LinkedEntityId").asText(""), link.path("ContentDocumentId").asText()));
            }
        }
        Map<String, String> caseOf = casesOfEmails(links);
        List<AttachmentRef> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Link link : links) { // a case's own file, or its email's; links to users and libraries are no case's
            String caseId = Soql.Id.CASE.matches(link.entity()) ? link.entity() : caseOf.getOrDefault(link.entity(),
                    "");
            if (Soql.Id.CASE.matches(caseId) && seen.add(caseId + "/" + link.document())) {
                found.add(attachment(new CaseId(caseId), byDocument.get(link.document())));
            }
        }
        return found;
    }

    /** A file's link to a record. */
    private record Link(String entity, String document) {
    }

    /** The case of each email among the links: Email-to-Case keeps a mail's attachments as the email's files. */
    private Map<String, String> casesOfEmails(List<Link> links) throws CaseStoreException {
        List<String> emails = links.stream().map(Link::entity).filter(Soql.Id.EMAIL::matches).distinct().toList();
        Map<String, String> caseOf = new HashMap<>();
        for (String in : Soql.inLists(emails, Soql.Id.EMAIL)) {
            for (JsonNode email : Soql.query(http, "SELECT Id, ParentId FROM EmailMessage WHERE Id IN (" + in + ")",
                    "find the cases of the new files' emails")) {
                caseOf.put(email.path("Id").asText(), email.path("ParentId").asText(""));
            }
        }
        return caseOf;
    }

    @Override
    public InputStream open(AttachmentRef attachment) throws CaseStoreException {
        return http.download("sobjects/ContentVersion/" + Soql.Id.VERSION.checked(attachment.version())
                + "/VersionData", "download " + attachment.name() + " from " + attachment.caseId());
    }

    @Override
    public Uploaded upload(CaseId caseId, Upload upload, InputStream content) throws CaseStoreException {
        if (upload.length() > settings.maxAttachmentBytes()) {
            throw new CaseStoreException.Rejected(upload.name() + " is " + upload.length() + " bytes, over the org's "
                    + "file limit of " + settings.maxAttachmentBytes() + " bytes (harwarden.store.salesforce."
                    + "max-attachment-size)");
        }
        String record = Soql.Id.CASE.checked(caseId.value());
        ObjectNode entity = json.createObjectNode().put("Title", title(upload.name()))
                .put("PathOnClient", upload.name()).put("FirstPublishLocationId", record)
                .put("Description", upload.description().length() > 1000 ? upload.description().substring(0, 1000)
                        : upload.description());
        String what = "upload " + upload.name() + " to " + caseId;
        JsonNode created = http.postFile("sobjects/ContentVersion", entity, upload.name(), upload.contentType(),
                content, upload.length(), what);
        String id = created.path("id").asText("");
        if (!Soql.Id.VERSION.matches(id)) {
            throw new CaseStoreException.Transient("cannot " + what + ": Salesforce's answer named no file", null);
        }
        JsonNode version = http.getJson("sobjects/ContentVersion/" + id + "?fields=" + VERSION_FIELDS.replace(" ",
                ""), what);
        return new Uploaded(attachment(caseId, version), null);
    }

    /**
     * Deletes the original's document, every version and every link; then, when configured, purges it from the
     * recycle bin, also when a run before deleted it and stopped there. A document given a newer version since it was
     * read is not deleted yet: the older version would stay in its history, and the newer one is not yet encrypted; it
     * is deleted with that version's own turn, after which this one finds it gone.
     */
    @Override
    public void delete(AttachmentRef attachment) throws CaseStoreException {
        String document = Soql.Id.DOCUMENT.checked(attachment.id());
        String what = "delete " + attachment.name() + " from " + attachment.caseId();
        try {
            JsonNode current = http.getJson("sobjects/ContentDocument/" + document
                    + "?fields=Id,LatestPublishedVersionId", what);
            if (!current.path("LatestPublishedVersionId").asText("").equals(attachment.version())) {
                throw new CaseStoreException.Transient("cannot " + what + " yet: a newer version was uploaded after "
                        + "HAR Warden read it; the file is deleted, every version, once that version is processed",
                        null);
            }
            http.delete("sobjects/ContentDocument/" + document, what);
        } catch (CaseStoreException.NotFound alreadyGone) {
            // a repeated delete: the document is gone, which is what was asked
        }
        if (settings.purge()) {
            purge(document, what);
        }
    }

    /**
     * {@code emptyRecycleBin} of the SOAP API (REST has none). A per-id failure for want of permission is the
     * configuration's; any other one means the document is not in the recycle bin (purged before) ([belief]: the
     * codes are not documented per case). Faults the org lifts by itself are transient.
     */
    private void purge(String document, String what) throws CaseStoreException {
        String answer;
        try {
            answer = http.soap("<urn:emptyRecycleBin><urn:ids>" + document + "</urn:ids></urn:emptyRecycleBin>",
                    what + " (purge it from the recycle bin)");
        } catch (CaseStoreException.Permanent refused) {
            throw new CaseStoreException.Permanent(refused.getMessage() + "; give the integration user \"Modify All "
                    + "Data\" or set harwarden.store.salesforce.purge-deleted=false");
        }
        Matcher failed = PURGE_FAILED.matcher(answer);
        if (!answer.contains("<success>true</success>") && failed.find() && failed.group(1).matches(
                ".*(ACCESS|PERMISSION|PRIVILEGE).*")) {
            throw new CaseStoreException.Permanent("cannot " + what + ": Salesforce refused to purge it from the "
                    + "recycle bin (" + failed.group(1) + "); give the integration user \"Modify All Data\" or set "
                    + "harwarden.store.salesforce.purge-deleted=false");
        }
    }

    /** An internal note, written once: its key is its last line, looked for among HAR Warden's own notes. */
    @Override
    public void appendNote(CaseId caseId, NoteKey key, String text) throws CaseStoreException {
        String record = Soql.Id.CASE.checked(caseId.value());
        String marker = "[" + key.value() + "]";
        String own = http.token().userId();
        boolean comment = settings.note() == NoteKind.CASE_COMMENT;
        String soql = comment
                ? "SELECT Id, CommentBody FROM CaseComment WHERE ParentId = '" + record + "' AND IsPublished = false"
                        + " AND CreatedById = '" + own + "'"
                : "SELECT Id, Body FROM FeedItem WHERE ParentId = '" + record + "' AND CreatedById = '" + own + "'";
        for (JsonNode written : Soql.query(http, soql, "read the notes of " + caseId)) {
            if (written.path(comment ? "CommentBody" : "Body").asText("").contains(marker)) {
                return;
            }
        }
        String body = fit(text, marker, settings.note().maxBytes);
        ObjectNode note = json.createObjectNode().put("ParentId", record);
        if (comment) {
            note.put("CommentBody", body).put("IsPublished", false);
        } else {
            note.put("Body", body).put("Type", "TextPost").put("Visibility", "InternalUsers");
        }
        http.postJson(comment ? "sobjects/CaseComment" : "sobjects/FeedItem", note, "add a note to " + caseId);
    }

    /** The file name as a title Salesforce takes: at most {@value #MAX_TITLE} characters, its extension kept. */
    static String title(String name) {
        if (name.length() <= MAX_TITLE) {
            return name;
        }
        int dot = name.indexOf('.', Math.max(0, name.length() - 40));
        String tail = dot > 0 ? name.substring(dot) : "";
        return name.substring(0, MAX_TITLE - tail.length() - 1) + "…" + tail;
    }

    /**
     * The note with its marker, within {@code maxBytes} of UTF-8: whole lines dropped from its end (the triage comes
     * last) and a line saying so, when it is longer.
     */
    static String fit(String text, String marker, int maxBytes) {
        String whole = text.strip() + "\n\n" + marker;
        if (utf8(whole) <= maxBytes) {
            return whole;
        }
        String cut = "\n… (shortened to fit Salesforce's limit; `harwarden triage` on the sanitized copy shows the "
                + "rest)\n\n" + marker;
        List<String> lines = new ArrayList<>(List.of(text.strip().split("\n")));
        while (lines.size() > 1 && utf8(String.join("\n", lines) + cut) > maxBytes) {
            lines.remove(lines.size() - 1);
        }
        String kept = String.join("\n", lines);
        while (utf8(kept + cut) > maxBytes) { // one line alone too long: cut within it
            kept = kept.substring(0, kept.length() - Math.max(1, (utf8(kept + cut) - maxBytes) / 3));
        }
        return kept + cut;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The latest versions of {@code documents}, in creation order per query. */
    private List<JsonNode> latestVersions(List<String> documents, String what)
            throws CaseStoreException {
        List<JsonNode> versions = new ArrayList<>();
        for (String in : Soql.inLists(new ArrayList<>(new LinkedHashSet<>(documents)), Soql.Id.DOCUMENT)) {
            versions.addAll(Soql.query(http, "SELECT " + VERSION_FIELDS + " FROM ContentVersion WHERE IsLatest = true "
                    + "AND ContentDocumentId IN (" + in + ") ORDER BY CreatedDate", what));
        }
        return versions;
    }

    /** HAR Warden's own uploads carry its mark in their description; the pipeline also checks the creator. */
    private static AttachmentRef attachment(CaseId caseId, JsonNode v) {
        String path = v.path("PathOnClient").asText("");
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        if (name.isEmpty()) {
            String extension = v.path("FileExtension").asText("");
            name = v.path("Title").asText("") + (extension.isEmpty() ? "" : "." + extension);
        }
        return new AttachmentRef(caseId, v.path("ContentDocumentId").asText(), name, v.path("ContentSize").asLong(),
                time(v.path("CreatedDate").asText("")), v.path("Description").asText(""),
                v.path("CreatedById").asText(""), v.path("Id").asText());
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text, API_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    @Override
    public String toString() {
        return "Salesforce at " + http.home();
    }
}
