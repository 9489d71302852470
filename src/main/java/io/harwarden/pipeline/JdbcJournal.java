package io.harwarden.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harwarden.casestore.AttachmentRef;
import io.harwarden.casestore.CaseId;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The journal in a database: an embedded H2 file by default ({@code ./data/harwarden}), the same tables in PostgreSQL
 * when several replicas share the work; the schema is Flyway's ({@code db/migration}). Each job is one row holding its
 * record as JSON; HAR Warden's uploads are also listed by store, case, attachment id and revision, so its own outputs
 * are recognised by what it uploaded, not by their names. Plain SQL that both databases run: update, else insert, in
 * one transaction.
 */
@ApplicationScoped
public class JdbcJournal implements JobJournal {
    /** Store and revision of rows written before they were recorded; such a row matches any. */
    private static final String ANY = "";

    private final DataSource dataSource;
    private final ObjectMapper json;

    JdbcJournal(@JournalDatabase.Journal DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public Optional<Job> find(String jobId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT body FROM harwarden_jobs WHERE id = ?")) {
            q.setString(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(json.readValue(rs.getString(1), Job.class)) : Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new JournalException("cannot read job " + jobId, e);
        }
    }

    @Override
    public void save(Job job) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                upsertJob(c, job);
                for (Job.Output output : new Job.Output[] {job.sanitized(), job.encrypted()}) {
                    if (output != null && output.attachmentId() != null) {
                        recordOutput(c, job, output);
                    }
                }
                c.commit();
            } catch (SQLException | JsonProcessingException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new JournalException("cannot record job " + job.id(), e);
        }
    }

    @Override
    public boolean isOutput(String store, AttachmentRef attachment) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM harwarden_uploads WHERE store IN (?, ?) "
                    + "AND case_id = ? AND attachment_id = ? AND revision IN (?, ?)")) {
                q.setString(1, store);
                q.setString(2, ANY);
                q.setString(3, attachment.caseId().value());
                q.setString(4, attachment.id());
                q.setString(5, attachment.revision());
                q.setString(6, ANY);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT body FROM harwarden_jobs WHERE store IN (?, ?) "
                    + "AND case_id = ? AND step IN (?, ?, ?)")) {
                q.setString(1, store);
                q.setString(2, ANY);
                q.setString(3, attachment.caseId().value());
                q.setString(4, Step.READ.name());
                q.setString(5, Step.SANITIZED_UPLOADED.name());
                q.setString(6, Step.ENCRYPTED_UPLOADED.name());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Job job = json.readValue(rs.getString(1), Job.class);
                        if (plannedAs(job.sanitized(), attachment) || plannedAs(job.encrypted(), attachment)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (SQLException | JsonProcessingException e) {
            throw new JournalException("cannot read the journal", e);
        }
    }

    @Override
    public Optional<Job> latest(String store, CaseId caseId, String attachmentId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT body FROM harwarden_jobs WHERE store IN (?, ?) AND case_id = ? AND attachment_id = ? "
                        + "ORDER BY updated_at DESC")) {
            q.setString(1, store);
            q.setString(2, ANY);
            q.setString(3, caseId.value());
            q.setString(4, attachmentId);
            q.setMaxRows(1);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(json.readValue(rs.getString(1), Job.class)) : Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new JournalException("cannot read the journal", e);
        }
    }

    @Override
    public List<Job> unfinished(String store) {
        List<Job> jobs = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT body FROM harwarden_jobs WHERE store IN (?, ?) AND step NOT IN (?, ?) ORDER BY updated_at")) {
            q.setString(1, store);
            q.setString(2, ANY);
            q.setString(3, Step.DONE.name());
            q.setString(4, Step.ABANDONED.name());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    jobs.add(json.readValue(rs.getString(1), Job.class));
                }
            }
            return jobs;
        } catch (SQLException | JsonProcessingException e) {
            throw new JournalException("cannot read the unfinished jobs", e);
        }
    }

    @Override
    public Optional<Instant> detectionCursor(String store) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT position FROM harwarden_cursors WHERE store = ?")) {
            q.setString(1, store);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant())
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot read the detection cursor", e);
        }
    }

    @Override
    public void saveDetectionCursor(String store, Instant position) {
        OffsetDateTime at = position.atOffset(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement u = c.prepareStatement("UPDATE harwarden_cursors SET position = ? WHERE store = ?")) {
                u.setObject(1, at);
                u.setString(2, store);
                if (u.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement i = c.prepareStatement(
                    "INSERT INTO harwarden_cursors (store, position) VALUES (?, ?)")) {
                i.setString(1, store);
                i.setObject(2, at);
                i.executeUpdate();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot record the detection cursor", e);
        }
    }

    @Override
    public List<Job> ofCase(CaseId caseId, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT body FROM harwarden_jobs WHERE case_id = ? ORDER BY updated_at DESC, id")) {
            q.setString(1, caseId.value());
            q.setMaxRows(limit);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    jobs.add(json.readValue(rs.getString(1), Job.class));
                }
            }
            return jobs;
        } catch (SQLException | JsonProcessingException e) {
            throw new JournalException("cannot read the jobs of case " + caseId, e);
        }
    }

    @Override
    public void saveManifest(StoredManifest manifest) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement d = c.prepareStatement("DELETE FROM harwarden_manifests WHERE job_id = ?");
                    PreparedStatement i = c.prepareStatement("INSERT INTO harwarden_manifests "
                            + "(job_id, redactions, summary, manifest, marker_key, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                d.setString(1, manifest.jobId());
                d.executeUpdate();
                i.setString(1, manifest.jobId());
                i.setLong(2, manifest.redactions());
                i.setString(3, json.writeValueAsString(Map.of("byCategory", manifest.byCategory(),
                        "expiredJwts", manifest.expiredJwts(), "entries", manifest.entries())));
                i.setString(4, Base64.getEncoder().encodeToString(manifest.manifestGzip()));
                i.setString(5, Base64.getEncoder().encodeToString(manifest.markerKey()));
                i.setObject(6, manifest.createdAt().atOffset(ZoneOffset.UTC));
                i.executeUpdate();
                c.commit();
            } catch (SQLException | JsonProcessingException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new JournalException("cannot record the manifest of job " + manifest.jobId(), e);
        }
    }

    @Override
    public Optional<StoredManifest> manifest(String jobId) {
        return manifest(jobId, "manifest, marker_key");
    }

    @Override
    public Optional<StoredManifest> manifestCounts(String jobId) {
        return manifest(jobId, "'', ''");
    }

    private Optional<StoredManifest> manifest(String jobId, String content) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("SELECT redactions, "
                + "summary, " + content + ", created_at FROM harwarden_manifests WHERE job_id = ?")) {
            q.setString(1, jobId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                var summary = json.readTree(rs.getString(2));
                Map<String, Long> byCategory = new TreeMap<>();
                summary.path("byCategory").fields().forEachRemaining(e -> byCategory.put(e.getKey(),
                        e.getValue().asLong()));
                byte[] manifest = Base64.getDecoder().decode(rs.getString(3));
                return Optional.of(new StoredManifest(jobId, rs.getLong(1), byCategory,
                        summary.path("expiredJwts").asLong(), summary.path("entries").asInt(),
                        manifest.length == 0 ? StoredManifest.none(jobId).manifestGzip() : manifest,
                        Base64.getDecoder().decode(rs.getString(4)),
                        rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new JournalException("cannot read the manifest of job " + jobId, e);
        }
    }

    /** An output not yet recorded as uploaded that the attachment could be: its name (or "name (n)") and size. */
    private static boolean plannedAs(Job.Output output, AttachmentRef attachment) {
        return output != null && output.attachmentId() == null && output.size() == attachment.size()
                && (attachment.name().equals(output.name()) || attachment.name().startsWith(output.name() + " ("));
    }

    private void upsertJob(Connection c, Job job) throws SQLException, JsonProcessingException {
        String body = json.writeValueAsString(job);
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE harwarden_jobs SET step = ?, body = ?, updated_at = ? WHERE id = ?")) {
            u.setString(1, job.step().name());
            u.setString(2, body);
            u.setTimestamp(3, now);
            u.setString(4, job.id());
            if (u.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement i = c.prepareStatement(
                "INSERT INTO harwarden_jobs (id, store, case_id, attachment_id, step, body, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            i.setString(1, job.id());
            i.setString(2, job.store());
            i.setString(3, job.original().caseId().value());
            i.setString(4, job.original().id());
            i.setString(5, job.step().name());
            i.setString(6, body);
            i.setTimestamp(7, now);
            i.executeUpdate();
        }
    }

    private static void recordOutput(Connection c, Job job, Job.Output output) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM harwarden_uploads WHERE store = ? "
                + "AND case_id = ? AND attachment_id = ? AND revision = ?")) {
            q.setString(1, job.store());
            q.setString(2, job.original().caseId().value());
            q.setString(3, output.attachmentId());
            q.setString(4, output.revision());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO harwarden_uploads "
                + "(store, case_id, attachment_id, revision, job_id) VALUES (?, ?, ?, ?, ?)")) {
            i.setString(1, job.store());
            i.setString(2, job.original().caseId().value());
            i.setString(3, output.attachmentId());
            i.setString(4, output.revision());
            i.setString(5, job.id());
            i.executeUpdate();
        }
    }

    /** The journal cannot be read or written: the step is not recorded, so the caller must not go on. */
    public static final class JournalException extends RuntimeException {
        JournalException(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
