package io.harwarden.exception.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The hash chain: each record's body is canonical JSON (keys in sorted order, no blanks, ASCII only) that names the
 * hash of the record before it, and its hash is the SHA-256 of that body. Editing, deleting, inserting or reordering
 * any record changes a hash that a later record, or the head, still names.
 */
public final class AuditChain {
    /** The "previous" hash of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final ObjectMapper READER = new ObjectMapper();

    private AuditChain() {
    }

    /** The record that follows {@code previous} (its hash) at place {@code seq}. */
    public static AuditRecord next(long seq, Instant at, AuditEntry entry, String previous) {
        Instant when = at.truncatedTo(ChronoUnit.MICROS); // what every database keeps
        String body = canonical(seq, when, entry, previous);
        return new AuditRecord(seq, when, entry, previous, sha256(body), body);
    }

    /** A stored record read back; its hash is the stored one, which {@link Verifier} checks against the body. */
    public static AuditRecord read(String body, String storedHash) {
        try {
            JsonNode n = READER.readTree(body);
            Map<String, String> details = new LinkedHashMap<>();
            n.path("details").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
            AuditEntry entry = new AuditEntry(AuditEvent.ofLabel(n.path("event").asText()), n.path("actor").asText(),
                    textOrNull(n.get("request")), textOrNull(n.get("case")), details);
            return new AuditRecord(n.path("seq").asLong(), Instant.parse(n.path("at").asText()), entry,
                    n.path("previous").asText(), storedHash, body);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an audit record", e);
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    static String canonical(long seq, Instant at, AuditEntry entry, String previous) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("actor", entry.actor());
            g.writeStringField("at", at.toString());
            g.writeStringField("case", entry.caseId());
            g.writeObjectFieldStart("details");
            for (Map.Entry<String, String> d : new java.util.TreeMap<>(entry.details()).entrySet()) {
                g.writeStringField(d.getKey(), d.getValue());
            }
            g.writeEndObject();
            g.writeStringField("event", entry.event().label());
            g.writeStringField("previous", previous);
            g.writeStringField("request", entry.requestId());
            g.writeNumberField("seq", seq);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String sha256(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks stored records in the order of their place, then the head that names the last one. Names the first
     * record found wrong; a record rewritten together with its own hash shows at the next record or at the head.
     */
    public static final class Verifier {
        private long expected = 1;
        private String previousHash = GENESIS;
        private AuditVerdict.Broken broken;

        /**
         * One stored row: its place, the request and case columns (kept beside the body for queries), body and hash.
         *
         * @return false once the chain is found broken (later rows need not be read)
         */
        public boolean accept(long seq, String requestColumn, String caseColumn, String body, String hash) {
            if (broken != null) {
                return false;
            }
            if (seq != expected) {
                return fail(expected, "record " + expected + (seq - expected > 1 ? " to " + (seq - 1) : "")
                        + " missing (deleted)"); // rows come in order of their unique place: only a gap is possible
            }
            if (!sha256(body).equals(hash)) {
                return fail(seq, "record " + seq + " was edited: its hash does not match its content");
            }
            AuditRecord record;
            try {
                record = read(body, hash);
            } catch (IllegalArgumentException e) {
                return fail(seq, "record " + seq + " is not an audit record");
            }
            if (record.seq() != seq) {
                return fail(seq, "record " + seq + " holds record " + record.seq() + " (records were moved)");
            }
            if (!record.previous().equals(previousHash)) {
                return fail(seq, "record " + seq + " does not follow record " + (seq - 1)
                        + " (one of them was rewritten, or records were removed or reordered)");
            }
            if (!Objects.equals(requestColumn, record.entry().requestId())
                    || !Objects.equals(caseColumn, record.entry().caseId())) {
                return fail(seq, "record " + seq + "'s request or case column was edited");
            }
            previousHash = hash;
            expected++;
            return true;
        }

        /**
         * The verdict once every row was given, against the head (the last place and hash the log wrote).
         *
         * @param headSeq null when the head row is gone
         */
        public AuditVerdict finish(Long headSeq, String headHash) {
            if (broken != null) {
                return broken;
            }
            long last = expected - 1;
            if (headSeq == null) {
                return new AuditVerdict.Broken(Math.max(last, 1), "the chain's head is missing (deleted)");
            }
            if (headSeq > last) {
                return new AuditVerdict.Broken(last + 1, "record " + (last + 1)
                        + (headSeq > last + 1 ? " to " + headSeq : "") + " missing (deleted at the end)");
            }
            if (headSeq < last) {
                return new AuditVerdict.Broken(headSeq + 1, "record " + (headSeq + 1)
                        + " was added outside the log (the head names record " + headSeq + ")");
            }
            if (!headHash.equals(previousHash)) {
                return new AuditVerdict.Broken(last, "record " + last + " was rewritten (the head names another hash)");
            }
            return new AuditVerdict.Intact(last, previousHash);
        }

        private boolean fail(long seq, String reason) {
            broken = new AuditVerdict.Broken(seq, reason);
            return false;
        }
    }
}
